/**
 * segmentations.md computed independently for tests: per-customer measures by hand-written SQL over
 * the raw clinic CSV files, then scores, maps, lifecycle and value tiers in plain JavaScript
 * straight from the spec's tables.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FIXTURE } from './workspace.js';

export interface Measures {
  readonly recency: number;
  readonly firstDays: number;
  readonly frequency: number;
  readonly monetary: number;
}

/** Existing customers at `at` (ISO with offset) → their purchase measures (absent: no purchase); the fixture's files, or those of `dir`. */
export async function fixtureMeasures(at: string, options: { windowDays?: number; exclude?: readonly string[]; event?: string; dir?: string } = {}): Promise<{ existing: string[]; measures: Map<string, Measures> }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`SET TimeZone = 'Europe/Zurich'`);
    const raw = (f: string) => `read_csv('${path.join(options.dir ?? FIXTURE, f)}', all_varchar = true)`;
    const excluded = (options.exclude ?? []).map((k) => `'${k}'`).join(', ') || `''`;
    const existing = (await c.runAndReadAll(`SELECT id FROM ${raw('customers.csv')} WHERE CAST(created_at AS TIMESTAMPTZ) <= TIMESTAMPTZ '${at}' AND id NOT IN (${excluded}) ORDER BY id`)).getRowObjectsJS().map((r) => String(r['id']));
    const window = options.windowDays === undefined ? '' : `AND CAST(time AS TIMESTAMPTZ) >= TIMESTAMPTZ '${at}' - INTERVAL ${options.windowDays} DAY`;
    const rows = (
      await c.runAndReadAll(`
      SELECT customer_id AS id,
        (epoch(TIMESTAMPTZ '${at}') - epoch(max(CAST(time AS TIMESTAMPTZ)))) / 86400.0 AS recency,
        (epoch(TIMESTAMPTZ '${at}') - epoch(min(CAST(time AS TIMESTAMPTZ)))) / 86400.0 AS first_days,
        count(*) AS frequency,
        sum(coalesce(CAST(amount AS DECIMAL(18, 2)), 0)) AS monetary
      FROM ${raw('events.csv')}
      WHERE type = '${options.event ?? 'purchase'}' AND CAST(time AS TIMESTAMPTZ) <= TIMESTAMPTZ '${at}' ${window} AND customer_id IN (SELECT id FROM ${raw('customers.csv')} WHERE CAST(created_at AS TIMESTAMPTZ) <= TIMESTAMPTZ '${at}') AND customer_id NOT IN (${excluded})
      GROUP BY customer_id`)
    ).getRowObjectsJS();
    const measures = new Map<string, Measures>();
    for (const r of rows) measures.set(String(r['id']), { recency: Number(r['recency']), firstDays: Number(r['first_days']), frequency: Number(r['frequency']), monetary: Number(r['monetary']) });
    return { existing, measures };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** score = min(5, 1 + floor(5 × percent_rank)); ranks ascending (descending for recency), ties share their lowest rank. */
export function quintileScores(values: readonly number[], descending: boolean): number[] {
  const n = values.length;
  return values.map((v) => {
    const ahead = values.filter((w) => (descending ? w > v : w < v)).length;
    const percentRank = n === 1 ? 0 : ahead / (n - 1);
    return Math.min(5, 1 + Math.floor(5 * percentRank));
  });
}

export function thresholdScore(value: number, thresholds: readonly number[], lowIsBest: boolean): number {
  if (lowIsBest) {
    for (let i = 0; i < 4; i++) if (value <= thresholds[i]!) return 5 - i;
    return 1;
  }
  for (let i = 3; i >= 0; i--) if (value >= thresholds[i]!) return i + 2;
  return 1;
}

/** The rf6 table of segmentations.md. */
export function rf6(r: number, f: number): string {
  if (r >= 4 && f >= 4) return 'best';
  if (r >= 3 && f >= 3) return 'engaged';
  if (r >= 4 && f <= 2) return 'new';
  if (r >= 2 && r <= 3 && f <= 2) return 'slipping';
  if (r <= 2 && f >= 3) return 'at_risk';
  return 'inactive';
}

/** The standard11 table of segmentations.md. */
export function standard11(r: number, f: number): string {
  if (r === 5 && f >= 4) return 'champions';
  if (r >= 3 && r <= 4 && f >= 4) return 'loyal';
  if (r >= 4 && f >= 2 && f <= 3) return 'potential_loyalist';
  if (r === 5 && f === 1) return 'new';
  if (r === 4 && f === 1) return 'promising';
  if (r === 3 && f === 3) return 'need_attention';
  if (r === 3 && f <= 2) return 'about_to_sleep';
  if (r <= 2 && f >= 3 && f <= 4) return 'at_risk';
  if (r <= 2 && f === 5) return 'cant_lose';
  if ((r === 2 && f <= 2) || (r === 1 && f === 2)) return 'hibernating';
  return 'lost';
}

export type Segments = Map<string, string>;

/** r and f of every existing customer with purchases. */
export function rfmScores(
  data: { existing: string[]; measures: Map<string, Measures> },
  scoring: 'quintiles' | { recency: number[]; frequency: number[]; monetary: number[] },
): Map<string, { r: number; f: number }> {
  const scored = data.existing.filter((id) => data.measures.has(id));
  const m = scored.map((id) => data.measures.get(id)!);
  const r = scoring === 'quintiles' ? quintileScores(m.map((x) => x.recency), true) : m.map((x) => thresholdScore(x.recency, scoring.recency, true));
  const f = scoring === 'quintiles' ? quintileScores(m.map((x) => x.frequency), false) : m.map((x) => thresholdScore(x.frequency, scoring.frequency, false));
  return new Map(scored.map((id, i) => [id, { r: r[i]!, f: f[i]! }]));
}

/** RFM segment of every existing customer (prospect without purchases). */
export function rfmSegments(
  data: { existing: string[]; measures: Map<string, Measures> },
  scoring: 'quintiles' | { recency: number[]; frequency: number[]; monetary: number[] },
  map: (r: number, f: number) => string,
): Segments {
  const out: Segments = new Map(data.existing.map((id) => [id, 'prospect']));
  for (const [id, { r, f }] of rfmScores(data, scoring)) out.set(id, map(r, f));
  return out;
}

export function lifecycleSegments(data: { existing: string[]; measures: Map<string, Measures> }, days = { new: 90, active: 180, lapsed: 365 }): Segments {
  const out: Segments = new Map();
  for (const id of data.existing) {
    const m = data.measures.get(id);
    if (!m) out.set(id, 'prospect');
    else if (m.firstDays <= days.new) out.set(id, 'new');
    else if (m.recency <= days.active) out.set(id, 'active');
    else if (m.recency <= days.lapsed) out.set(id, 'at_risk');
    else out.set(id, 'lapsed');
  }
  return out;
}

/** A customer's revenue in cents (exact, so that equal revenues tie); 0 without purchases. */
export function revenueCents(m: Measures | undefined): number {
  return Math.round((m?.monetary ?? 0) * 100);
}

/** Value tiers: revenue descending, ties by key; A while before < 80% of the total, B while < 95% (or the shares given). */
export function valueTiers(data: { existing: string[]; measures: Map<string, Measures> }, shares: readonly [number, number] = [0.8, 0.95]): Segments {
  const revenue = (id: string) => revenueCents(data.measures.get(id));
  const sorted = [...data.existing].sort((a, b) => revenue(b) - revenue(a) || (a < b ? -1 : a > b ? 1 : 0));
  const total = sorted.reduce((sum, id) => sum + revenue(id), 0);
  const out: Segments = new Map();
  let before = 0;
  for (const id of sorted) {
    const rev = revenue(id);
    out.set(id, rev <= 0 ? 'none' : before < shares[0] * total ? 'A' : before < shares[1] * total ? 'B' : 'C');
    before += rev;
  }
  return out;
}

/** Migration counts between two assignments, as transitions report them. */
export function migration(before: Segments, after: Segments, order: readonly string[]) {
  const matrix: Record<string, Record<string, number>> = {};
  let up = 0;
  let down = 0;
  let stayed = 0;
  let fresh = 0;
  let gone = 0;
  for (const [id, a] of before) {
    const b = after.get(id);
    if (b === undefined) {
      gone += 1;
      continue;
    }
    (matrix[a] ??= {})[b] = (matrix[a]![b] ?? 0) + 1;
    const move = order.indexOf(b) - order.indexOf(a);
    if (move < 0) up += 1;
    else if (move > 0) down += 1;
    else stayed += 1;
  }
  for (const id of after.keys()) if (!before.has(id)) fresh += 1;
  return { matrix, up, down, stayed, new: fresh, gone };
}
