/**
 * Runs, segmentations and transitions on the clinic fixture, against the independent reference of
 * test/support/segmentation-reference.ts, at several instants.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compile, evaluation, segmentRule, type Evaluation } from '../../src/engine/evaluate.js';
import { bindParams } from '../../src/compiler/compile-rule.js';
import { runWorkspace } from '../../src/runs/run.js';
import { replay } from '../../src/runs/replay.js';
import { transitions } from '../../src/runs/transitions.js';
import { eraseCustomers } from '../../src/runs/erase.js';
import { parseInstant } from '../../src/time/instant.js';
import { segmentLabel } from '../../src/segmentations/order.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import type { Queryable } from '../../src/store/store.js';
import { clinicCopy, FIXTURE_FILES, load, open } from '../support/workspace.js';
import { cli, cliJson, importedByCli } from '../support/cli.js';
import { STORES, storeEnv, type StoreKind } from '../support/stores.js';
import {
  fixtureMeasures,
  lifecycleSegments,
  migration,
  rf6,
  rfmSegments,
  standard11,
  valueTiers,
  type Segments,
} from '../support/segmentation-reference.js';

const EXTRA = `
  tiers:
    model: value_tiers
    event: purchase
    amount: amount
  custom:
    model: rfm
    event: purchase
    amount: amount
    scoring: quintiles
    map:
      top: { name: Top, r: "4..5", f: "4..5" }
      rising: { name: Rising, cells: [{ r: 5, f: "1..3" }, { r: 4, f: "2..3" }] }
      rest: { name: Others }
`;

function custom(r: number, f: number): string {
  if (r >= 4 && f >= 4) return 'top';
  if ((r === 5 && f <= 3) || (r === 4 && f >= 2 && f <= 3)) return 'rising';
  return 'rest';
}

const RF6_THRESHOLDS = { recency: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] };
const ORDERS: Record<string, string[]> = {
  rf6: ['best', 'engaged', 'new', 'slipping', 'at_risk', 'inactive', 'prospect'],
  rfm: ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost', 'prospect'],
  lifecycle: ['active', 'new', 'at_risk', 'lapsed', 'prospect'],
  tiers: ['A', 'B', 'C', 'none'],
  custom: ['top', 'rising', 'rest', 'prospect'],
};

async function reference(at: string, exclude: string[] = []): Promise<Record<string, Segments>> {
  const all = await fixtureMeasures(at, { exclude });
  const year = await fixtureMeasures(at, { windowDays: 365, exclude });
  return {
    rf6: rfmSegments(all, RF6_THRESHOLDS, rf6),
    rfm: rfmSegments(all, 'quintiles', standard11),
    lifecycle: lifecycleSegments(all),
    tiers: valueTiers(year),
    custom: rfmSegments(all, 'quintiles', custom),
  };
}

async function stateAt(db: Queryable, key: string, run: number): Promise<Segments> {
  const rows = await db.query<{ _customer: string; segment: string }>(
    `SELECT _customer, segment FROM memberships WHERE key = $1 AND from_run <= $2 AND (to_run IS NULL OR to_run > $2)`,
    [key, run],
  );
  return new Map(rows.map((r) => [r._customer, r.segment]));
}

/** A copy of the fixture with EXTRA's segmentations, imported into `store` (opened in this process). */
async function importedFixture(store: StoreKind): Promise<{ dir: string; ev: Evaluation; close: () => Promise<void> }> {
  const dir = await clinicCopy();
  await appendFile(path.join(dir, 'segmenta.yaml'), EXTRA);
  const ws = await open(dir, store);
  for (const [entity, file] of FIXTURE_FILES) await load(ws, entity, file);
  return { dir, ev: evaluation(ws.workspace, ws.store), close: ws.close };
}

const sorted = (m: Segments) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const T1 = '2026-01-01T00:00:00+01:00';
const T2 = '2026-07-01T00:00:00+02:00';
const T3 = '2026-10-15T12:00:00+02:00';

describe.each(STORES)('on %s', (store) => {
  describe('runs on the clinic fixture', () => {
    let ev: Evaluation;
    let close: () => Promise<void>;
    let dir: string;
    const runs: Record<string, number> = {};

    beforeAll(async () => {
      ({ dir, ev, close } = await importedFixture(store));
      runs['T1'] = (await runWorkspace(ev, parseInstant(T1, 'UTC'))).run;
      runs['T2'] = (await runWorkspace(ev, parseInstant(T2, 'UTC'))).run;
    });
    afterAll(() => close());

    test.each([['T1', T1], ['T2', T2]])('every customer is in the segment the spec gives, at %s', async (label, at) => {
      const expected = await reference(at);
      for (const key of Object.keys(expected)) {
        expect(sorted(await stateAt(ev.store, key, runs[label]!)), key).toEqual(sorted(expected[key]!));
      }
    });

    test('segment sizes of a run equal independent counts', async () => {
      const summary = await runWorkspace(ev, parseInstant(T2, 'UTC'));
      const expected = await reference(T2);
      for (const [key, segments] of Object.entries(expected)) {
        const counts: Record<string, number> = Object.fromEntries(ORDERS[key]!.map((s) => [s, 0]));
        for (const s of segments.values()) counts[s]! += 1;
        expect(summary.segmentations[key]).toEqual(counts);
      }
      // A second run at the same instant changes nothing, so it writes nothing.
      expect(summary.rowsWritten).toBe(0);
      expect(summary.segments['heart-dogs']).toBeGreaterThan(0);
    });

    test('a customer run uses the cut points of the last full run: at the same instant it changes nothing', async () => {
      const keys = [...(await stateAt(ev.store, 'rfm', runs['T2']!)).keys()];
      const partial = await runWorkspace(ev, parseInstant(T2, 'UTC'), { customers: keys });
      expect(partial.kind).toBe('customers');
      expect(partial.rowsWritten).toBe(0);
    });

    test('up to 100 customers are evaluated in one statement (one row each), with the same result as the full run', async () => {
      const keys = [...(await stateAt(ev.store, 'rf6', runs['T2']!)).keys()].slice(0, 100);
      const partial = await runWorkspace(ev, parseInstant(T2, 'UTC'), { customers: keys });
      expect(partial.rowsWritten).toBe(0);
    });

    // 7 customers: their keys inline in one statement; 157: a subset table, as after a large import,
    // evaluated in one per-customer statement; or, when a quintile segmentation has no cut points
    // (declared since the last full run), one set-based statement per segmentation and segment.
    test.each([
      [2, ''],
      [150, ''],
      [150, ', "custom" without cut points'],
    ])('a customer run at a later instant moves its customers, and only them, closing their old intervals (5 + %i customers%s)', async (others, withoutCuts) => {
      const before = await reference(T2);
      const after = await reference(T3);
      const lastFull = `(SELECT max(id) FROM runs WHERE kind = 'full')`;
      const cutPoints = await ev.store.query<{ run: number; segmentation: string; measure: string; score: number; value: number; customer: string | null }>(
        `SELECT run, segmentation, measure, score, value, customer FROM run_cutpoints WHERE segmentation = 'custom' AND run = ${lastFull}`,
      );
      if (withoutCuts) {
        expect(cutPoints.length).toBeGreaterThan(0);
        await ev.store.run(`DELETE FROM run_cutpoints WHERE segmentation = 'custom' AND run = ${lastFull}`);
      }
      // Customers whose rf6 or lifecycle changes between T2 and T3 (thresholds: no cut points involved).
      const moving = [...after['rf6']!.keys()].filter((k) => after['rf6']!.get(k) !== before['rf6']!.get(k) || after['lifecycle']!.get(k) !== before['lifecycle']!.get(k)).slice(0, 5);
      const still = [...after['rf6']!.keys()].filter((k) => !moving.includes(k)).slice(0, others);
      expect(moving.length).toBe(5);
      const partial = await runWorkspace(ev, parseInstant(T3, 'UTC'), { customers: [...moving, ...still] });
      for (const key of ['rf6', 'lifecycle']) {
        const state = await stateAt(ev.store, key, partial.run);
        for (const k of [...moving, ...still]) expect(state.get(k), `${key} ${k}`).toBe(after[key]!.get(k));
        // Everybody else keeps the segment of the last full run.
        for (const [k, segment] of before[key]!) if (!moving.includes(k) && !still.includes(k)) expect(state.get(k), `${key} ${k}`).toBe(segment);
      }
      for (const id of ev.workspace.segments.map((s) => s.id)) {
        const members = new Set((await ev.store.query<{ _customer: string }>(`SELECT _customer FROM (${compile(ev, segmentRule(ev, id)).sql}) m`, bindParams(compile(ev, segmentRule(ev, id)), { at: parseInstant(T3, 'UTC') }))).map((r) => r._customer));
        const stored = await ev.store.query<{ _customer: string }>(`SELECT _customer FROM memberships WHERE key = $1 AND to_run IS NULL AND _customer IN (SELECT unnest(CAST($2 AS VARCHAR[])))`, [id, [...moving, ...still]]);
        expect(new Set(stored.map((r) => r._customer)), id).toEqual(new Set([...moving, ...still].filter((k) => members.has(k))));
      }
      const doubles = await ev.store.query(`SELECT _customer, key FROM memberships WHERE to_run IS NULL GROUP BY _customer, key HAVING count(*) > 1`);
      expect(doubles).toEqual([]);
      // Back to T2, with the cut points, for the tests that follow.
      if (withoutCuts) {
        for (const c of cutPoints) await ev.store.run(`INSERT INTO run_cutpoints VALUES ($1, $2, $3, $4, $5, $6)`, [c.run, c.segmentation, c.measure, c.score, c.value, c.customer]);
      }
      await runWorkspace(ev, parseInstant(T2, 'UTC'), { customers: [...moving, ...still] });
    });

    test('one customer at a time (one statement compiled once, each run binding its own key): each moves, the others wait', async () => {
      const before = await reference(T2);
      const after = await reference(T3);
      const moving = [...after['rf6']!.keys()].filter((k) => after['rf6']!.get(k) !== before['rf6']!.get(k)).slice(0, 4);
      expect(moving.length).toBe(4);
      for (const [i, key] of moving.entries()) {
        const run = await runWorkspace(ev, parseInstant(T3, 'UTC'), { customers: [key] });
        const state = await stateAt(ev.store, 'rf6', run.run);
        for (const [j, other] of moving.entries()) expect(state.get(other), `after the run of ${key}: ${other}`).toBe((j <= i ? after : before)['rf6']!.get(other));
      }
      for (const key of moving) await runWorkspace(ev, parseInstant(T2, 'UTC'), { customers: [key] });
      expect((await runWorkspace(ev, parseInstant(T2, 'UTC'), { customers: moving })).rowsWritten).toBe(0);
    });

    // DuckDB only: PostgreSQL reads one customer's rows through indexes and rewrites nothing.
    if (store === 'duckdb') test('events rewritten in customer order keep every row and every result', async () => {
      const before = await ev.store.query(`SELECT count(*) AS n, sum(hash(_customer, _type, _time)) AS h FROM events`);
      expect((await ev.store.clusterByCustomer({ force: true })).rewritten).toContain('events');
      expect(await ev.store.query(`SELECT count(*) AS n, sum(hash(_customer, _type, _time)) AS h FROM events`)).toEqual(before);
      const columns = await ev.store.query(`SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'events' AND column_name = '_customer'`);
      expect(columns).toEqual([{ column_name: '_customer', is_nullable: 'NO' }]);
      expect((await runWorkspace(ev, parseInstant(T2, 'UTC'))).rowsWritten).toBe(0);
    });

    // PostgreSQL only (DuckDB keeps its statistics as it writes): after the import of the events
    // (14,000 rows; loads under 10,000 rows leave statistics to autovacuum) and a full run, the
    // planner counts every customer in the tables read by customer, whatever its sample saw.
    if (store === 'postgres') test('imports and full runs give the planner the number of customers of each table read by customer', async () => {
      const [{ n }] = (await ev.store.query<{ n: number }>(`SELECT count(*) AS n FROM customers`)) as [{ n: number }];
      const stats = await ev.store.query<{ tablename: string; n_distinct: number }>(
        `SELECT tablename, n_distinct FROM pg_stats WHERE schemaname = current_schema() AND attname = '_customer' AND tablename IN ('events', 'memberships') ORDER BY 1`,
      );
      expect(stats.map((s) => [s.tablename, Number(s.n_distinct)])).toEqual([['events', Number(n)], ['memberships', Number(n)]]);
    });

    test('migration matrices, up/down, new between two runs, against the reference', async () => {
      const before = await reference(T1);
      const after = await reference(T2);
      for (const key of ['rf6', 'rfm', 'lifecycle', 'tiers', 'custom']) {
        const actual = await transitions(ev.store, ev.workspace, key, runs['T1'], runs['T2']);
        const expected = migration(before[key]!, after[key]!, ORDERS[key]!);
        expect(actual, key).toMatchObject({ kind: 'segmentation', from: runs['T1'], to: runs['T2'], ...expected });
        expect(expected.new).toBeGreaterThan(0); // customers created between the two runs
      }
    });

    test('segments: entered and left', async () => {
      const result = await transitions(ev.store, ev.workspace, 'senior-pets', runs['T1'], runs['T2']);
      expect(result.kind).toBe('segment');
      const members = async (run: number) => new Set((await ev.store.query<{ _customer: string }>(`SELECT _customer FROM memberships WHERE key = 'senior-pets' AND from_run <= $1 AND (to_run IS NULL OR to_run > $1)`, [run])).map((r) => r._customer));
      const a = await members(runs['T1']!);
      const b = await members(runs['T2']!);
      expect(result).toMatchObject({ entered: [...b].filter((k) => !a.has(k)).length, left: [...a].filter((k) => !b.has(k)).length });
      expect((result as { entered: number }).entered).toBeGreaterThan(0);
    });

    test('deleted customers are gone at the next run, and nothing identifies them', async () => {
      const victims = [...(await stateAt(ev.store, 'rf6', runs['T2']!)).keys()].slice(0, 2);
      const count = async (sql: string, params: unknown[] = []) => Number((await ev.store.query<{ n: number }>(sql, params as never))[0]!.n);
      const theirRows = await count(`SELECT count(*) AS n FROM memberships WHERE _customer IN ($1, $2)`, victims);
      const tokensBefore = await count(`SELECT count(DISTINCT _customer) AS n FROM memberships WHERE _customer LIKE 'erased:%'`);
      const rowsBefore = await count(`SELECT count(*) AS n FROM memberships`);
      expect(await eraseCustomers(ev.store, ev.workspace, [victims[0]!, 'NOT-A-CUSTOMER', ...victims])).toEqual({ deleted: 2, unknown: ['NOT-A-CUSTOMER'] });
      // Their memberships live on under one token each (counts of past runs stay true); nothing else of them.
      expect(await count(`SELECT count(DISTINCT _customer) AS n FROM memberships WHERE _customer LIKE 'erased:%'`)).toBe(tokensBefore + 2);
      expect(await count(`SELECT count(*) AS n FROM memberships`)).toBe(rowsBefore);
      expect(theirRows).toBeGreaterThan(0);
      for (const table of ['customers', 'rec_pets', 'events', 'memberships', 'model_clv']) {
        expect(await count(`SELECT count(*) AS n FROM ${table} WHERE _customer IN ($1, $2)`, victims), table).toBe(0);
      }
      const t3 = (await runWorkspace(ev, parseInstant(T3, 'UTC'))).run;
      const moved = await transitions(ev.store, ev.workspace, 'rf6', runs['T2'], t3);
      expect(moved).toMatchObject({ gone: 2 });
      // The run after the erasure agrees with the reference without those customers.
      const expected = await reference(T3, victims);
      for (const key of Object.keys(expected)) expect(sorted(await stateAt(ev.store, key, t3)), key).toEqual(sorted(expected[key]!));
    });

    test('a failing run leaves the store as it was', async () => {
      const before = await ev.store.query(`SELECT (SELECT count(*) FROM runs) r, (SELECT count(*) FROM memberships) m, (SELECT count(*) FROM memberships WHERE to_run IS NULL) o`);
      await expect(runWorkspace(ev, parseInstant('2026-08-01', 'Europe/Zurich'), { failBeforeCommit: true })).rejects.toThrow('on purpose');
      expect(await ev.store.query(`SELECT (SELECT count(*) FROM runs) r, (SELECT count(*) FROM memberships) m, (SELECT count(*) FROM memberships WHERE to_run IS NULL) o`)).toEqual(before);
    });
  });

  describe('replay and the command line', () => {
    let dir: string;
    beforeAll(async () => {
      ({ dir } = await importedByCli(store));
    });

    test('run --every month replays month ends, each run equal to the reference at its instant', async () => {
      const { code, json } = await cliJson<Array<{ run: number; at: string; segmentations: Record<string, Record<string, number>> }>>(['run', '--every', 'month', '--from', '2025-10-01', '--to', '2026-01-31', '-w', dir], { env: storeEnv(store, dir) });
      expect(code).toBe(0);
      expect(json.map((r) => r.at)).toEqual(['2025-10-01T00:00:00+02:00', '2025-11-01T00:00:00+01:00', '2025-12-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00', '2026-02-01T00:00:00+01:00']);
      for (const r of [json[0]!, json[4]!]) {
        const expected = await reference(r.at);
        const counts: Record<string, number> = Object.fromEntries(ORDERS['rf6']!.map((s) => [s, 0]));
        for (const s of expected['rf6']!.values()) counts[s]! += 1;
        expect(r.segmentations['rf6']).toEqual(counts);
      }
      const runs = await cliJson<Array<{ run: number; at: string }>>(['runs', '-w', dir], { env: storeEnv(store, dir) });
      expect(runs.json.map((r) => r.run)).toEqual([5, 4, 3, 2, 1]);
      const moves = await cliJson<Record<string, unknown>>(['transitions', 'rf6', '-w', dir], { env: storeEnv(store, dir) });
      const expected = migration((await reference('2026-01-01T00:00:00+01:00'))['rf6']!, (await reference('2026-02-01T00:00:00+01:00'))['rf6']!, ORDERS['rf6']!);
      expect(moves.json).toEqual({ from: 4, to: 5, ...expected });
    });

    test('new events re-evaluate their customer at once (a customer run) and the profile shows the history', async () => {
      const before = await cliJson<any>(['customer', 'C000001', '-w', dir], { env: storeEnv(store, dir) });
      const file = path.join(dir, 'late.csv');
      await import('node:fs/promises').then((fs) => fs.writeFile(file, 'customer_id,type,time,amount,categories,products,order_id\nC000001,purchase,2026-02-10T10:00:00,30,food,cat-food,LATE1\n'));
      const imported = await cliJson<{ inserted: number; reevaluated: { run: number; customers: number } }>(['import', 'events', file, '-w', dir, '--at', '2026-02-11'], { env: storeEnv(store, dir) });
      expect(imported.json.inserted).toBe(1);
      expect(imported.json.reevaluated).toEqual({ run: 6, customers: 1 });
      const after = await cliJson<any>(['customer', 'C000001', '-w', dir], { env: storeEnv(store, dir) });
      // Independently: C000001's rf6 segment at 2026-02-11 with the new purchase.
      const purchases = (await readFile(path.join(dir, 'events.csv'), 'utf8')).split('\n').filter((l) => l.startsWith('C000001,purchase,') && l.split(',')[2]! <= '2026-02-11');
      expect(purchases.length + 1).toBeGreaterThan(0);
      expect(after.json.segmentations['rf6']).toBe(rf6(5, purchases.length + 1 >= 16 ? 5 : purchases.length + 1 >= 8 ? 4 : purchases.length + 1 >= 4 ? 3 : purchases.length + 1 >= 2 ? 2 : 1));
      expect(after.json.history['rf6'].at(-1).from.run).toBe(6);
      expect(before.json.history['rf6'].length).toBeGreaterThan(0);
      // The human profile shows the same history: every interval, from which run to which.
      const human = await cli(['customer', 'C000001', '-w', dir, '--lang', 'en'], { env: storeEnv(store, dir) });
      const shown = human.stdout.slice(human.stdout.indexOf('\nHistory\n'));
      expect(shown.length).toBeGreaterThan(0);
      const segmentations = (await loadWorkspace(dir)).workspace!.segmentations;
      for (const [id, entries] of Object.entries(after.json.history as Record<string, any[]>)) {
        expect(shown).toContain(`\n  ${id}\n`);
        for (const e of entries) {
          const runs = `run ${e.from.run} (${e.from.at}) → ${e.to === null ? 'ongoing' : `run ${e.to.run} (${e.to.at})`}`;
          // A segmentation's segment by its English label, with its id (rf6's "at_risk": "At risk (at_risk)").
          const def = segmentations.find((s) => s.id === id);
          const label = e.segment === null ? 'member' : def ? segmentLabel(def, e.segment, 'en') : e.segment;
          const name = e.segment === null || label === e.segment ? label : `${label} (${e.segment})`;
          expect(shown).toMatch(new RegExp(`\\n    ${name.replace(/[()+]/g, '\\$&')} +${e.scores ? `r ${e.scores.r} · f ${e.scores.f} · m ${e.scores.m} +` : ''}${runs.replace(/[()+]/g, '\\$&')}\\n`));
        }
      }
      const all = await cliJson<Array<{ run: number; kind: string }>>(['runs', '--all', '-w', dir], { env: storeEnv(store, dir) });
      expect(all.json[0]).toMatchObject({ run: 6, kind: 'customers' });
    });

    test('a killed run leaves the store as it was', async () => {
      const { spawn } = await import('node:child_process');
      const { BIN } = await import('../support/cli.js');
      const child = spawn(process.execPath, [BIN, 'run', '--at', '2026-03-01', '-w', dir], { env: { ...process.env, SEGMENTA_TEST_PAUSE_BEFORE_COMMIT_MS: '20000', ...storeEnv(store, dir) } });
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (d: Buffer) => d.toString().includes('pausing before commit') && resolve());
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      const runs = await cliJson<Array<{ run: number }>>(['runs', '--all', '-w', dir], { env: storeEnv(store, dir) });
      expect(runs.json.map((r) => r.run)).toEqual([6, 5, 4, 3, 2, 1]);
      expect((await cliJson<{ run: number }>(['run', '--at', '2026-03-01', '-w', dir], { env: storeEnv(store, dir) })).json.run).toBe(7);
    });

    test('customer --at shows the profile as of that instant: the latest run at or before it, the events up to it', async () => {
      // Runs here: 1 to 5 the month ends 2025-10-01 to 2026-02-01, 6 the customer run of C000001 at
      // 2026-02-11, 7 the full run at 2026-03-01.
      const env = storeEnv(store, dir);
      const T = '2025-12-15';
      const expected = await reference('2025-12-01T00:00:00+01:00');
      const events = (await readFile(path.join(dir, 'events.csv'), 'utf8')).split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(','));
      for (const key of ['C000002', 'C000003', 'C000010']) {
        const { code, json } = await cliJson<any>(['customer', key, '--at', T, '-w', dir], { env });
        expect(code).toBe(0);
        expect(json.at).toBe('2025-12-15T00:00:00+01:00');
        expect(json.run).toEqual({ run: 3, at: '2025-12-01T00:00:00+01:00' });
        for (const id of ['rf6', 'rfm', 'lifecycle']) expect([key, id, json.segmentations[id]]).toEqual([key, id, expected[id]!.get(key)]);
        // Events up to T, included (naive times of the fixture are in the workspace zone).
        const mine = events.filter((e) => e[0] === key && e[2]! <= '2025-12-15T00:00:00');
        expect(json.eventCounts).toEqual({ purchase: mine.filter((e) => e[1] === 'purchase').length, visit: mine.filter((e) => e[1] === 'visit').length });
        expect(json.events.map((e: any) => e.time.slice(0, 19)).sort()).toEqual(mine.map((e) => e[2]!).sort().reverse().slice(0, 10).sort());
        // The history is the intervals begun by run 3, those that ended after it still ongoing.
        const now = await cliJson<any>(['customer', key, '-w', dir], { env });
        const upTo3 = Object.fromEntries(
          Object.entries(now.json.history as Record<string, any[]>)
            .map(([id, entries]): [string, any[]] => [id, entries.filter((e) => e.from.run <= 3).map((e) => ({ ...e, to: e.to !== null && e.to.run <= 3 ? e.to : null }))])
            .filter(([, entries]) => entries.length > 0),
        );
        expect(json.history).toEqual(upTo3);
      }
      // The customer run of C000001 (run 6, 2026-02-11) is the latest at or before 2026-02-12: the
      // purchase it was made for is in its segments and in the events.
      const late = await cliJson<any>(['customer', 'C000001', '--at', '2026-02-12', '-w', dir], { env });
      expect(late.json.run).toEqual({ run: 6, at: '2026-02-11T00:00:00+01:00' });
      expect(late.json.events[0]).toMatchObject({ type: 'purchase', time: '2026-02-10T10:00:00+01:00' });
      // Independently: its purchases up to then, the late one included; r = 5 (a purchase the day
      // before); lifecycle "new" while the first purchase is at most 90 days before.
      const bought = events.filter((e) => e[0] === 'C000001' && e[1] === 'purchase' && e[2]! <= '2026-02-11T00:00:00').map((e) => e[2]!);
      const f = (n: number) => (n >= 16 ? 5 : n >= 8 ? 4 : n >= 4 ? 3 : n >= 2 ? 2 : 1);
      expect(late.json.segmentations['rf6']).toBe(rf6(5, f(bought.length + 1)));
      expect(late.json.segmentations['lifecycle']).toBe(bought.sort()[0]! >= '2025-11-13T00:00:00' ? 'new' : 'active');
      // Before any run: no segments, no events, no fits; said in words too.
      const early = await cliJson<any>(['customer', 'C000010', '--at', '2020-01-01', '-w', dir], { env });
      expect(early.json).toMatchObject({ at: '2020-01-01T00:00:00+01:00', run: null, segments: [], segmentations: {}, history: {}, events: [], eventCounts: { purchase: 0, visit: 0 }, models: {} });
      const human = await cli(['customer', 'C000010', '--at', '2020-01-01', '-w', dir, '--lang', 'en'], { env });
      expect(human.stdout).toContain('Customer C000010 as of 2020-01-01T00:00:00+01:00\n');
      expect(human.stdout).toContain('\nNo run at or before 2020-01-01T00:00:00+01:00: no segments\n');
      const shown = await cli(['customer', 'C000010', '--at', T, '-w', dir, '--lang', 'fr'], { env });
      expect(shown.stdout).toContain('\nSegments au passage 3 (2025-12-01T00:00:00+01:00)\n');
      // A customer created after run 3 is in nothing at it, and the profile says so under that run.
      const customers = (await readFile(path.join(dir, 'customers.csv'), 'utf8')).split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(','));
      const later = customers.find((c) => c[10]! > '2025-12-01T00:00:00' && c[10]! <= '2025-12-15T00:00:00')![0]!;
      const unborn = await cliJson<any>(['customer', later, '--at', T, '-w', dir], { env });
      expect(unborn.json).toMatchObject({ run: { run: 3 }, segments: [], segmentations: {}, history: {} });
      expect((await cli(['customer', later, '--at', T, '-w', dir, '--lang', 'en'], { env })).stdout).toContain('\nSegments at run 3 (2025-12-01T00:00:00+01:00)\n  none\n');
      // Without --at, the memberships still open, as before.
      expect((await cliJson<any>(['customer', 'C000010', '-w', dir], { env })).json).not.toHaveProperty('run');
    });

    test('transitions --at compares the latest full run at or before that instant with the one before it', async () => {
      const env = storeEnv(store, dir);
      const dec = await reference('2025-12-01T00:00:00+01:00');
      const jan = await reference('2026-01-01T00:00:00+01:00');
      const moves = await cliJson<Record<string, unknown>>(['transitions', 'rf6', '--at', '2026-01-15', '-w', dir], { env });
      expect(moves.code).toBe(0);
      expect(moves.json).toEqual({ from: 3, to: 4, ...migration(dec['rf6']!, jan['rf6']!, ORDERS['rf6']!) });
      // An instant of a run is at or before itself; --from is kept; --to wins over --at.
      expect((await cliJson<any>(['transitions', 'lifecycle', '--at', '2026-01-01', '-w', dir], { env })).json).toEqual({ from: 3, to: 4, ...migration(dec['lifecycle']!, jan['lifecycle']!, ORDERS['lifecycle']!) });
      expect((await cliJson<any>(['transitions', 'rf6', '--at', '2026-01-15', '--from', '2', '-w', dir], { env })).json).toMatchObject({ from: 2, to: 4 });
      expect((await cliJson<any>(['transitions', 'rf6', '--at', '2026-01-15', '--to', '7', '-w', dir], { env })).json).toMatchObject({ from: 5, to: 7 });
      // One full run at or before 2025-10-15 (run 1): refused, saying as of when.
      const few = await cliJson<any>(['transitions', 'rf6', '--at', '2025-10-15', '-w', dir], { env });
      expect(few.code).toBe(1);
      expect(few.json).toEqual({ error: { code: 'too-few-runs', message: 'transitions need two full runs at or before 2025-10-15T00:00:00+02:00: make them with segmenta run --at' } });
      const fr = await cli(['transitions', 'rf6', '--at', '2025-10-15', '-w', dir, '--lang', 'fr'], { env });
      expect(fr.stderr).toContain('les transitions demandent deux passages complets au 2025-10-15T00:00:00+02:00 ou avant : faites-les avec segmenta run --at');
    });
  });

  test('a customer run takes the cut points of the latest full run at or before its instant, not of the last one made', async () => {
    const { ev, close } = await importedFixture(store);
    try {
      const atT2 = (await runWorkspace(ev, parseInstant(T2, 'UTC'))).run;
      // A full run of an earlier instant made afterwards (a business replaying its past).
      await runWorkspace(ev, parseInstant(T1, 'UTC'));
      const scores = (run: number, keys: readonly string[]) =>
        ev.store.query<{ _customer: string; key: string; segment: string; r: number | null; f: number | null; m: number | null }>(
          `SELECT _customer, key, segment, r, f, m FROM memberships WHERE key IN ('rfm', 'custom', 'tiers') AND from_run <= $1 AND (to_run IS NULL OR to_run > $1)
           AND _customer IN (SELECT unnest(CAST($2 AS VARCHAR[]))) ORDER BY _customer, key`,
          [run, [...keys]],
        );
      const all = [...(await stateAt(ev.store, 'rfm', atT2)).keys()];
      // A few keys (one statement) and customers selected by SQL (more than 100): at T2 they get
      // exactly the scores and segments of the full run at T2, quintiles and value tiers included.
      for (const keys of [all.slice(0, 100), all]) {
        const partial = await runWorkspace(ev, parseInstant(T2, 'UTC'), { customers: keys });
        expect(await scores(partial.run, keys)).toEqual(await scores(atT2, keys));
      }
    } finally {
      await close();
    }
  });
});

describe.each(STORES)('on %s, before every full run', (store) => {
  test('a customer run of an instant before every full run ranks its customers among the whole base, as a full run would', async () => {
    const { ev, close } = await importedFixture(store);
    try {
      await runWorkspace(ev, parseInstant(T2, 'UTC'));
      // No full run at or before T1: no cut points. Ranked among three customers (the bug this
      // guards against), they would get r = 1, 3 and 5 whatever their recency.
      const expected = await reference(T1);
      const scored = [...expected.rfm!].filter(([, segment]) => segment !== 'prospect').map(([key]) => key).sort();
      for (const keys of [scored.slice(0, 3), scored.filter((_, i) => i % 7 === 0)]) {
        const partial = await runWorkspace(ev, parseInstant(T1, 'UTC'), { customers: keys });
        for (const [key, segments] of Object.entries(expected)) {
          const got = await stateAt(ev.store, key, partial.run);
          expect(sorted(new Map(keys.map((k) => [k, got.get(k)!]))), key).toEqual(sorted(new Map(keys.map((k) => [k, segments.get(k)!]))));
        }
      }
      expect(scored.filter((_, i) => i % 7 === 0).length).toBeGreaterThan(100); // the second goes the SQL-subset way
    } finally {
      await close();
    }
  });

  test('runs are listed by instant, and transitions default to the last two full runs by instant', async () => {
    const { dir, env } = await importedByCli(store);
    // Today's run first, then an earlier month replayed, then a customer run of a later instant.
    await cliJson(['run', '--at', T2, '-w', dir], { env });
    await cliJson(['run', '--at', T1, '-w', dir], { env });
    await writeFile(path.join(dir, 'late.csv'), 'customer_id,type,time,amount,categories,products,order_id\nC000001,purchase,2026-10-10T10:00:00,30,food,cat-food,LATE1\n');
    expect((await cliJson<any>(['import', 'events', 'late.csv', '-w', dir, '--at', T3], { env })).json.reevaluated).toEqual({ run: 3, customers: 1 });
    expect((await cliJson<Array<{ run: number }>>(['runs', '-w', dir], { env })).json.map((r) => r.run)).toEqual([1, 2]);
    expect((await cliJson<Array<{ run: number }>>(['runs', '--all', '-w', dir], { env })).json.map((r) => r.run)).toEqual([3, 1, 2]);
    const expected = { from: 2, to: 1, ...migration((await reference(T1))['rf6']!, (await reference(T2))['rf6']!, ORDERS['rf6']!) };
    expect((await cliJson(['transitions', 'rf6', '-w', dir], { env })).json).toEqual(expected);
    expect((await cliJson(['transitions', 'rf6', '--to', '1', '-w', dir], { env })).json).toEqual(expected);
    expect((await cliJson(['transitions', 'rf6', '--from', '2', '-w', dir], { env })).json).toEqual(expected);
    const refused = await cliJson<{ error: { message: string } }>(['transitions', 'rf6', '--to', '2', '-w', dir], { env });
    expect(refused.code).toBe(1);
    expect(refused.json.error.message).toBe('no full run before run 2: give --from');
  });

  test('a customer run evaluates its customers as of its instant: one created after it has no memberships at that run, until a later one', async () => {
    const { dir, env } = await importedByCli(store);
    await cliJson(['run', '--at', T2, '-w', dir], { env });
    // C000002 was created on 2026-03-11, after T1 and before T2.
    const before = await cliJson<any>(['customer', 'C000002', '-w', dir], { env });
    expect(Object.keys(before.json.segmentations).length).toBeGreaterThan(0);
    const late = (file: string, id: string) =>
      writeFile(path.join(dir, file), `customer_id,type,time,amount,categories,products,order_id\nC000002,purchase,2025-12-01T10:00:00,30,food,cat-food,${id}\n`);
    await late('late.csv', 'LATE1');
    expect((await cliJson<any>(['import', 'events', 'late.csv', '-w', dir, '--at', T1], { env })).json.reevaluated).toEqual({ run: 2, customers: 1 });
    const atT1 = await cliJson<any>(['customer', 'C000002', '-w', dir], { env });
    expect([atT1.json.segmentations, atT1.json.segments]).toEqual([{}, []]);
    // Compared backwards in time (the later instant first), not existing reads as gone.
    expect((await cliJson<any>(['transitions', 'rf6', '--from', '1', '--to', '2', '-w', dir], { env })).json.gone).toBe(1);
    await late('later.csv', 'LATE2');
    await cliJson(['import', 'events', 'later.csv', '-w', dir, '--at', T2], { env });
    const again = await cliJson<any>(['customer', 'C000002', '-w', dir], { env });
    expect(Object.keys(again.json.segmentations).sort()).toEqual(Object.keys(before.json.segmentations).sort());
  });
});
