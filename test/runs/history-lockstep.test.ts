/**
 * A history made as a business makes it: the clinic's last 18 months of events imported month by
 * month (each import re-evaluating the customers it touched, as `segmenta import` does), full runs
 * at some month ends, a few customers' language changed, a few customers erased; the steps drawn
 * at random (seeded).
 * On every store, the customer runs of every other month put their customers where the independent
 * reference puts them (for the segmentations on thresholds, which do not depend on other
 * customers), and the last full run holds what the reference gives for everybody. DuckDB and
 * PostgreSQL, made to take the same steps, hold the same runs and memberships after every step and
 * report the same transitions between every two runs.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { evaluation, type Evaluation } from '../../src/engine/evaluate.js';
import { createRandom } from '../../src/math/random.js';
import { reevaluateImported } from '../../src/runs/after-import.js';
import { eraseCustomers } from '../../src/runs/erase.js';
import { runWorkspace } from '../../src/runs/run.js';
import { transitions } from '../../src/runs/transitions.js';
import type { OpenWorkspace } from '../../src/open.js';
import { parseInstant } from '../../src/time/instant.js';
import { fixtureMeasures, lifecycleSegments, rf6, rfmSegments, standard11, valueTiers } from '../support/segmentation-reference.js';
import { STORES } from '../support/stores.js';
import { clinicCopy, FIXTURE, load, open } from '../support/workspace.js';

const TIERS = `
  tiers:
    model: value_tiers
    event: purchase
    amount: amount
`;
const LANGUAGES = ['fr', 'de', 'en', 'it', 'pt'];
const RF6_THRESHOLDS = { recency: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] };

interface Side {
  readonly ws: OpenWorkspace;
  readonly ev: Evaluation;
  readonly dir: string;
}

/** Runs and memberships as text lines; erased customers' tokens (random) read as "erased". */
async function snapshot(ev: Evaluation) {
  const runs = await ev.store.query<{ id: number; kind: string; at: Date; customers: number }>(`SELECT id, kind, run_at AS at, customers FROM runs ORDER BY id`);
  const memberships = await ev.store.query<{ _customer: string; key: string; segment: string | null; from_run: number; to_run: number | null }>(
    `SELECT _customer, key, segment, from_run, to_run FROM memberships`,
  );
  return {
    runs: runs.map((r) => `${r.id} ${r.kind} ${new Date(r.at).toISOString()} ${r.customers}`),
    memberships: memberships.map((m) => `${m._customer.startsWith('erased:') ? 'erased' : m._customer} ${m.key} ${m.segment} ${m.from_run} ${m.to_run}`).sort(),
  };
}

test('a history made month by month: the reference at its end, and the same on both stores at every step', async () => {
  const random = createRandom(5);
  const [header, ...events] = (await readFile(path.join(FIXTURE, 'events.csv'), 'utf8')).trimEnd().split('\n');
  // The last 18 months one by one; the first of them also brings every earlier event.
  const allMonths = [...new Set(events.map((line) => line.split(',')[2]!.slice(0, 7)))].sort();
  const months = allMonths.slice(-18);
  const byMonth = new Map<string, string[]>(months.map((m) => [m, []]));
  for (const line of events) {
    const month = line.split(',')[2]!.slice(0, 7);
    byMonth.get(month < months[0]! ? months[0]! : month)!.push(line);
  }
  const [customersHeader, ...customers] = (await readFile(path.join(FIXTURE, 'customers.csv'), 'utf8')).trimEnd().split('\n');

  const sides: Side[] = [];
  for (const store of STORES) {
    const dir = await clinicCopy(store);
    await appendFile(path.join(dir, 'segmenta.yaml'), TIERS);
    const ws = await open(dir, store);
    await load(ws, 'customers', 'customers.csv');
    await load(ws, 'pets', 'pets.csv');
    sides.push({ ws, ev: evaluation(ws.workspace, ws.store), dir });
  }
  const each = async (work: (side: Side) => Promise<unknown>) => {
    for (const side of sides) await work(side);
  };

  const erased: string[] = [];
  let customerRuns = 0;
  let checkedRuns = 0;
  for (const [i, month] of months.entries()) {
    const [year, m] = month.split('-').map(Number) as [number, number];
    const monthEnd = parseInstant(m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`, 'Europe/Zurich');
    // The import arrives some days before the month ends; its customers are re-evaluated then.
    const arrival = new Date(monthEnd.getTime() - random.int(1, 20) * 86_400_000);
    const step = random.next();
    const file = `events-${month}.csv`;
    const touched = [...new Set(byMonth.get(month)!.map((line) => line.split(',')[0]!))].filter((k) => !erased.includes(k));
    // The reference costs a scan of the raw files: every other month is checked.
    const reference = i % 2 === 1 ? await fixtureMeasures(arrival.toISOString(), { exclude: erased }) : undefined;
    await each(async ({ ws, ev, dir }) => {
      await writeFile(path.join(dir, file), [header, ...byMonth.get(month)!].join('\n') + '\n');
      const done = await reevaluateImported(ev, await load(ws, 'events', file), arrival);
      if (!('run' in done)) return;
      if (ws === sides[0]!.ws) customerRuns += 1;
      if (reference === undefined) return;
      if (ws === sides[0]!.ws) checkedRuns += 1;
      // Thresholds do not depend on other customers: each re-evaluated customer is where the
      // reference puts them at the arrival.
      const expected = { rf6: rfmSegments(reference, RF6_THRESHOLDS, rf6), lifecycle: lifecycleSegments(reference) };
      for (const [key, then] of Object.entries(expected)) {
        const rows = await ev.store.query<{ _customer: string; segment: string }>(
          `SELECT _customer, segment FROM memberships WHERE key = $1 AND from_run <= $2 AND (to_run IS NULL OR to_run > $2)`,
          [key, done.run.run],
        );
        const now = new Map(rows.map((r) => [r._customer, r.segment]));
        const existing = touched.filter((k) => then.has(k));
        expect(existing.map((k) => now.get(k)), `${ev.store.kind} ${month} ${key}`).toEqual(existing.map((k) => then.get(k)));
      }
    });
    if (step < 0.5 || i === 0 || i === months.length - 1) await each(({ ev }) => runWorkspace(ev, monthEnd));
    if (step > 0.85) {
      const changed = Array.from({ length: random.int(1, 5) }, () => random.pick(customers).replace(/,(fr|de|en|it|pt),/, `,${random.pick(LANGUAGES)},`));
      await each(async ({ ws, ev, dir }) => {
        await writeFile(path.join(dir, 'changed.csv'), [customersHeader, ...changed].join('\n') + '\n');
        await reevaluateImported(ev, await load(ws, 'customers', 'changed.csv'), monthEnd);
      });
    }
    if (step > 0.93) {
      const key = random.pick(customers).split(',')[0]!;
      if (!erased.includes(key)) erased.push(key);
      await each(({ ws }) => eraseCustomers(ws.store, ws.workspace, [key]));
    }
    if (sides.length === 2) {
      const [a, b] = [await snapshot(sides[0]!.ev), await snapshot(sides[1]!.ev)];
      expect(b.runs, month).toEqual(a.runs);
      expect(b.memberships.length, month).toBe(a.memberships.length);
      expect(b.memberships.filter((line, k) => line !== a.memberships[k]).slice(0, 5), month).toEqual([]);
    }
  }
  // The steps drawn make a history worth checking.
  expect(customerRuns).toBeGreaterThan(10);
  expect(checkedRuns).toBeGreaterThan(5);
  expect(erased.length).toBeGreaterThan(0);

  const [last] = await sides[0]!.ev.store.query<{ at: Date }>(`SELECT run_at AS at FROM runs WHERE kind = 'full' ORDER BY id DESC LIMIT 1`);
  const at = new Date(last!.at).toISOString();
  const all = await fixtureMeasures(at, { exclude: erased });
  const year = await fixtureMeasures(at, { windowDays: 365, exclude: erased });
  const expected = {
    rf6: rfmSegments(all, RF6_THRESHOLDS, rf6),
    rfm: rfmSegments(all, 'quintiles', standard11),
    lifecycle: lifecycleSegments(all),
    tiers: valueTiers(year),
  };
  for (const { ev } of sides) {
    for (const [key, segments] of Object.entries(expected)) {
      const rows = await ev.store.query<{ _customer: string; segment: string }>(`SELECT _customer, segment FROM memberships WHERE key = $1 AND to_run IS NULL`, [key]);
      expect(new Map(rows.map((r) => [r._customer, r.segment])), `${ev.store.kind} ${key}`).toEqual(segments);
    }
  }

  if (sides.length === 2) {
    const runs = (await sides[0]!.ev.store.query<{ id: number }>(`SELECT id FROM runs ORDER BY id`)).map((r) => Number(r.id));
    for (const [k, run] of runs.entries()) {
      if (k === 0) continue;
      for (const id of ['rf6', 'rfm', 'lifecycle', 'tiers', 'senior-pets', 'cats-ckd-fr-20km']) {
        const [onDuck, onPg] = await Promise.all(sides.map(({ ev }) => transitions(ev.store, ev.workspace, id, runs[k - 1], run)));
        expect(onPg, `${id} ${runs[k - 1]} → ${run}`).toEqual(onDuck);
      }
    }
  }
  await each(({ ws }) => ws.close());
}, 600_000);
