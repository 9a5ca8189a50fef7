import { describe, expect, test } from 'vitest';
import { parseWorkspace } from '../../src/workspace/load.js';
import { checkWorkspaceRules } from '../../src/workspace/check-rules.js';
import { FIXTURE, workspaceWith } from '../support/workspace.js';
import { cliJson } from '../support/cli.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const MINIMAL = `name: Shop
timezone: Europe/Zurich
customers:
  key: id
  fields:
    language: string
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
`;

function errors(yaml: string) {
  const result = parseWorkspace(yaml, '/tmp/ws/segmenta.yaml', {});
  return result.diagnostics.map(({ line, column, message, code, where }) => ({ line, column, message, code, where }));
}

describe('segmenta.yaml validation', () => {
  test('the clinic fixture is accepted as written', async () => {
    const source = await readFile(path.join(FIXTURE, 'segmenta.yaml'), 'utf8');
    const result = parseWorkspace(source, path.join(FIXTURE, 'segmenta.yaml'), {});
    expect(result.diagnostics).toEqual([]);
    const ws = result.workspace!;
    expect(ws.timezone).toBe('Europe/Zurich');
    expect(ws.locale).toBe('fr');
    expect(ws.customers.created).toBe('created_at');
    expect(ws.customers.fields.find((f) => f.name === 'home')).toMatchObject({ type: 'geopoint', latColumn: 'home_lat', lonColumn: 'home_lon' });
    expect(ws.collections.map((c) => c.id)).toEqual(['pets']);
    expect(ws.events.types.map((t) => t.id)).toEqual(['purchase', 'visit']);
    expect(ws.segments.map((s) => s.id)).toEqual(['cats-ckd-fr-20km', 'senior-pets', 'heart-dogs']);
    expect(ws.segmentations.map((s) => [s.id, s.model])).toEqual([['rf6', 'rfm'], ['rfm', 'rfm'], ['lifecycle', 'lifecycle']]);
    // The block rule of the first segment starts on line 51, column 7 of the file.
    expect(ws.segments[0]!.rulePositions.positionOf(0)).toEqual({ line: 51, column: 7 });
  });

  test('fields: {} is valid and the store defaults beside the file', () => {
    const result = parseWorkspace(MINIMAL.replace('  fields:\n    language: string\n', '  fields: {}\n'), '/tmp/ws/segmenta.yaml', {});
    expect(result.diagnostics).toEqual([]);
    expect(result.workspace!.store).toEqual({ kind: 'duckdb', path: '/tmp/ws/.segmenta/store.duckdb' });
  });

  test('YAML syntax errors give line and column', () => {
    const [error] = errors('name: x\ncustomers:\n  key: [id\n');
    expect(error).toMatchObject({ code: 'yaml-syntax', line: 4, column: 1 });
  });

  test('an unknown type is named, placed and corrected', () => {
    expect(errors(MINIMAL.replace('language: string', 'language: strng'))).toEqual([
      {
        code: 'unknown-type',
        where: 'customers.fields.language',
        line: 6,
        column: 15,
        message:
          'unknown type "strng" for field "language", did you mean "string"? (types: string, number, integer, boolean, date, timestamp, geopoint, list<string>, list<number>) at 6:15',
      },
    ]);
  });

  test('a field declared twice', () => {
    expect(errors(MINIMAL.replace('    language: string\n', '    language: string\n    language: number\n'))).toEqual([
      {
        code: 'duplicate-name',
        where: 'customers.fields.language',
        line: 7,
        column: 5,
        message: '"language" is declared twice in customers.fields (first at 6:5) at 7:5',
      },
    ]);
  });

  test('a geopoint without its columns', () => {
    expect(errors(MINIMAL.replace('language: string', 'home: { type: geopoint, lat: latitude }'))).toEqual([
      { code: 'missing-key', where: 'customers.fields.home', line: 6, column: 29, message: 'geopoint "home" needs both its columns: "lat" and "lon" at 6:29' },
    ]);
    expect(errors(MINIMAL.replace('language: string', 'home: { type: geopoint, column: home }'))[0]).toMatchObject({
      line: 6,
      column: 29,
      message: 'geopoint "home" reads two columns: give "lat" and "lon" instead of "column" at 6:29',
    });
  });

  test('an invalid time zone: the nearest IANA name when one is close, else an example', () => {
    expect(errors(MINIMAL.replace('Europe/Zurich', 'Europe/Zürich'))).toEqual([
      { code: 'invalid-timezone', where: 'timezone', line: 2, column: 11, message: 'invalid time zone "Europe/Zürich", did you mean "Europe/Zurich"? at 2:11' },
    ]);
    expect(errors(MINIMAL.replace('Europe/Zurich', 'america/new_yrok'))[0]?.message).toBe('invalid time zone "america/new_yrok", did you mean "America/New_York"? at 2:11');
    // Today's names, not those ICU still lists (Asia/Calcutta, Europe/Kiev), and UTC.
    expect(errors(MINIMAL.replace('Europe/Zurich', 'Asia/Kolkatta'))[0]?.message).toBe('invalid time zone "Asia/Kolkatta", did you mean "Asia/Kolkata"? at 2:11');
    expect(errors(MINIMAL.replace('Europe/Zurich', 'Europe/Kyv'))[0]?.message).toBe('invalid time zone "Europe/Kyv", did you mean "Europe/Kyiv"? at 2:11');
    expect(errors(MINIMAL.replace('Europe/Zurich', 'UTX'))[0]?.message).toBe('invalid time zone "UTX", did you mean "UTC"? at 2:11');
    // A typo of an old name finds it, and today's name is suggested.
    expect(errors(MINIMAL.replace('Europe/Zurich', 'Asia/Calcuta'))[0]?.message).toBe('invalid time zone "Asia/Calcuta", did you mean "Asia/Kolkata"? at 2:11');
    expect(errors(MINIMAL.replace('Europe/Zurich', 'America/Buenos_Aire'))[0]?.message).toBe('invalid time zone "America/Buenos_Aire", did you mean "America/Argentina/Buenos_Aires"? at 2:11');
    expect(errors(MINIMAL.replace('Europe/Zurich', 'Asia/Kolkata'))).toEqual([]);
    expect(errors(MINIMAL.replace('Europe/Zurich', 'Lausanne'))).toEqual([
      { code: 'invalid-timezone', where: 'timezone', line: 2, column: 11, message: 'invalid time zone "Lausanne": give an IANA name such as "Europe/Zurich" at 2:11' },
    ]);
  });

  test('unknown keys are suggested their nearest name', () => {
    const [error] = errors(`${MINIMAL}segmnts: {}\n`);
    expect(error).toMatchObject({ code: 'unknown-key', line: 13, column: 1, message: expect.stringContaining('did you mean "segments"?') });
  });

  test('fields, collections, event types and segments share one namespace', () => {
    const [error] = errors(`${MINIMAL}segments:\n  language:\n    rule: language = "fr"\n`);
    expect(error).toMatchObject({ code: 'name-clash', line: 14, column: 3 });
    expect(error!.message).toContain('"language" names both a customer field and a segment');
  });

  test('fields may not use the reserved "_" prefix', () => {
    expect(errors(MINIMAL.replace('language: string', '_id: string'))[0]).toMatchObject({ code: 'reserved-name', line: 6, column: 5 });
  });

  test('every problem is reported at once', () => {
    const yaml = MINIMAL.replace('Europe/Zurich', 'Mars/Olympus').replace('amount: number', 'amount: money');
    expect(errors(yaml).map((e) => e.code)).toEqual(['invalid-timezone', 'unknown-type']);
  });

  test('segmentations: a custom map must cover every cell', () => {
    const yaml = `${MINIMAL}segmentations:\n  mine:\n    model: rfm\n    event: purchase\n    map:\n      top: { r: "4..5", f: "4..5" }\n`;
    const [error] = errors(yaml);
    expect(error).toMatchObject({ code: 'invalid-value', line: 18, column: 7 });
    expect(error!.message).toContain('leaves cells without a segment: (r 1, f 1)');
  });

  test('segmentations: a custom map written as a list gets one error saying the form, not one per uncovered cell', () => {
    const yaml = `${MINIMAL}segmentations:\n  mine:\n    model: rfm\n    event: purchase\n    map:\n      - { name: top, r: 5, f: "4..5" }\n      - { name: rest }\n`;
    const expected = 'segmentations.mine.map must be a map name (rf6, standard11) or a mapping of segments best first, each under its id (top: { name: Top, r: 5, f: "4..5" })';
    expect(errors(yaml)).toEqual([{ code: 'invalid-value', line: 18, column: 7, where: 'segmentations.mine.map', message: `${expected} at 18:7` }]);
    expect(errors(`${MINIMAL}segmentations:\n  mine:\n    model: rfm\n    event: purchase\n    map:\n`)).toEqual([
      { code: 'invalid-value', line: 17, column: 9, where: 'segmentations.mine.map', message: `${expected} at 17:9` },
    ]);
  });

  test('segmentations: each threshold list is four ascending numbers, the error quoting its own example', () => {
    const rfm = (scoring: string) => `${MINIMAL}segmentations:\n  rf:\n    model: rfm\n    event: purchase\n    amount: amount\n    scoring: ${scoring}\n    map: rf6\n`;
    expect(errors(rfm('{ recency_days: [30, 90, 180, 365], frequency: [2, 4, 8], monetary: [200, 500, 500, 2500] }'))).toEqual([
      { code: 'invalid-value', line: 18, column: 61, where: 'segmentations.rf.scoring.frequency', message: 'frequency must be four ascending numbers, e.g. [2, 4, 8, 16] at 18:61' },
      { code: 'invalid-value', line: 18, column: 82, where: 'segmentations.rf.scoring.monetary', message: 'monetary must be four ascending numbers, e.g. [200, 500, 1000, 2500] at 18:82' },
    ]);
    expect(errors(rfm('{ recency_days: [90, 30, 180, 365], frequency: [2, 4, 8, 16] }')).map((e) => e.message)).toEqual([
      'recency_days must be four ascending numbers, e.g. [30, 90, 180, 365] at 18:30',
      'thresholds need "monetary": four ascending numbers, e.g. [200, 500, 1000, 2500] at 18:14',
    ]);
  });

  test('segmentations: thresholds written under the scores r, f, m get one error each, naming the measure, and no "thresholds need" besides', () => {
    const yaml = `${MINIMAL}segmentations:\n  rf:\n    model: rfm\n    event: purchase\n    amount: amount\n    scoring: { r: [30, 90, 180, 365], frequency: [2, 4, 8, 16], m: [1, 2, 3, 4] }\n    map: rf6\n`;
    const { diagnostics } = parseWorkspace(yaml, '/tmp/ws/segmenta.yaml', {});
    expect(diagnostics).toEqual([
      {
        code: 'unknown-key',
        where: 'segmentations.rf.scoring.r',
        line: 18,
        column: 16,
        endColumn: 17,
        message: 'unknown key "r" in segmentations.rf.scoring: the thresholds of the r score are written under "recency_days" at 18:16',
        hint: 'recency_days: four ascending numbers, e.g. [30, 90, 180, 365]',
      },
      {
        code: 'unknown-key',
        where: 'segmentations.rf.scoring.m',
        line: 18,
        column: 65,
        endColumn: 66,
        message: 'unknown key "m" in segmentations.rf.scoring: the thresholds of the m score are written under "monetary" at 18:65',
        hint: 'monetary: four ascending numbers, e.g. [200, 500, 1000, 2500]',
      },
    ]);
  });

  test('segmentations: a custom map\'s segment written as a condition gets one error with the cells it means; the others are still read, and no cell is judged missing', () => {
    const map = (segments: string) => `${MINIMAL}segmentations:\n  mine:\n    model: rfm\n    event: purchase\n    map:\n${segments}`;
    const form = 'must be a mapping { name, r, f }, r and f each a score (4), a range ("4..5") or a list ([4, 5])';
    const { diagnostics } = parseWorkspace(map('      top: "r >= 4 and f >= 4"\n      mid: { r: 6 }\n      low: "f >= 3 or r = 5"\n      rest: "true"\n'), '/tmp/ws/segmenta.yaml', {});
    expect(diagnostics.map(({ where, line, column, message, hint }) => ({ where, line, column, message, hint }))).toEqual([
      { where: 'segmentations.mine.map.top', line: 18, column: 12, message: `segmentations.mine.map.top ${form} at 18:12`, hint: 'write it as top: { r: "4..5", f: "4..5" }' },
      { where: 'segmentations.mine.map.mid.r', line: 19, column: 17, message: 'r must be a score from 1 to 5, a range "2..4" or a list [1, 2] at 19:17', hint: undefined },
      { where: 'segmentations.mine.map.low', line: 20, column: 12, message: `segmentations.mine.map.low ${form} at 20:12`, hint: undefined },
      {
        where: 'segmentations.mine.map.rest',
        line: 21,
        column: 13,
        message: `segmentations.mine.map.rest ${form} at 21:13`,
        hint: 'write it as rest: {} (without r and f, a segment takes every cell the segments above it left)',
      },
    ]);
    const prospect = parseWorkspace(map('      top: { r: 5 }\n      rest: {}\n      prospect: Never bought\n'), '/tmp/ws/segmenta.yaml', {}).diagnostics;
    expect(prospect.map(({ where, line, column, message, hint }) => ({ where, line, column, message, hint }))).toEqual([
      {
        where: 'segmentations.mine.map.prospect',
        line: 20,
        column: 17,
        message: 'segmentations.mine.map.prospect must be a mapping { name }: it holds the customers without events at 20:17',
        hint: 'write it as prospect: { name: "Never bought" }',
      },
    ]);
    // Written as the hints say, the map is accepted.
    const mended = parseWorkspace(map('      top: { r: "4..5", f: "4..5" }\n      mid: { r: 3 }\n      rest: {}\n      prospect: { name: "Never bought" }\n'), '/tmp/ws/segmenta.yaml', {});
    expect(mended.diagnostics).toEqual([]);
    const segments = mended.workspace!.segmentations[0]!;
    expect(segments.model === 'rfm' && segments.map.segments.map((s) => [s.id, s.cells.length])).toEqual([['top', 4], ['mid', 5], ['rest', 16], ['prospect', 0]]);
  });

  test('segmentations: value tiers take a window of whole days and two ascending shares; lifecycle days in order', () => {
    const tiers = (settings: string) => `${MINIMAL}segmentations:\n  t: { model: value_tiers, event: purchase, amount: amount, ${settings} }\n`;
    expect(errors(tiers('window_days: 30.5'))).toEqual([
      { code: 'invalid-value', line: 14, column: 74, where: 'segmentations.t.window_days', message: 'segmentations.t.window_days must be a whole number at 14:74' },
    ]);
    expect(errors(tiers('window_days: 0')).map((e) => e.message)).toEqual(['segmentations.t.window_days must be at least 1 at 14:74']);
    expect(errors(tiers('thresholds: [0.95, 0.8]')).map((e) => e.message)).toEqual(['thresholds must be two shares, ascending, between 0 and 1 (e.g. [0.8, 0.95]) at 14:73']);
    expect(errors(tiers('window_days: 30, thresholds: [0.5, 1]'))).toEqual([]);
    const lifecycle = `${MINIMAL}segmentations:\n  l: { model: lifecycle, event: purchase, active_days: 400 }\n`;
    expect(errors(lifecycle).map((e) => e.message)).toEqual(['active_days (400) must not exceed lapsed_days (365) at 14:56']);
  });

  test('segmenta check --json lists errors with where, line, column, message and exits 1', async () => {
    const dir = await workspaceWith(MINIMAL.replace('language: string', 'language: text'));
    const { code, json } = await cliJson<{ ok: boolean; errors: unknown[] }>(['check', '-w', dir]);
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.errors).toEqual([
      {
        where: 'customers.fields.language',
        line: 6,
        column: 15,
        endColumn: 19, // under "text"
        message: 'unknown type "text" for field "language" (types: string, number, integer, boolean, date, timestamp, geopoint, list<string>, list<number>) at 6:15',
      },
    ]);
  });

  test('a rule naming a segment, segmentation or model refused for its own errors says so, not "unknown"; values underlined whole', async () => {
    const yaml = `${MINIMAL}segments:
  broken:
    name: No rule
  uses:
    rule: in segment "broken" or rf = "best" or customer.rf = "new" or life.recency_days > 3 or value.p_alive > 0.5 or in segment "nope"
segmentations:
  rf: { model: rfm, event: purchase, amount: amount, scoring: quintiles, map: rf7 }
  life: { model: lifecycle, event: purchase, new_days: -1 }
models:
  value: { model: clv, event: purchase, amount: amount, horizont: 52 }
`;
    const dir = await workspaceWith(yaml);
    const { code, json } = await cliJson<{ ok: boolean; errors: Array<{ where: string; line: number; column: number; endColumn?: number; message: string; hint?: string }> }>(['check', '-w', dir]);
    expect(code).toBe(1);
    const declared = (where: string) => `its declaration in segmenta.yaml has errors, reported at ${where}: rules can use it once they are mended`;
    expect(json.errors.map(({ where, line, column, endColumn, message, hint }) => ({ where, line, column, endColumn, message, hint }))).toEqual([
      { where: 'segments.broken', line: 14, column: 3, endColumn: 9, message: 'segment "broken" needs a "rule" at 14:3', hint: undefined },
      { where: 'segments.uses.rule', line: 17, column: 11, endColumn: 30, message: 'refused segment "broken" at 17:11', hint: declared('segments.broken') },
      { where: 'segments.uses.rule', line: 17, column: 34, endColumn: 36, message: 'refused segmentation "rf" at 17:34', hint: declared('segmentations.rf') },
      { where: 'segments.uses.rule', line: 17, column: 49, endColumn: 60, message: 'refused segmentation "rf" at 17:49', hint: declared('segmentations.rf') },
      { where: 'segments.uses.rule', line: 17, column: 72, endColumn: 89, message: 'refused segmentation "life" at 17:72', hint: declared('segmentations.life') },
      { where: 'segments.uses.rule', line: 17, column: 97, endColumn: 110, message: 'refused model "value" at 17:97', hint: declared('models.value') },
      { where: 'segments.uses.rule', line: 17, column: 120, endColumn: 137, message: 'unknown segment "nope" at 17:120', hint: 'the segments are uses' },
      { where: 'segmentations.rf.map', line: 19, column: 79, endColumn: 82, message: expect.stringMatching(/^unknown map "rf7"/), hint: undefined },
      { where: 'segmentations.life.new_days', line: 20, column: 56, endColumn: 58, message: 'segmentations.life.new_days must be at least 0 at 20:56', hint: undefined },
      { where: 'models.value.horizont', line: 22, column: 57, endColumn: 65, message: expect.stringMatching(/^unknown key "horizont" in models.value, did you mean "horizon"\?/), hint: undefined },
    ]);
  });

  test('refused fields, collections, record fields, properties and places are named as refused in rules', () => {
    const yaml = `name: Shop
customers:
  key: id
  fields:
    language: text
    home: geopint
collections:
  pets:
    key: pet_id
    parent: owner_id
    fields:
      species: strin
  toys: { parent: owner_id }
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: numbr }
places:
  clinic: { lat: 46.5 }
segments:
  fr:
    rule: language = "fr" and any(pets where species = "cat") and sum(purchase.amount) > 3 and distance(home, clinic) < 3 km and any(toys)
`;
    const result = parseWorkspace(yaml, '/tmp/ws/segmenta.yaml', {});
    const rules = checkWorkspaceRules(result.workspace!).diagnostics;
    const declared = (where: string) => `its declaration in segmenta.yaml has errors, reported at ${where}: rules can use it once they are mended`;
    expect(rules.map(({ code, line, column, endColumn, message, hint }) => ({ code, line, column, endColumn, message, hint }))).toEqual([
      { code: 'unknown-field', line: 24, column: 11, endColumn: 19, message: 'refused field "language" at 24:11', hint: declared('customers.fields.language') },
      { code: 'unknown-field', line: 24, column: 46, endColumn: 53, message: 'refused field "pets.species" at 24:46', hint: declared('collections.pets.fields.species') },
      { code: 'unknown-property', line: 24, column: 67, endColumn: 87, message: 'refused property "purchase.amount" at 24:67', hint: declared('events.types.purchase.amount') },
      { code: 'unknown-field', line: 24, column: 105, endColumn: 109, message: 'refused field "home" at 24:105', hint: declared('customers.fields.home') },
      { code: 'unknown-place', line: 24, column: 111, endColumn: 117, message: 'refused place "clinic" at 24:111', hint: declared('places.clinic') },
      { code: 'unknown-collection', line: 24, column: 130, endColumn: 139, message: 'refused collection "toys" at 24:130', hint: declared('collections.toys') },
    ]);
    // The declarations' own errors are those of before, each once.
    expect(errors(yaml).map((e) => e.where)).toEqual([
      'places.clinic',
      'customers.fields.language',
      'customers.fields.home',
      'collections.pets.fields.species',
      'collections.toys',
      'events.types.purchase.amount',
    ]);
  });

  test('a declaration written as something other than a mapping is one error, not also its missing keys', () => {
    const yaml = `${MINIMAL}collections:
  pets: 3
places:
  clinic: 4
segments:
  fr: 3
  empty:
segmentations:
  rf: 3
models:
  m: [1]
`;
    expect(errors(yaml).map(({ line, column, message }) => ({ line, column, message }))).toEqual([
      { line: 16, column: 11, message: 'places.clinic must be a point { lat, lon } at 16:11' },
      { line: 14, column: 9, message: 'collections.pets must be a mapping at 14:9' },
      { line: 18, column: 7, message: 'segments.fr must be a mapping with a "rule" at 18:7' },
      { line: 19, column: 9, message: 'segments.empty must be a mapping with a "rule" at 19:9' },
      { line: 21, column: 7, message: 'segmentations.rf must be a mapping at 21:7' },
      { line: 23, column: 6, message: 'models.m must be a mapping of settings with "model" at 23:6' },
    ]);
    // A value on one line is underlined whole; one over several lines gets one caret (no endColumn).
    const spans = parseWorkspace(yaml.replace('  m: [1]\n', '  m:\n    - 1\n    - 2\n'), '/tmp/ws/segmenta.yaml', {}).diagnostics.map(({ where, line, column, endColumn }) => ({ where, line, column, endColumn }));
    expect(spans).toContainEqual({ where: 'segmentations.rf', line: 21, column: 7, endColumn: 8 });
    expect(spans).toContainEqual({ where: 'models.m', line: 24, column: 5, endColumn: undefined });
  });

  test('segmenta check accepts the fixture', async () => {
    const { code, json } = await cliJson(['check', '-w', FIXTURE]);
    expect(code).toBe(0);
    expect(json).toEqual({ ok: true, errors: [] });
  });
});
