/**
 * `members --fields` with what rules read of segmentations and models (`rf6`, `rf6.r`,
 * `lifecycle`, `clv.p_alive`), on both stores, against the independent reference of
 * test/support/segmentation-reference.ts at a fixed instant.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, importedByCli } from '../support/cli.js';
import { STORES } from '../support/stores.js';
import { fixtureMeasures, lifecycleSegments, rf6, rfmScores, rfmSegments, standard11 } from '../support/segmentation-reference.js';

const AT = '2026-03-31T00:00:00+02:00';
const RF6_THRESHOLDS = { recency: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] };

type Row = Record<string, string | number | null>;

describe.each(STORES)('members --fields on %s', (store) => {
  test('segmentations and their scores, as rules read them at the instant, beside customer fields', async () => {
    const { dir, env } = await importedByCli(store);
    const fields = 'language,rf6,rf6.r,rf6.f,rf6.frequency,rfm,rfm.r,lifecycle';
    const { code, json } = await cliJson<Row[]>(['members', 'true', '--fields', fields, '--at', AT, '-w', dir, '--json'], { env });
    expect(code).toBe(0);
    const data = await fixtureMeasures(AT);
    expect(json.map((r) => r['id'])).toEqual(data.existing);
    const rf6Of = rfmSegments(data, RF6_THRESHOLDS, rf6);
    const rf6Scores = rfmScores(data, RF6_THRESHOLDS);
    const rfmOf = rfmSegments(data, 'quintiles', standard11);
    const rfmScoresOf = rfmScores(data, 'quintiles');
    const lifecycleOf = lifecycleSegments(data);
    for (const row of json) {
      const id = String(row['id']);
      expect(Object.keys(row)).toEqual(['id', 'language', 'rf6', 'rf6.r', 'rf6.f', 'rf6.frequency', 'rfm', 'rfm.r', 'lifecycle']);
      expect([id, row['rf6'], row['rf6.r'], row['rf6.f'], row['rf6.frequency']]).toEqual([
        id,
        rf6Of.get(id),
        rf6Scores.get(id)?.r ?? null,
        rf6Scores.get(id)?.f ?? null,
        data.measures.get(id)?.frequency ?? null,
      ]);
      expect([id, row['rfm'], row['rfm.r'], row['lifecycle']]).toEqual([id, rfmOf.get(id), rfmScoresOf.get(id)?.r ?? null, lifecycleOf.get(id)]);
    }

    // CSV: the columns named as rules name them; a segment's members with their segmentation.
    const csv = await cli(['members', '--segment', 'senior-pets', '--fields', 'rf6,lifecycle', '--at', AT, '-w', dir], { env });
    expect(csv.code).toBe(0);
    const [header, ...lines] = csv.stdout.trimEnd().split('\n');
    expect(header).toBe('id,rf6,lifecycle');
    const seniors = await cliJson<Row[]>(['members', '--segment', 'senior-pets', '--at', AT, '-w', dir, '--json'], { env });
    expect(lines).toEqual(seniors.json.map((r) => `${r['id']},${rf6Of.get(String(r['id']))},${lifecycleOf.get(String(r['id']))}`));
  });

  test('a model output needs a fit at or before the instant; an unknown name lists what can be read', async () => {
    const { dir, env } = await importedByCli(store);
    await appendFile(path.join(dir, 'segmenta.yaml'), '\nmodels:\n  clv: { model: clv, event: purchase, amount: amount }\n');
    expect(await cliJson(['members', 'true', '--fields', 'clv.p_alive', '--at', AT, '-w', dir, '--json'], { env })).toMatchObject({
      code: 1,
      json: { error: { code: 'model-not-fitted' } },
    });
    expect((await cli(['model', 'fit', 'clv', '--at', AT, '-w', dir], { env })).code).toBe(0);
    const { json } = await cliJson<Row[]>(['members', 'true', '--fields', 'clv.p_alive,clv.x', '--at', AT, '-w', dir, '--json'], { env });
    // The same values a rule reads: the customers a rule on them selects are those the values say.
    const low = await cliJson<Row[]>(['members', 'clv.p_alive < 0.3 and clv.x >= 2', '--fields', 'email', '--at', AT, '-w', dir, '--json'], { env });
    expect(low.json.length).toBeGreaterThan(0);
    expect(json.filter((r) => r['clv.p_alive'] !== null && Number(r['clv.p_alive']) < 0.3 && Number(r['clv.x']) >= 2).map((r) => r['id'])).toEqual(low.json.map((r) => r['id']));
    // A model's id where a segment's belongs: what to write instead (French for people, English in JSON).
    expect((await cliJson<{ error: { message: string } }>(['members', '--segment', 'clv', '-w', dir, '--json'], { env })).json.error.message).toBe(
      '"clv" is a model, not a segment: read its outputs in a rule, as clv.p_alive (its outputs: p_alive, expected_purchases, predicted_purchases, expected_spend, clv, x, t_x, T, m_x)',
    );
    expect((await cli(['explain', 'C000001', 'clv', '-w', dir], { env })).stderr).toBe(
      'error: « clv » est un modèle, pas un segment : lisez ses sorties dans une règle, comme clv.p_alive (ses sorties : p_alive, expected_purchases, predicted_purchases, expected_spend, clv, x, t_x, T, m_x)\n',
    );
    const unknown = await cliJson<{ error: { code: string; message: string } }>(['members', 'true', '--fields', 'rf6.q', '-w', dir, '--json'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.json.error.code).toBe('unknown-field');
    expect(unknown.json.error.message).toMatch(/^unknown field "rf6\.q", did you mean "rf6\.r"\? \(fields: id, first_name, .*, language, .*; and what rules read of segmentations and models: rf6, rf6\.r, /);
  });
});
