/**
 * `explain KEY SEGMENTATION`: the customer's segment and the values that decided it, on both
 * stores, against the independent reference of test/support/segmentation-reference.ts.
 */
import { describe, expect, test } from 'vitest';
import { cli, cliJson, importedByCli } from '../support/cli.js';
import { STORES } from '../support/stores.js';
import { fixtureMeasures, lifecycleSegments, rf6, rfmScores, rfmSegments } from '../support/segmentation-reference.js';
import type { SegmentationExplanation } from '../../src/engine/explain-segmentation.js';

const AT = '2026-03-31T00:00:00+02:00';
const RF6_THRESHOLDS = { recency: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] };

describe.each(STORES)('explain a segmentation on %s', (store) => {
  test('the segment, scores and measures of customers with and without purchases; one created later; an unknown one', async () => {
    const { dir, env } = await importedByCli(store);
    const data = await fixtureMeasures(AT);
    const scores = rfmScores(data, RF6_THRESHOLDS);
    const segments = rfmSegments(data, RF6_THRESHOLDS, rf6);
    const lifecycle = lifecycleSegments(data);
    const buyers = data.existing.filter((id) => data.measures.has(id)).slice(0, 4);
    const prospect = data.existing.find((id) => !data.measures.has(id))!;
    for (const id of [...buyers, prospect]) {
      const { code, json } = await cliJson<SegmentationExplanation>(['explain', id, 'rf6', '--at', AT, '-w', dir, '--json'], { env });
      expect(code).toBe(0);
      const m = data.measures.get(id);
      expect(json).toMatchObject({ customer: id, segmentation: 'rf6', at: '2026-03-31T00:00:00+02:00', exists: true, segment: segments.get(id) });
      expect(json.values).toMatchObject({ r: scores.get(id)?.r ?? null, f: scores.get(id)?.f ?? null, frequency: m?.frequency ?? null, monetary: m?.monetary ?? null });
      if (m === undefined) expect(json.values['recency_days']).toBeNull();
      else expect(json.values['recency_days']).toBeCloseTo(m.recency, 9);
      const life = await cliJson<SegmentationExplanation>(['explain', id, 'lifecycle', '--at', AT, '-w', dir, '--json'], { env });
      expect([id, life.json.segment, Object.keys(life.json.values)]).toEqual([id, lifecycle.get(id), ['recency_days', 'frequency']]);
    }
    // C000006 was created on 2025-12-09 (customers.csv): before that, no segment.
    expect((await cliJson<SegmentationExplanation>(['explain', 'C000006', 'rf6', '--at', '2025-06-30', '-w', dir, '--json'], { env })).json).toMatchObject({ exists: false, segment: null });
    const human = await cli(['explain', buyers[0]!, 'rf6', '--at', AT, '-w', dir], { env });
    expect(human.stdout.split('\n')[0]).toBe(`${buyers[0]} — rf6 : ${segments.get(buyers[0]!)} (${human.stdout.match(/\((.*)\) \(2026/)![1]}) (2026-03-31T00:00:00+02:00)`);
    expect(human.stdout).toContain(`\n  frequency : ${data.measures.get(buyers[0]!)!.frequency}\n`);
    expect(await cliJson(['explain', 'NOPE', 'rf6', '-w', dir, '--json'], { env })).toMatchObject({ code: 1, json: { error: { code: 'unknown-customer' } } });
  });
});
