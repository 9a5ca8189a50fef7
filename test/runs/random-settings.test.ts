/**
 * Random segmentation settings on the clinic fixture (test/runs/random-settings.ts): full runs at
 * random instants put every customer where segmentations.md puts them, computed independently
 * (test/support/segmentation-reference.ts), with the sizes and migration matrix that follow; a
 * customer run at a full run's instant changes nothing; a customer run at a later instant moves
 * its customers as the reference says (with the cut points of the latest full run where the
 * segmentation ranks the base) and no one else. On both stores, so they agree. Every other
 * workspace has fixed prices (rounded to tens, with refunds and missing amounts), so that revenues
 * tie at the value tiers' boundaries. `SEGMENTA_RANDOM_SETTINGS=N` draws N workspaces instead of 2,
 * `SEGMENTA_RANDOM_SEED=S` other ones.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { evaluation } from '../../src/engine/evaluate.js';
import { createRandom, type Random } from '../../src/math/random.js';
import { runWorkspace } from '../../src/runs/run.js';
import { stateAt, transitions, type SegmentationTransitions } from '../../src/runs/transitions.js';
import { parseInstant } from '../../src/time/instant.js';
import { withFixedPrices } from '../support/fixed-prices.js';
import { migration, type Segments } from '../support/segmentation-reference.js';
import { STORES } from '../support/stores.js';
import { clinicCopy, FIXTURE_FILES, load, open } from '../support/workspace.js';
import { randomSegmentations } from './random-settings.js';

const WORKSPACES = Number(process.env['SEGMENTA_RANDOM_SETTINGS'] ?? 2);
const SEED = Number(process.env['SEGMENTA_RANDOM_SEED'] ?? 20261207);
const ZONE = 'Europe/Zurich';
const FIRST = DateTime.fromISO('2024-03-01T00:00:00', { zone: ZONE }).toMillis();
const LAST = DateTime.fromISO('2026-11-30T00:00:00', { zone: ZONE }).toMillis();

/** An instant of the fixture's history, to the second, or a midnight (a month's end as scheduled runs take). */
function instant(random: Random, after = FIRST): string {
  const ms = after + Math.floor(random.next() * (LAST - after));
  const t = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone: ZONE });
  return (random.chance(0.3) ? t.startOf('month') : t).toISO({ suppressMilliseconds: true })!;
}

const sorted = (m: Segments) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const counts = (m: Segments, order: readonly string[]) => {
  const out: Record<string, number> = Object.fromEntries(order.map((s) => [s, 0]));
  for (const s of m.values()) out[s]! += 1;
  return out;
};

describe.each(STORES)('on %s', (store) => {
  test.each(Array.from({ length: WORKSPACES }, (_, i) => i))('random settings, workspace %i: runs as segmentations.md gives them', async (index) => {
    const random = createRandom(SEED + index);
    const dir = await clinicCopy(store);
    // Every other workspace: prices rounded to tens (many equal revenues, some 0), refunds, missing amounts.
    const fixedPrices = index % 2 === 1;
    if (fixedPrices) await writeFile(path.join(dir, 'events.csv'), withFixedPrices(await readFile(path.join(dir, 'events.csv'), 'utf8'), random.fork()));
    const { yaml, segmentations } = randomSegmentations(random, fixedPrices ? dir : undefined);
    const [t1, t2] = [instant(random), instant(random)];
    // The customer run: after both full runs, or anywhere (between them, or before both: a past --at).
    const t3 = random.chance(0.5) ? instant(random, Math.max(Date.parse(t1), Date.parse(t2))) : instant(random);
    const fixtureYaml = await readFile(path.join(dir, 'segmenta.yaml'), 'utf8');
    await writeFile(path.join(dir, 'segmenta.yaml'), `${fixtureYaml.slice(0, fixtureYaml.indexOf('\nsegmentations:'))}\n${yaml}`);
    const ws = await open(dir, store);
    try {
      for (const [entity, file] of FIXTURE_FILES) await load(ws, entity, file);
      const ev = evaluation(ws.workspace, ws.store);
      const state = async (key: string, run: number): Promise<Segments> =>
        new Map((await ws.store.query<{ _customer: string; segment: string }>(stateAt('$1', '$2'), [key, run])).map((r) => [r._customer, r.segment]));
      const context = `seed ${SEED + index}${fixedPrices ? ', fixed prices' : ''}, at ${t1} then ${t2} then ${t3}\n${yaml}`;

      const first = await runWorkspace(ev, parseInstant(t1, 'UTC'));
      const second = await runWorkspace(ev, parseInstant(t2, 'UTC'));
      for (const s of segmentations) {
        const [before, after] = [await s.expected(t1), await s.expected(t2)];
        expect(sorted(await state(s.id, first.run)), `${s.id} at ${t1}; ${context}`).toEqual(sorted(before));
        expect(sorted(await state(s.id, second.run)), `${s.id} at ${t2}; ${context}`).toEqual(sorted(after));
        expect(second.segmentations[s.id], `${s.id} sizes; ${context}`).toEqual(counts(after, s.order));
        const moves = (await transitions(ws.store, ws.workspace, s.id, first.run, second.run)) as SegmentationTransitions;
        const { matrix, up, down, stayed, new: fresh, gone } = migration(before, after, s.order);
        expect({ matrix: moves.matrix, up: moves.up, down: moves.down, stayed: moves.stayed, new: moves.new, gone: moves.gone }, `${s.id} transitions; ${context}`).toEqual({ matrix, up, down, stayed, new: fresh, gone });
      }

      // A sample of the customers existing at t2 and t3, whatever they hold.
      const existing = [...(await state(segmentations[0]!.id, second.run)).keys()];
      const sample = existing.filter(() => random.chance(0.03));
      const sampled = new Set(sample);
      expect((await runWorkspace(ev, parseInstant(t2, 'UTC'), { customers: sample })).rowsWritten, `a customer run at ${t2}; ${context}`).toBe(0);
      // Every customer, so those holding the cut points too (the subset table's per-customer statement).
      expect((await runWorkspace(ev, parseInstant(t2, 'UTC'), { customers: existing })).rowsWritten, `a customer run of everyone at ${t2}; ${context}`).toBe(0);
      const later = await runWorkspace(ev, parseInstant(t3, 'UTC'), { customers: sample });
      // Ranked settings score with the cut points of the latest full run at or before t3 (or, without
      // one, rank the whole base at t3).
      const basis = [t1, t2].filter((t) => Date.parse(t) <= Date.parse(t3)).sort((x, y) => Date.parse(x) - Date.parse(y)).at(-1);
      for (const s of segmentations) {
        const [before, after, now] = [await s.expected(t2), basis === undefined ? await s.expected(t3) : await s.customerRun(basis, t3), await state(s.id, later.run)];
        for (const key of existing) {
          if (!sampled.has(key)) expect(now.get(key), `${s.id} ${key} outside the customer run; ${context}`).toBe(before.get(key));
          else expect(now.get(key), `${s.id} ${key} in the customer run at ${t3}; ${context}`).toBe(after.get(key));
        }
      }
    } finally {
      await ws.close();
    }
  });
});
