import { expect, test } from 'vitest';
import { countRule, evaluation } from '../../src/engine/evaluate.js';
import { prepareRule } from '../../src/engine/prepared-rules.js';
import { load, open, workspaceWith } from '../support/workspace.js';
import { STORES, type StoreKind } from '../support/stores.js';

const YAML = `name: Sums
timezone: UTC
customers: { key: id, fields: {} }
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
`;

/** Counts each rule's members at 2025-01-01 over the given customers and purchases, on `store`. */
async function countsOver(store: StoreKind, customers: string, events: string, rules: ReadonlyArray<readonly [string, number]>): Promise<void> {
  const ws = await open(await workspaceWith(YAML, { 'c.csv': customers, 'e.csv': events }), store);
  try {
    await load(ws, 'customers', 'c.csv');
    await load(ws, 'events', 'e.csv');
    const ev = evaluation(ws.workspace, ws.store);
    const at = new Date('2025-01-01T00:00:00Z');
    for (const [rule, expected] of rules) expect(await countRule(ev, prepareRule(ws.workspace, rule), at), rule).toBe(expected);
  } finally {
    await ws.close();
  }
}

test.each(STORES)('sums of amounts are exact whatever the order of rows: 0.1 + 0.2 + 0.7 is 1 (%s)', async (store) => {
  // In doubles, (0.1 + 0.2) + 0.7 = 1.0000000000000002 but 0.1 + (0.2 + 0.7) = 0.9999999999999999.
  const rows = ['customer_id,type,time,amount'];
  for (let c = 0; c < 200; c++) {
    const amounts = c % 2 === 0 ? [0.1, 0.2, 0.7] : [0.7, 0.2, 0.1];
    amounts.forEach((a, i) => rows.push(`c${c},purchase,2024-01-0${i + 1}T10:00:00,${a}`));
  }
  const customers = ['id', ...Array.from({ length: 200 }, (_, c) => `c${c}`)].join('\n');
  await countsOver(store, customers, rows.join('\n'), [
    ['sum(purchase.amount) = 1', 200],
    ['sum(purchase.amount) >= 1 and sum(purchase.amount) <= 1', 200],
    ['avg(purchase.amount) * 3 = 1', 200],
  ]);
});

test.each(STORES)('each amount counts to 6 decimal places on both stores: two of 0.0000004 sum to 0 (%s)', async (store) => {
  // PostgreSQL once summed unbounded NUMERIC (a sum of 0.0000008, so `> 0`) where DuckDB rounds to DECIMAL(38, 6).
  const events = 'customer_id,type,time,amount\nc1,purchase,2024-01-01T10:00:00,0.0000004\nc1,purchase,2024-01-02T10:00:00,0.0000004\nc2,purchase,2024-01-01T10:00:00,0.0000006\n';
  // 0.0000004 rounds to 0 twice; 0.0000006 rounds to 0.000001.
  await countsOver(store, 'id\nc1\nc2\n', events, [
    ['sum(purchase.amount) > 0', 1],
    ['sum(purchase.amount) = 0', 1],
    ['sum(purchase.amount) = 0.000001', 1],
    ['avg(purchase.amount) > 0', 1],
  ]);
});
