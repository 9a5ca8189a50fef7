/**
 * Random segmentation settings for the clinic fixture, as YAML, each with what
 * segmentations.md makes of them (test/support/segmentation-reference.ts): RFM on purchases or
 * visits, scored on quintiles or on random ascending thresholds (fractional days, a frequency
 * threshold of 1), through rf6, standard11 or a random custom map (scores, ranges, lists and
 * unions of cells, the first segment taking a cell keeping it); lifecycle with random days (new
 * days beyond the active days too); value tiers with a random window and shares.
 */
import type { Random } from '../../src/math/random.js';
import {
  fixtureMeasures,
  lifecycleSegments,
  rf6,
  rfmScores,
  rfmSegments,
  revenueCents,
  standard11,
  valueTiers,
  type Segments,
} from '../support/segmentation-reference.js';

/** fixtureMeasures, read once per instant, event and window (each segmentation asks again). */
const measured = new Map<string, ReturnType<typeof fixtureMeasures>>();
function measures(at: string, options: { event?: string; windowDays?: number; dir?: string }): ReturnType<typeof fixtureMeasures> {
  const key = `${at} ${options.event ?? 'purchase'} ${options.windowDays ?? ''} ${options.dir ?? ''}`;
  if (!measured.has(key)) measured.set(key, fixtureMeasures(at, options));
  return measured.get(key)!;
}

const RF6_ORDER = ['best', 'engaged', 'new', 'slipping', 'at_risk', 'inactive', 'prospect'];
const STANDARD11_ORDER = ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost', 'prospect'];

export interface DrawnSegmentation {
  readonly id: string;
  /** The segmentation's YAML entry, indented under `segmentations:`. */
  readonly yaml: string;
  /** Segments best first, as transitions order them. */
  readonly order: readonly string[];
  /** Every existing customer's segment at `at` (ISO with offset), per segmentations.md. */
  expected(at: string): Promise<Segments>;
  /**
   * Every existing customer's segment at `at` as a customer run places it, scored with the cut points
   * of a full run at `fullAt` where the segmentation ranks the base (docs/workspace.md): a score k
   * from the value of its last holder then; a value tier up to its last customer then, by revenue
   * and key.
   */
  customerRun(fullAt: string, at: string): Promise<Segments>;
}

/** Four distinct values of `pool`, ascending. */
function ascending(random: Random, pool: readonly number[]): number[] {
  const chosen = new Set<number>();
  while (chosen.size < 4) chosen.add(random.pick(pool));
  return [...chosen].sort((a, b) => a - b);
}

/** A score set as the map syntax writes it, and the scores it means. */
function scoreSet(random: Random): { text: string; scores: number[] } {
  const lo = random.int(1, 5);
  const hi = random.int(lo, 5);
  const form = random.int(0, 2);
  if (form === 0 || lo === hi) return { text: String(lo), scores: [lo] };
  const scores = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  if (form === 1) return { text: `"${lo}..${hi}"`, scores };
  const list = scores.filter(() => random.chance(0.6));
  const kept = list.length > 0 ? list : [lo];
  return { text: `[${kept.join(', ')}]`, scores: kept };
}

/** A custom map: random segments in order, each keeping the cells no earlier one took, then the rest. */
function customMap(random: Random): { yaml: string; order: string[]; segment: (r: number, f: number) => string } {
  const owner = new Map<string, string>();
  const lines: string[] = [];
  const order: string[] = [];
  const wanted = random.int(1, 5);
  for (let i = 0; order.length < wanted && i < 20; i++) {
    const id = `s${order.length + 1}`;
    const rectangles = Array.from({ length: random.chance(0.3) ? 2 : 1 }, () => ({ r: scoreSet(random), f: scoreSet(random) }));
    const fresh: string[] = [];
    for (const { r, f } of rectangles) for (const a of r.scores) for (const b of f.scores) if (!owner.has(`${a},${b}`) && !fresh.includes(`${a},${b}`)) fresh.push(`${a},${b}`);
    if (fresh.length === 0 || owner.size + fresh.length === 25) continue; // a segment without cells is an error; leave some for the last
    for (const cell of fresh) owner.set(cell, id);
    order.push(id);
    lines.push(
      rectangles.length === 1
        ? `        ${id}: { name: Segment ${id}, r: ${rectangles[0]!.r.text}, f: ${rectangles[0]!.f.text} }`
        : `        ${id}: { cells: [${rectangles.map(({ r, f }) => `{ r: ${r.text}, f: ${f.text} }`).join(', ')}] }`,
    );
  }
  lines.push(`        rest: { name: The rest }`);
  order.push('rest', 'prospect');
  return { yaml: lines.join('\n'), order, segment: (r, f) => owner.get(`${r},${f}`) ?? 'rest' };
}

function rfm(random: Random, id: string, dir: string | undefined): DrawnSegmentation {
  const event = random.chance(0.75) ? 'purchase' : 'visit';
  const quintiles = random.chance(0.5);
  const thresholds = {
    recency: ascending(random, [0.5, 7, 14, 30, 45.5, 60, 90, 120, 180, 270, 365, 400, 730]),
    frequency: ascending(random, [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 30]),
    monetary: ascending(random, [0, 50, 100.5, 200, 500, 1000, 2500]),
  };
  const scoring = quintiles ? 'quintiles' : `{ recency_days: [${thresholds.recency.join(', ')}], frequency: [${thresholds.frequency.join(', ')}], monetary: [${thresholds.monetary.join(', ')}] }`;
  const kind = random.int(0, 2);
  const custom = kind === 2 ? customMap(random) : undefined;
  const map = kind === 0 ? { order: RF6_ORDER, segment: rf6 } : kind === 1 ? { order: STANDARD11_ORDER, segment: standard11 } : custom!;
  const amount = event === 'purchase' ? `\n    amount: amount` : '';
  const mapYaml = kind === 0 ? ' rf6' : kind === 1 ? ' standard11' : `\n${custom!.yaml}`;
  return {
    id,
    yaml: `  ${id}:\n    model: rfm\n    event: ${event}${amount}\n    scoring: ${scoring}\n    map:${mapYaml}\n`,
    order: map.order,
    expected: async (at) => rfmSegments(await measures(at, { event, dir }), quintiles ? 'quintiles' : thresholds, map.segment),
    customerRun: async (fullAt, at) => {
      const now = await measures(at, { event, dir });
      if (!quintiles) return rfmSegments(now, thresholds, map.segment);
      const then = await measures(fullAt, { event, dir });
      const scores = [...rfmScores(then, 'quintiles')].map(([id, { r, f }]) => ({ r, f, ...then.measures.get(id)! }));
      const rCut = new Map<number, number>();
      const fCut = new Map<number, number>();
      for (const k of [2, 3, 4, 5]) {
        const rHolders = scores.filter((x) => x.r >= k).map((x) => x.recency);
        const fHolders = scores.filter((x) => x.f >= k).map((x) => x.frequency);
        if (rHolders.length > 0) rCut.set(k, Math.max(...rHolders));
        if (fHolders.length > 0) fCut.set(k, Math.min(...fHolders));
      }
      const out: Segments = new Map();
      for (const id of now.existing) {
        const m = now.measures.get(id);
        if (m === undefined) out.set(id, 'prospect');
        else {
          const r = [5, 4, 3, 2].find((k) => rCut.has(k) && m.recency <= rCut.get(k)!) ?? 1;
          const f = [5, 4, 3, 2].find((k) => fCut.has(k) && m.frequency >= fCut.get(k)!) ?? 1;
          out.set(id, map.segment(r, f));
        }
      }
      return out;
    },
  };
}

function lifecycle(random: Random, id: string, dir: string | undefined): DrawnSegmentation {
  const event = random.chance(0.75) ? 'purchase' : 'visit';
  const active = random.pick([1, 30, 60.5, 90, 180, 200]);
  const days = { new: random.pick([0, 14, 45, 90, 250, 400]), active, lapsed: active + random.pick([0, 30, 185, 365]) };
  return {
    id,
    yaml: `  ${id}:\n    model: lifecycle\n    event: ${event}\n    new_days: ${days.new}\n    active_days: ${days.active}\n    lapsed_days: ${days.lapsed}\n`,
    order: ['active', 'new', 'at_risk', 'lapsed', 'prospect'],
    expected: async (at) => lifecycleSegments(await measures(at, { event, dir }), days),
    customerRun: async (_fullAt, at) => lifecycleSegments(await measures(at, { event, dir }), days),
  };
}

function tiers(random: Random, id: string, dir: string | undefined): DrawnSegmentation {
  const windowDays = random.pick([1, 30, 90, 365, 400, 1000]);
  const first = random.pick([0.3, 0.5, 0.7, 0.8]);
  const shares = [first, random.pick([0.85, 0.9, 0.95, 0.99, 1])] as const;
  return {
    id,
    yaml: `  ${id}:\n    model: value_tiers\n    event: purchase\n    amount: amount\n    window_days: ${windowDays}\n    thresholds: [${shares.join(', ')}]\n`,
    order: ['A', 'B', 'C', 'none'],
    expected: async (at) => valueTiers(await measures(at, { windowDays, dir }), shares),
    customerRun: async (fullAt, at) => {
      const then = await measures(fullAt, { windowDays, dir });
      const tiersThen = valueTiers(then, shares);
      // The last customer of a tier: its lowest revenue, then its greatest key at that revenue.
      const last = (tier: string) => {
        const holders = [...tiersThen].filter(([, t]) => t === tier).map(([id]) => ({ id, revenue: revenueCents(then.measures.get(id)) }));
        if (holders.length === 0) return undefined;
        const revenue = Math.min(...holders.map((h) => h.revenue));
        return { revenue, id: holders.filter((h) => h.revenue === revenue).map((h) => h.id).sort().at(-1)! };
      };
      const [a, b] = [last('A'), last('B')];
      const within = (cut: { revenue: number; id: string } | undefined, revenue: number, id: string) => cut !== undefined && (revenue > cut.revenue || (revenue === cut.revenue && id <= cut.id));
      const now = await measures(at, { windowDays, dir });
      const out: Segments = new Map();
      for (const id of now.existing) {
        const revenue = revenueCents(now.measures.get(id));
        out.set(id, revenue <= 0 ? 'none' : within(a, revenue, id) ? 'A' : within(b, revenue, id) ? 'B' : 'C');
      }
      return out;
    },
  };
}

/** Some segmentations of each model, with their YAML block; the reference reads the data of `dir` (default: the fixture's). */
export function randomSegmentations(random: Random, dir?: string): { yaml: string; segmentations: DrawnSegmentation[] } {
  const segmentations = [
    rfm(random, 'rfm_a', dir),
    rfm(random, 'rfm_b', dir),
    rfm(random, 'rfm_c', dir),
    lifecycle(random, 'life_a', dir),
    lifecycle(random, 'life_b', dir),
    tiers(random, 'tiers_a', dir),
    tiers(random, 'tiers_b', dir),
  ];
  return { yaml: `segmentations:\n${segmentations.map((s) => s.yaml).join('')}`, segmentations };
}
