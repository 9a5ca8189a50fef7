/**
 * The CDNOW sample (shared/datasets/cdnow) as a Segmenta workspace: customers are the sample ids,
 * every row of CDNOW_sample.txt a purchase (at midnight UTC of its day, amount = dollars), with an
 * event id so that two identical rows of one day stay two purchases.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoreKind } from '../support/stores.js';
import { DATASETS, load, open, workspaceWith } from '../support/workspace.js';

export const CDNOW_YAML = `name: CDNOW sample
timezone: UTC
locale: en
customers:
  key: id
  fields: {}
events:
  customer: customer_id
  type: type
  time: time
  id: event_id
  types:
    purchase: { amount: number, cds: integer }
models:
  clv:
    model: clv
    event: purchase
    amount: amount
    time_unit: weeks
    horizon: 39
  clv_discounted:
    model: clv
    event: purchase
    amount: amount
    calibration_end: 1997-09-30
    horizon: 10.5
    margin: 0.3
    discount_rate: 0.01
`;

/** A folder with the workspace and its CSV files, imported into a real store of kind `store` (closed again). */
export async function cdnowWorkspace(store: StoreKind, yaml = CDNOW_YAML): Promise<string> {
  const lines = (await readFile(path.join(DATASETS, 'cdnow', 'CDNOW_sample.txt'), 'utf8')).trim().split('\n');
  const rows = lines.map((line) => line.trim().split(/\s+/));
  const ids = [...new Set(rows.map((r) => String(Number(r[1]))))];
  const events = rows.map((r, i) => {
    const day = r[2]!;
    return `${i + 1},${Number(r[1])},purchase,${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T00:00:00,${r[4]},${r[3]}`;
  });
  const dir = await workspaceWith(
    yaml,
    {
      'customers.csv': `id\n${ids.join('\n')}\n`,
      'events.csv': `event_id,customer_id,type,time,amount,cds\n${events.join('\n')}\n`,
    },
    store,
  );
  const ws = await open(dir, store);
  try {
    await load(ws, 'customers', 'customers.csv', { strict: true });
    await load(ws, 'events', 'events.csv', { strict: true });
  } finally {
    await ws.close();
  }
  return dir;
}
