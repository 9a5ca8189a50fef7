/**
 * A clinic the fixture is not: 3,000 customers drawn by the demo generator (another seed, three
 * years of history), with fixed prices (amounts rounded to tens), refunds and missing amounts, run
 * the way a user runs it on the command line: a 12-month replay, 1 customer in 100 erased, a 6-month
 * replay, then new purchases for 1 customer in 50 imported as of a later instant (a customer run).
 * Every run's sizes, every customer's segments at every run, migration matrices, entered and left,
 * and the customer run are held to a second reference, written apart from
 * test/support/segmentation-reference.ts: segmentations.md and four rules of rules.md in
 * PostgreSQL SQL alone, over the raw CSV text. Besides standard11 on quintiles, settings other
 * than the fixture's: RFM thresholds of other values, a custom map on visits (no amount),
 * lifecycle of 60/120/300 days, value tiers over 180 days at 70 % / 90 %. On both stores.
 * `SEGMENTA_GENERATED_CUSTOMERS=N` and `SEGMENTA_GENERATED_SEED=S` draw another clinic,
 * `SEGMENTA_GENERATED_ZONE` puts it in another time zone (its naive times and runs' instants).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateClinic } from '../../src/demo/index.js';
import { createRandom } from '../../src/math/random.js';
import { cliJson } from '../support/cli.js';
import { withFixedPrices } from '../support/fixed-prices.js';
import { POSTGRES_URL, STORES, testSchema, useStore, type StoreKind } from '../support/stores.js';
import { open, tempDir } from '../support/workspace.js';

/** Rule segments (rules.md), each with its own SQL in the reference below. */
const SEGMENTS = `segments:
  cats: { rule: 'any(pets where species = "cat")' }
  twice-in-90-days: { rule: count(purchase within 90 days) >= 2 }
  surgery: { rule: 'sum(purchase.amount where categories contains "surgery" within 12 months) > 1000' }
  stopped-visiting: { rule: any(visit within 12 months) and none(visit within 3 months) }
`;
const SEGMENT_IDS = ['cats', 'twice-in-90-days', 'surgery', 'stopped-visiting'] as const;
const SEGMENTATIONS = `segmentations:
  rf6:
    model: rfm
    event: purchase
    amount: amount
    scoring: { recency_days: [20, 75, 150, 400], frequency: [2, 3, 6, 12], monetary: [100, 400, 900, 2000] }
    map: rf6
  s11: { model: rfm, event: purchase, amount: amount, scoring: quintiles, map: standard11 }
  mine:
    model: rfm
    event: visit
    scoring: quintiles
    map:
      top: { name: Top, r: "4..5", f: [4, 5] }
      mid: { name: Mid, cells: [{ r: 3, f: "1..5" }, { r: "4..5", f: "1..3" }] }
      low: { name: Low }
  life: { model: lifecycle, event: purchase, new_days: 60, active_days: 120, lapsed_days: 300 }
  tiers: { model: value_tiers, event: purchase, amount: amount, window_days: 180, thresholds: [0.7, 0.9] }
`;
const KEYS = ['rf6', 's11', 'mine', 'life', 'tiers'] as const;
/** Best first, as segmentations.md and the map above order them. */
const ORDER: Record<string, readonly string[]> = {
  s11: ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost', 'prospect'],
  mine: ['top', 'mid', 'low', 'prospect'],
  life: ['active', 'new', 'at_risk', 'lapsed', 'prospect'],
  tiers: ['A', 'B', 'C', 'none'],
};
const CUSTOMERS = Number(process.env['SEGMENTA_GENERATED_CUSTOMERS'] ?? 3000);
const SEED = Number(process.env['SEGMENTA_GENERATED_SEED'] ?? 4711);
const ZONE = process.env['SEGMENTA_GENERATED_ZONE'] ?? 'Europe/Zurich';
/** Month starts of the two replays (runs 1–12, then 13–18 after the erasure), local midnight. */
const FIRST_REPLAY = ['2025-07-01', '2026-06-01'] as const;
const SECOND_REPLAY = ['2026-07-01', '2026-12-01'] as const;
const ERASED_AFTER_RUN = 12;
const CUSTOMER_RUN_AT = '2026-12-15';

/**
 * The measures of customer `c` at `i.at` over the events of `events`: purchases' recency, age of
 * the first and count; visits' recency and count; revenue over the value tiers' 180 days.
 */
function measures(events: string): string {
  const over = (type: string) => `FROM ${events} e WHERE e.id = c.id AND e.type = '${type}' AND e.t <= i.at`;
  return [
    `(SELECT extract(epoch FROM i.at - max(e.t)) / 86400 ${over('purchase')}) AS p_rec`,
    `(SELECT extract(epoch FROM i.at - min(e.t)) / 86400 ${over('purchase')}) AS p_first`,
    `(SELECT count(*) ${over('purchase')}) AS p_freq`,
    `(SELECT extract(epoch FROM i.at - max(e.t)) / 86400 ${over('visit')}) AS v_rec`,
    `(SELECT count(*) ${over('visit')}) AS v_freq`,
    `(SELECT coalesce(sum(coalesce(e.amount, 0)), 0) ${over('purchase')} AND e.t >= i.at - interval '180 days') AS rev`,
  ].join(',\n  ');
}

/** Whether customer `c` is in each rule segment at `i.at`: one boolean column per segment, named by its id. */
function segmentTests(events: string): string {
  const within = (span: string) => `e.t BETWEEN i.at - interval '${span}' AND i.at`;
  return [
    `EXISTS (SELECT 1 FROM raw_pets p WHERE p.customer_id = c.id AND p.species = 'cat') AS "cats"`,
    `(SELECT count(*) FROM ${events} e WHERE e.id = c.id AND e.type = 'purchase' AND ${within('90 days')}) >= 2 AS "twice-in-90-days"`,
    `coalesce((SELECT sum(e.amount) FROM ${events} e WHERE e.id = c.id AND e.type = 'purchase' AND 'surgery' = ANY (e.categories) AND ${within('12 months')}) > 1000, false) AS "surgery"`,
    `EXISTS (SELECT 1 FROM ${events} e WHERE e.id = c.id AND e.type = 'visit' AND ${within('12 months')})
    AND NOT EXISTS (SELECT 1 FROM ${events} e WHERE e.id = c.id AND e.type = 'visit' AND ${within('3 months')}) AS "stopped-visiting"`,
  ].join(',\n  ');
}

/** segmentations.md and the rule segments in SQL, per run and customer; `cust`, `ev` are the raw text typed, `inst(run, at)` the runs. */
const REFERENCE = `
CREATE TABLE cust AS SELECT id, (created_at::timestamp AT TIME ZONE '${ZONE}') AS created, id IN (SELECT id FROM erased) AS erased FROM raw_customers;
CREATE TABLE ev AS SELECT customer_id AS id, type, (time::timestamp AT TIME ZONE '${ZONE}') AS t, nullif(amount, '')::numeric AS amount,
  string_to_array(categories, '|') AS categories FROM raw_events;
CREATE INDEX ON ev (id, type, t);
ANALYZE ev;
CREATE TABLE inst AS SELECT row_number() OVER (ORDER BY t)::int AS run, (t AT TIME ZONE '${ZONE}') AS at
  FROM (SELECT generate_series(timestamp '${FIRST_REPLAY[0]}', timestamp '${SECOND_REPLAY[1]}', interval '1 month') AS t) s;
-- Existing customers at each run (the erased ones until they were erased), with their measures.
CREATE TABLE meas AS
SELECT i.run, c.id,
  ${measures('ev')}
FROM inst i JOIN cust c ON c.created <= i.at AND (NOT c.erased OR i.run <= ${ERASED_AFTER_RUN});
-- Quintile scores (percent_rank among the customers with such events) and thresholds.
CREATE TABLE scores AS
SELECT m.*,
  CASE WHEN p_rec <= 20 THEN 5 WHEN p_rec <= 75 THEN 4 WHEN p_rec <= 150 THEN 3 WHEN p_rec <= 400 THEN 2 ELSE 1 END AS r6,
  CASE WHEN p_freq >= 12 THEN 5 WHEN p_freq >= 6 THEN 4 WHEN p_freq >= 3 THEN 3 WHEN p_freq >= 2 THEN 2 ELSE 1 END AS f6,
  CASE WHEN p_freq > 0 THEN least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY run, p_freq > 0 ORDER BY p_rec DESC)))::int END AS pr,
  CASE WHEN p_freq > 0 THEN least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY run, p_freq > 0 ORDER BY p_freq)))::int END AS pf,
  CASE WHEN v_freq > 0 THEN least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY run, v_freq > 0 ORDER BY v_rec DESC)))::int END AS vr,
  CASE WHEN v_freq > 0 THEN least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY run, v_freq > 0 ORDER BY v_freq)))::int END AS vf,
  sum(rev) OVER (PARTITION BY run) AS total,
  coalesce(sum(rev) OVER (PARTITION BY run ORDER BY rev DESC, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
FROM meas m;
CREATE FUNCTION rf6(r int, f int) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN r >= 4 AND f >= 4 THEN 'best' WHEN r >= 3 AND f >= 3 THEN 'engaged' WHEN r >= 4 AND f <= 2 THEN 'new'
    WHEN r BETWEEN 2 AND 3 AND f <= 2 THEN 'slipping' WHEN r <= 2 AND f >= 3 THEN 'at_risk' WHEN r = 1 AND f <= 2 THEN 'inactive' END $$;
CREATE FUNCTION standard11(r int, f int) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN r = 5 AND f >= 4 THEN 'champions' WHEN r IN (3, 4) AND f >= 4 THEN 'loyal'
    WHEN r >= 4 AND f IN (2, 3) THEN 'potential_loyalist' WHEN r = 5 AND f = 1 THEN 'new' WHEN r = 4 AND f = 1 THEN 'promising'
    WHEN r = 3 AND f = 3 THEN 'need_attention' WHEN r = 3 AND f <= 2 THEN 'about_to_sleep' WHEN r <= 2 AND f IN (3, 4) THEN 'at_risk'
    WHEN r <= 2 AND f = 5 THEN 'cant_lose' WHEN (r = 2 AND f <= 2) OR (r = 1 AND f = 2) THEN 'hibernating' WHEN r = 1 AND f = 1 THEN 'lost' END $$;
CREATE FUNCTION mine(r int, f int) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN r >= 4 AND f >= 4 THEN 'top' WHEN r = 3 OR (r >= 4 AND f <= 3) THEN 'mid' ELSE 'low' END $$;
CREATE FUNCTION life(p_freq bigint, p_first numeric, p_rec numeric) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN p_freq = 0 THEN 'prospect' WHEN p_first <= 60 THEN 'new' WHEN p_rec <= 120 THEN 'active'
    WHEN p_rec <= 300 THEN 'at_risk' ELSE 'lapsed' END $$;
CREATE TABLE expected AS
SELECT run, id, 'rf6' AS key, CASE WHEN p_freq = 0 THEN 'prospect' ELSE rf6(r6, f6) END AS segment FROM scores
UNION ALL SELECT run, id, 's11', CASE WHEN p_freq = 0 THEN 'prospect' ELSE standard11(pr, pf) END FROM scores
UNION ALL SELECT run, id, 'mine', CASE WHEN v_freq = 0 THEN 'prospect' ELSE mine(vr, vf) END FROM scores
UNION ALL SELECT run, id, 'life', life(p_freq, p_first, p_rec) FROM scores
UNION ALL SELECT run, id, 'tiers', CASE WHEN rev <= 0 THEN 'none' WHEN before < 0.7 * total THEN 'A' WHEN before < 0.9 * total THEN 'B' ELSE 'C' END FROM scores;
-- The rule segments: a member has a row (segment NULL); "within" from the same local time before, both ends included.
CREATE TABLE members AS
SELECT i.run, c.id,
  ${segmentTests('ev')}
FROM inst i JOIN cust c ON c.created <= i.at AND (NOT c.erased OR i.run <= ${ERASED_AFTER_RUN});
INSERT INTO expected ${SEGMENT_IDS.map((id) => `SELECT run, id, '${id}', NULL FROM members WHERE "${id}"`).join(' UNION ALL ')};
`;

/**
 * The customer run: the new purchases' customers as of CUSTOMER_RUN_AT, quintiles and value tiers
 * placed by the last full run's holders (a score k from the value of its lowest holder; a tier up
 * to its last customer by revenue, then key).
 */
const CUSTOMER_RUN_REFERENCE = `
CREATE TABLE ev_after AS SELECT * FROM ev UNION ALL
  SELECT customer_id, type, time::timestamp AT TIME ZONE '${ZONE}', nullif(amount, '')::numeric, string_to_array(categories, '|') FROM raw_new_events;
CREATE INDEX ON ev_after (id, type, t);
CREATE TABLE last_full AS SELECT * FROM scores WHERE run = (SELECT max(run) FROM inst);
CREATE TABLE customer_run AS
WITH i AS (SELECT timestamp '${CUSTOMER_RUN_AT}' AT TIME ZONE '${ZONE}' AS at),
m AS (
  SELECT c.id,
    ${measures('ev_after')}
  FROM i, cust c WHERE c.id IN (SELECT customer_id FROM raw_new_events) AND c.created <= i.at),
s AS (
  SELECT m.*,
    CASE WHEN p_rec <= 20 THEN 5 WHEN p_rec <= 75 THEN 4 WHEN p_rec <= 150 THEN 3 WHEN p_rec <= 400 THEN 2 ELSE 1 END AS r6,
    CASE WHEN p_freq >= 12 THEN 5 WHEN p_freq >= 6 THEN 4 WHEN p_freq >= 3 THEN 3 WHEN p_freq >= 2 THEN 2 ELSE 1 END AS f6,
    coalesce((SELECT max(pr) FROM (SELECT pr, max(p_rec) AS v FROM last_full WHERE pr IS NOT NULL GROUP BY pr) h WHERE m.p_rec <= h.v), 1) AS pr,
    coalesce((SELECT max(pf) FROM (SELECT pf, min(p_freq) AS v FROM last_full WHERE pf IS NOT NULL GROUP BY pf) h WHERE m.p_freq >= h.v), 1) AS pf,
    coalesce((SELECT max(vr) FROM (SELECT vr, max(v_rec) AS v FROM last_full WHERE vr IS NOT NULL GROUP BY vr) h WHERE m.v_rec <= h.v), 1) AS vr,
    coalesce((SELECT max(vf) FROM (SELECT vf, min(v_freq) AS v FROM last_full WHERE vf IS NOT NULL GROUP BY vf) h WHERE m.v_freq >= h.v), 1) AS vf
  FROM m),
tiered AS (SELECT id, rev, CASE WHEN rev <= 0 THEN 'none' WHEN before < 0.7 * total THEN 'A' WHEN before < 0.9 * total THEN 'B' ELSE 'C' END AS tier FROM last_full),
a AS (SELECT rev, id FROM tiered WHERE tier = 'A' ORDER BY rev, id COLLATE "C" DESC LIMIT 1),
b AS (SELECT rev, id FROM tiered WHERE tier = 'B' ORDER BY rev, id COLLATE "C" DESC LIMIT 1)
SELECT id, 'rf6' AS key, CASE WHEN p_freq = 0 THEN 'prospect' ELSE rf6(r6, f6) END AS segment FROM s
UNION ALL SELECT id, 's11', CASE WHEN p_freq = 0 THEN 'prospect' ELSE standard11(pr, pf) END FROM s
UNION ALL SELECT id, 'mine', CASE WHEN v_freq = 0 THEN 'prospect' ELSE mine(vr, vf) END FROM s
UNION ALL SELECT id, 'life', life(p_freq, p_first, p_rec) FROM s
UNION ALL SELECT s.id, 'tiers', CASE WHEN s.rev <= 0 THEN 'none'
  WHEN s.rev > a.rev OR (s.rev = a.rev AND s.id COLLATE "C" <= a.id COLLATE "C") THEN 'A'
  WHEN s.rev > b.rev OR (s.rev = b.rev AND s.id COLLATE "C" <= b.id COLLATE "C") THEN 'B' ELSE 'C' END FROM s, a, b;
CREATE TABLE customer_run_members AS
SELECT c.id, ${segmentTests('ev_after')}
FROM (SELECT timestamp '${CUSTOMER_RUN_AT}' AT TIME ZONE '${ZONE}' AS at) i, cust c WHERE c.id IN (SELECT customer_id FROM raw_new_events);
INSERT INTO customer_run ${SEGMENT_IDS.map((id) => `SELECT id, '${id}', NULL FROM customer_run_members WHERE "${id}"`).join(' UNION ALL ')};
`;

interface Clinic {
  readonly dir: string;
  readonly yaml: string;
  readonly files: Record<'customers.csv' | 'pets.csv' | 'events.csv' | 'new_events.csv', string>;
  readonly erased: readonly string[];
}

/** Data rows of a generated CSV (no quoted fields: the generator writes none, checked; CRLF as RFC 4180 has it). */
function rows(text: string): string[][] {
  expect(text.includes('"')).toBe(false);
  return text.trimEnd().split(/\r?\n/).slice(1).map((line) => line.split(','));
}

async function generatedClinic(): Promise<Clinic> {
  const dir = await tempDir('segmenta-generated-');
  await generateClinic({ dir, customers: CUSTOMERS, seed: SEED, until: '2026-11-30' });
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  const generatedYaml = await read('segmenta.yaml');
  const declarations = generatedYaml.slice(0, generatedYaml.indexOf('\nsegments:') + 1).replace(/^timezone: .*$/m, `timezone: ${ZONE}`);
  expect(declarations).toContain('events:');
  expect(declarations).toContain(`timezone: ${ZONE}\n`);
  const customers = await read('customers.csv');
  const keys = rows(customers).map((r) => r[0]!);
  const erased = keys.filter((_, i) => i % 100 === 99);
  const buyers = keys.filter((k, i) => i % 50 === 7 && !erased.includes(k)).slice(0, 500);
  const newEvents = [
    'customer_id,type,time,amount,categories,products,order_id',
    ...buyers.map((k, i) => `${k},purchase,2026-12-10T10:00:00,${i % 3 === 0 ? 500 : 50},consultation,consultation,N${i}`),
  ];
  return {
    dir,
    yaml: declarations + SEGMENTS + SEGMENTATIONS,
    files: { 'customers.csv': customers, 'pets.csv': await read('pets.csv'), 'events.csv': withFixedPrices(await read('events.csv'), createRandom(SEED)), 'new_events.csv': newEvents.join('\n') + '\n' },
    erased,
  };
}

/** The reference, in its own PostgreSQL schema, from the raw text of the files. */
async function reference(clinic: Clinic, client: pg.Client, schema: string): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"; SET search_path = "${schema}"; SET TimeZone = '${ZONE}'`);
  /** A table of text columns, taken by name from a CSV's header. */
  const load = async (table: string, columns: readonly string[], csv: string) => {
    const header = csv.slice(0, csv.search(/\r?\n/)).split(',');
    const data = rows(csv);
    for (const c of columns) expect(header, `${table}: column ${c}`).toContain(c);
    await client.query(`CREATE TABLE ${table} (${columns.map((c) => `${c} text`).join(', ')})`);
    const arrays = columns.map((c) => data.map((r) => r[header.indexOf(c)]!));
    await client.query(`INSERT INTO ${table} SELECT * FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')})`, arrays);
  };
  await load('raw_customers', ['id', 'created_at'], clinic.files['customers.csv']);
  await load('raw_pets', ['customer_id', 'species'], clinic.files['pets.csv']);
  await load('raw_events', ['customer_id', 'type', 'time', 'amount', 'categories'], clinic.files['events.csv']);
  await load('raw_new_events', ['customer_id', 'type', 'time', 'amount', 'categories'], clinic.files['new_events.csv']);
  await load('erased', ['id'], ['id', ...clinic.erased].join('\n') + '\n');
  await client.query(REFERENCE);
  await client.query(CUSTOMER_RUN_REFERENCE);
}

interface RunJson {
  run: number;
  at: string;
  segments: Record<string, number>;
  segmentations: Record<string, Record<string, number>>;
}
interface TransitionsJson {
  matrix: Record<string, Record<string, number>>;
  up: number;
  down: number;
  stayed: number;
  new: number;
  gone: number;
}

/** Cells of a matrix that hold customers, as sorted text. */
function cells(matrix: Record<string, Record<string, number>>): string[] {
  return Object.entries(matrix)
    .flatMap(([from, row]) => Object.entries(row).filter(([, n]) => n > 0).map(([to, n]) => `${from} → ${to}: ${n}`))
    .sort();
}

describe.skipIf(!STORES.includes('postgres'))('a generated clinic against a reference written in PostgreSQL SQL', () => {
  let clinic: Clinic;
  let client: pg.Client;
  let schema: string;
  const sql = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await client.query<T>(text, values)).rows;

  beforeAll(async () => {
    clinic = await generatedClinic();
    client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    schema = testSchema(clinic.dir);
    await reference(clinic, client, schema);
  }, 300_000);
  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client?.end();
  });

  test.each(STORES)('%s: replays, an erasure and a customer run, as the reference says', async (store: StoreKind) => {
    const dir = useStore(await tempDir(), store);
    await writeFile(path.join(dir, 'segmenta.yaml'), clinic.yaml);
    for (const [name, text] of Object.entries(clinic.files)) await writeFile(path.join(dir, name), text);
    const ok = async <T>(args: string[]) => {
      const { code, json, stderr } = await cliJson<T>([...args, '-w', dir]);
      expect(code, stderr).toBe(0);
      return json;
    };
    for (const entity of ['customers', 'pets', 'events']) expect((await ok<{ rejected: number }>(['import', entity, `${entity}.csv`])).rejected).toBe(0);
    const first = await ok<RunJson[]>(['run', '--every', 'month', '--from', FIRST_REPLAY[0], '--to', FIRST_REPLAY[1]]);
    expect((await ok<{ deleted: number }>(['delete', ...clinic.erased])).deleted).toBe(clinic.erased.length);
    const second = await ok<RunJson[]>(['run', '--every', 'month', '--from', SECOND_REPLAY[0], '--to', SECOND_REPLAY[1]]);
    const runs = [...first, ...second];

    // The runs are at the reference's instants, with its sizes (the erased customers counted in the runs before).
    const instants = await sql<{ run: number; at: Date }>(`SELECT run, at FROM inst ORDER BY run`);
    expect(runs.map((r) => [r.run, new Date(r.at).getTime()])).toEqual(instants.map((i) => [i.run, i.at.getTime()]));
    const sizes = await sql<{ run: number; key: string; segment: string; n: number }>(`SELECT run, key, segment, count(*)::int AS n FROM expected GROUP BY 1, 2, 3`);
    const expectedSizes = Object.fromEntries(sizes.map((s) => [`${s.run} ${s.key} ${s.segment}`, s.n]));
    const madeSizes = Object.fromEntries(
      runs.flatMap((r) => [
        ...KEYS.flatMap((k) => Object.entries(r.segmentations[k]!).filter(([, n]) => n > 0).map(([segment, n]) => [`${r.run} ${k} ${segment}`, n])),
        ...SEGMENT_IDS.filter((id) => r.segments[id]! > 0).map((id) => [`${r.run} ${id} null`, r.segments[id]!]),
      ]),
    );
    expect(madeSizes).toEqual(expectedSizes);
    for (const id of SEGMENT_IDS) expect(runs.filter((r) => r.segments[id]! > 0).length, id).toBeGreaterThan(0);

    // Every customer at every run; the erased ones, kept anonymously, counted per segment. One run
    // at a time, so that the test's memory does not grow with customers × runs.
    const ws = await open(dir, store);
    try {
      type Line = { run: number; id: string; key: string; segment: string };
      const line = (r: Line) => `${Number(r.run)} ${r.id} ${r.key} ${r.segment}`;
      const heldErased: Line[] = [];
      for (const { run } of runs) {
        const held = await ws.store.query<Line>(
          `SELECT r.id AS run, m._customer AS id, m.key, m.segment FROM runs r
           JOIN memberships m ON m.from_run <= r.id AND (m.to_run IS NULL OR m.to_run > r.id) WHERE r.kind = 'full' AND r.id = $1`,
          [run],
        );
        const expectedLines = await sql<Line>(`SELECT * FROM expected WHERE run = $1 AND id NOT IN (SELECT id FROM erased)`, [run]);
        const want = new Set(expectedLines.map(line));
        const have = held.filter((r) => !r.id.startsWith('erased:')).map(line);
        expect(have.length, `run ${run}`).toBe(want.size);
        expect(have.filter((l) => !want.has(l)).slice(0, 5), `run ${run}`).toEqual([]);
        heldErased.push(...held.filter((r) => r.id.startsWith('erased:')));
      }
      const anonymous = (list: { run: number; key: string; segment: string }[]) => {
        const counts: Record<string, number> = {};
        for (const r of list) {
          const cell = `${Number(r.run)} ${r.key} ${r.segment}`;
          counts[cell] = (counts[cell] ?? 0) + 1;
        }
        return counts;
      };
      const erasedExpected = await sql<{ run: number; key: string; segment: string }>(`SELECT run, key, segment FROM expected WHERE id IN (SELECT id FROM erased)`);
      expect(erasedExpected.length).toBeGreaterThan(0);
      expect(anonymous(heldErased)).toEqual(anonymous(erasedExpected));
    } finally {
      await ws.close();
    }

    // Migration matrices across the erasure and across six months, with up, down, new and gone.
    for (const [from, to] of [[ERASED_AFTER_RUN, ERASED_AFTER_RUN + 1], [3, 9]] as const) {
      for (const key of ['s11', 'mine', 'life', 'tiers']) {
        const made = await ok<TransitionsJson>(['transitions', key, '--from', String(from), '--to', String(to)]);
        const pairs = await sql<{ f: string | null; t: string | null; n: number }>(
          `SELECT a.segment AS f, b.segment AS t, count(*)::int AS n
           FROM (SELECT id, segment FROM expected WHERE run = $1 AND key = $3) a
           FULL JOIN (SELECT id, segment FROM expected WHERE run = $2 AND key = $3) b USING (id) GROUP BY 1, 2`,
          [from, to, key],
        );
        const rank = (s: string) => ORDER[key]!.indexOf(s);
        const matrix: Record<string, Record<string, number>> = {};
        const counts = { up: 0, down: 0, stayed: 0, new: 0, gone: 0 };
        for (const { f, t, n } of pairs) {
          if (f === null) counts.new += n;
          else if (t === null) counts.gone += n;
          else {
            (matrix[f] ??= {})[t] = n;
            counts[rank(t) < rank(f) ? 'up' : rank(t) > rank(f) ? 'down' : 'stayed'] += n;
          }
        }
        expect(cells(made.matrix), `${key} ${from} → ${to}`).toEqual(cells(matrix));
        expect({ up: made.up, down: made.down, stayed: made.stayed, new: made.new, gone: made.gone }, `${key} ${from} → ${to}`).toEqual(counts);
      }
      for (const id of SEGMENT_IDS) {
        const made = await ok<{ entered: number; left: number }>(['transitions', id, '--from', String(from), '--to', String(to)]);
        const [moves] = await sql<{ entered: number; left: number }>(
          `SELECT count(*) FILTER (WHERE a.id IS NULL)::int AS entered, count(*) FILTER (WHERE b.id IS NULL)::int AS left
           FROM (SELECT id FROM expected WHERE run = $1 AND key = $3) a FULL JOIN (SELECT id FROM expected WHERE run = $2 AND key = $3) b USING (id)`,
          [from, to, id],
        );
        expect({ entered: made.entered, left: made.left }, `${id} ${from} → ${to}`).toEqual(moves);
      }
    }

    // New purchases as of a later instant: their customers move as the reference says, no one else.
    const imported = await ok<{ inserted: number; reevaluated: { run: number; customers: number } | null }>(['import', 'events', 'new_events.csv', '--at', CUSTOMER_RUN_AT]);
    const buyers = rows(clinic.files['new_events.csv']).map((r) => r[0]!);
    const isBuyer = new Set(buyers);
    expect(imported.inserted).toBe(buyers.length);
    expect(imported.reevaluated?.customers).toBe(buyers.length);
    const run = imported.reevaluated!.run;
    const after = await open(dir, store);
    try {
      const state = await after.store.query<{ id: string; key: string; segment: string }>(
        `SELECT _customer AS id, key, segment FROM memberships WHERE from_run <= $1 AND (to_run IS NULL OR to_run > $1)`,
        [run],
      );
      const expected = await sql<{ id: string; key: string; segment: string | null }>(`SELECT id, key, segment FROM customer_run`);
      expect(expected.filter((r) => r.segment !== null).length).toBe(buyers.length * KEYS.length);
      const text = (r: { id: string; key: string; segment: string | null }) => `${r.id} ${r.key} ${r.segment}`;
      expect(state.filter((r) => isBuyer.has(r.id)).map(text).sort()).toEqual(expected.map(text).sort());
      const written = await after.store.query<{ id: string }>(`SELECT DISTINCT _customer AS id FROM memberships WHERE from_run = $1 OR to_run = $1`, [run]);
      expect(written.length).toBeGreaterThan(buyers.length / 2);
      expect(written.filter((r) => !isBuyer.has(r.id))).toEqual([]);
    } finally {
      await after.close();
    }
  }, 600_000);
});
