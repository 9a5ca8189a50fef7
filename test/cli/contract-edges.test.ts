/**
 * The edges of cli.md an audit of the command line found wanting: options read before any work,
 * refusals with their own codes, a workspace whose segment rule is refused, the language of every
 * human line, `-w` for the commands that create a folder, and a demo that never writes over a
 * workspace it did not make. Expected values come from the contract and the fixture's files.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, importedByCli } from '../support/cli.js';
import { clinicCopy, open, tempDir, workspaceWith } from '../support/workspace.js';
import { openWorkspace as openWithEnv } from '../../src/open.js';
import { STORES, storeEnv } from '../support/stores.js';

type Refusal = { error: { code: string; message: string; errors?: Array<{ where: string; line: number; column: number; message: string }> } };

/** The fixture's workspace file with the rule of `senior-pets` calling a function that does not exist. */
async function breakSeniorPets(dir: string): Promise<{ line: number; column: number }> {
  const file = path.join(dir, 'segmenta.yaml');
  const yaml = await readFile(file, 'utf8');
  expect(yaml).toContain('age(birth_date) >= 10');
  const broken = yaml.replace('age(birth_date) >= 10', 'agee(birth_date) >= 10');
  await writeFile(file, broken);
  const lines = broken.split('\n');
  const line = lines.findIndex((l) => l.includes('agee(')) + 1;
  return { line, column: lines[line - 1]!.indexOf('agee(') + 1 };
}

describe('options are read before any work', () => {
  test('an import with an unreadable --at is a usage error and imports nothing', async () => {
    const dir = await clinicCopy();
    const result = await cli(['import', 'customers', 'customers.csv', '-w', dir, '--at', 'garbage', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'usage', message: '--at: "garbage" is not an ISO date or date-time (e.g. 2024-06-30 or 2024-06-30T18:00:00)' } });
    expect(result.stderr).toContain('--at: "garbage" is not an ISO date or date-time');
    expect(await cliJson(['count', 'true', '-w', dir, '--json'])).toMatchObject({ code: 0, json: { count: 0 } });
  });

  test.each([['runs'], ['check'], ['customer', 'C000001'], ['transitions', 'rfm'], ['init']])('%s refuses an unreadable --at too (exit 2)', async (...args) => {
    const dir = await clinicCopy();
    const result = await cli([...args, '-w', dir, '--at', '2026-13-01']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--at: "2026-13-01" is not a valid date or time');
  });
});

describe('refusals say what was not found, with their own codes', () => {
  test('an unknown segment or field, and explain with an unknown customer: exit 1, a code, an English message', async () => {
    const { dir, env } = await importedByCli('duckdb');
    expect(await cliJson<Refusal>(['members', '--segment', 'senior-pet', '-w', dir], { env })).toMatchObject({
      code: 1,
      json: { error: { code: 'unknown-segment', message: 'unknown segment "senior-pet", did you mean "senior-pets"? (segments: cats-ckd-fr-20km, senior-pets, heart-dogs)' } },
    });
    const field = await cliJson<Refusal>(['members', 'true', '--fields', 'id,langage', '-w', dir], { env });
    expect(field.code).toBe(1);
    expect(field.json.error).toMatchObject({ code: 'unknown-field' });
    expect(field.json.error.message).toMatch(/^unknown field "langage", did you mean "language"\?/);
    // The fixture's locale is French: people read French, JSON carries English (README).
    expect(await cliJson<Refusal>(['explain', 'NOPE', 'senior-pets', '-w', dir], { env })).toMatchObject({ code: 1, json: { error: { code: 'unknown-customer', message: 'unknown customer "NOPE"' } } });
    expect(await cli(['explain', 'NOPE', 'senior-pets', '-w', dir], { env })).toMatchObject({ code: 1, stdout: '', stderr: 'error: client inconnu « NOPE »\n' });
    // The same refusals read in the workspace's language (French here) or the one asked.
    expect(await cli(['members', '--segment', 'senior-pet', '-w', dir], { env })).toMatchObject({
      code: 1,
      stderr: 'error: segment inconnu « senior-pet » ; vouliez-vous dire « senior-pets » ? (segments : cats-ckd-fr-20km, senior-pets, heart-dogs)\n',
    });
    expect((await cli(['members', '--segment', 'senior-pet', '-w', dir, '--lang', 'en'], { env })).stderr).toBe(
      'error: unknown segment "senior-pet", did you mean "senior-pets"? (segments: cats-ckd-fr-20km, senior-pets, heart-dogs)\n',
    );
    expect((await cli(['members', 'true', '--fields', 'id,langage', '-w', dir], { env })).stderr).toMatch(/^error: champ inconnu « langage » ; vouliez-vous dire « language » \? \(champs : id, /);
    // A segmentation's id where a segment's is expected: the way to its customers.
    expect(await cliJson<Refusal>(['members', '--segment', 'rf6', '-w', dir], { env })).toMatchObject({
      code: 1,
      json: { error: { code: 'unknown-segment', message: '"rf6" is a segmentation, not a segment: name one of its segments in a rule, as rf6 = "best" (its segments: best, engaged, new, slipping, at_risk, inactive, prospect)' } },
    });
    // explain takes a segmentation too (test/cli/explain-segmentation.test.ts).
    expect((await cli(['explain', 'C000001', 'lifecycle', '-w', dir], { env })).stdout).toMatch(/^C000001 — lifecycle : /);
    expect(await cliJson(['count', 'rf6 = "best"', '-w', dir, '--json'], { env })).toMatchObject({ code: 0 });
    // explain shows the values that decided, not the literals written in the rule (20 km).
    const explained = await cliJson<{ rule: { parts: Array<{ text: string; values: Record<string, unknown> }> } }>(['explain', 'C000001', 'cats-ckd-fr-20km', '-w', dir], { env });
    const distance = explained.json.rule.parts.find((p) => p.text.startsWith('distance('))!;
    expect(Object.keys(distance.values)).toEqual(['distance(home, clinic)']);
    // French puts a space before the colon between a label and its value; English does not.
    expect((await cli(['customer', 'C000001', '-w', dir], { env })).stdout).toMatch(/ · species : (cat|dog)/);
    expect((await cli(['customer', 'C000001', '-w', dir, '--lang', 'en'], { env })).stdout).toMatch(/ · species: (cat|dog)/);
    // How many of the customer's events are shown (events.csv holds 7 for C000001); no line ends in spaces.
    const few = (await cli(['customer', 'C000001', '-w', dir, '--events', '3', '--lang', 'en'], { env })).stdout;
    expect(few).toContain('\nRecent events (3 of 7)\n');
    expect(few).not.toMatch(/ +\n/);
    const all = (await cli(['customer', 'C000001', '-w', dir], { env })).stdout;
    expect(all).toContain('\nDerniers événements (7 sur 7)\n');
    expect(all).toMatch(/\n {2}\S+ {2}visit\n/); // an event without properties: its type ends the line
    expect(all).not.toMatch(/ +\n/);
  });
});

describe('the run summary', () => {
  test('puts every count, of segments and of segmentations, in one column, whatever the labels\' length', async () => {
    const { dir, env } = await importedByCli('duckdb');
    const file = path.join(dir, 'segmenta.yaml');
    const long = 'Clients fidèles à très forte valeur ajoutée'; // longer than any id
    const map = `  long:\n    model: rfm\n    event: purchase\n    amount: amount\n    scoring: quintiles\n    map:\n      top: { name: ${long}, r: "4..5", f: "4..5" }\n      rest: { name: Autres }\n`;
    await writeFile(file, (await readFile(file, 'utf8')).replace('\nsegmentations:\n', `\nsegmentations:\n${map}`));
    const result = await cli(['run', '-w', dir, '--at', '2026-06-30', '--lang', 'en'], { env });
    expect(result.code, result.stderr).toBe(0);
    const counts = result.stdout.split('\n').filter((l) => /^ {2}\S.* \d+$/.test(l));
    // The fixture's 3 segments and the segments of long (3), rf6 (7), rfm (12) and lifecycle (5).
    expect(counts).toHaveLength(3 + 3 + 7 + 12 + 5);
    expect(counts.some((l) => l.startsWith(`  ${long} `))).toBe(true);
    expect(new Set(counts.map((l) => l.length))).toEqual(new Set([counts[0]!.length]));
  });
});

describe('English counts of customers and rows read as English', () => {
  test('one customer, two customers: deleted, re-evaluated, membership rows written, rows rejected', async () => {
    const { dir, env } = await importedByCli('duckdb');
    const en = async (args: string[]) => cli([...args, '-w', dir, '--lang', 'en'], { env });
    expect((await en(['delete', 'C000001'])).stdout).toBe('1 customer deleted\n');
    expect((await en(['delete', 'C000002', 'C000003'])).stdout).toBe('2 customers deleted\n');
    expect((await en(['delete', 'C000002'])).stdout).toBe('0 customers deleted\n');
    expect((await en(['run', '--every', 'month', '--from', '2026-05-31', '--to', '2026-06-30'])).stdout).toMatch(/^run \d+ as of 2026-06-01T00:00:00\+02:00: \d+ membership rows written\n/);
    await writeFile(path.join(dir, 'one.csv'), 'customer_id,type,time,amount,categories,products,order_id\nC000004,purchase,2026-06-20T10:00:00,12.5,food,kibble,O9000001\n');
    expect((await en(['import', 'events', 'one.csv'])).stdout).toMatch(/\n1 customer re-evaluated \(run \d+\)\n/);
    await writeFile(path.join(dir, 'bad.csv'), 'customer_id,type,time,amount,categories,products,order_id\nC000004,purchase,not a time,1,,,\n');
    const strict = await en(['import', 'events', 'bad.csv', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('1 row rejected and --strict given: nothing imported');
  });

  test('in French, with the agreement French makes: singular for 0 and 1, plural from 2', async () => {
    const { dir, env } = await importedByCli('duckdb');
    const fr = async (args: string[]) => cli([...args, '-w', dir, '--lang', 'fr'], { env });
    expect((await fr(['delete', 'C000001'])).stdout).toBe('1 client supprimé\n');
    expect((await fr(['delete', 'C000002', 'C000003'])).stdout).toBe('2 clients supprimés\n');
    expect((await fr(['delete', 'C000002'])).stdout).toBe('0 client supprimé\n');
    expect((await fr(['run', '--every', 'month', '--from', '2026-05-31', '--to', '2026-06-30'])).stdout).toMatch(/^passage \d+ au 2026-06-01T00:00:00\+02:00 : \d+ lignes d'appartenance écrites\n/);
    const runs = (await fr(['runs'])).stdout;
    expect(runs).toMatch(/, \d{4} clients\n/);
    await writeFile(path.join(dir, 'one.csv'), 'customer_id,type,time,amount,categories,products,order_id\nC000004,purchase,2026-06-20T10:00:00,12.5,food,kibble,O9000001\n');
    const imported = (await fr(['import', 'events', 'one.csv'])).stdout;
    expect(imported).toMatch(/^Import de one\.csv : 1 ajouté, 0 mis à jour, 0 inchangé, 0 rejeté\n/);
    expect(imported).toMatch(/\n1 client réévalué \(passage \d+\)\n/);
    const again = (await fr(['import', 'events', 'one.csv'])).stdout;
    expect(again).toMatch(/^Import de one\.csv : 0 ajouté, 0 mis à jour, 1 inchangé, 0 rejeté\n/);
  });
});

describe('segmenta check shows a rule\'s hint under its line', () => {
  test('on stderr and as "hint" in --json, as count shows it for a rule given on the command line', async () => {
    const dir = await clinicCopy();
    const file = path.join(dir, 'segmenta.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace('      language = "fr"\n', '      language == "fr"\n'));
    const line = yaml.split('\n').findIndex((l) => l === '      language = "fr"') + 1;
    const hint = 'equality is written with one "=", as in language = "fr"';
    const human = await cli(['check', '-w', dir]);
    expect(human.code).toBe(1);
    expect(human.stderr).toBe(
      [
        `error: expected a value after "=" at ${line}:17, found "=" [segments.cats-ckd-fr-20km.rule]`,
        `  ${line} |       language == "fr"`,
        '     |                 ^',
        `     = hint: ${hint}`,
        '',
      ].join('\n'),
    );
    expect(await cliJson(['check', '-w', dir])).toMatchObject({ code: 1, json: { ok: false, errors: [{ where: 'segments.cats-ckd-fr-20km.rule', line, column: 17, hint }] } });
  });

  test('underlines the whole text at fault, as count does, when it ends on its line (endColumn in --json)', async () => {
    const dir = await clinicCopy();
    const file = path.join(dir, 'segmenta.yaml');
    const yaml = await readFile(file, 'utf8');
    // A plain scalar on the key's line, and a folded one whose problem is on its second line.
    const edited = yaml.replace('\nsegments:\n', '\nsegments:\n  plain:\n    rule: language = "fr" and langage = "fr"\n  folded:\n    rule: >-\n      language = "fr"\n      and visit within 3 months\n');
    await writeFile(file, edited);
    const lines = edited.split('\n');
    const plain = lines.findIndex((l) => l.includes('and langage')) + 1;
    const folded = lines.findIndex((l) => l.includes('and visit')) + 1;
    const human = await cli(['check', '-w', dir, '--lang', 'en']);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`  ${plain} |     rule: language = "fr" and langage = "fr"\n     |                               ^^^^^^^\n`);
    expect(human.stderr).toContain(`  ${folded} |       and visit within 3 months\n     |           ^^^^^\n`);
    const { json } = await cliJson<{ errors: Array<{ where: string; line: number; column: number; endColumn?: number }> }>(['check', '-w', dir]);
    expect(json.errors.map(({ where, line, column, endColumn }) => ({ where, line, column, endColumn }))).toEqual([
      { where: 'segments.plain.rule', line: plain, column: 31, endColumn: 38 },
      { where: 'segments.folded.rule', line: folded, column: 11, endColumn: 16 },
    ]);
  });
});

describe('a segment id given where a rule is expected', () => {
  test('is refused as a rule, and the first problem says how to name the segment', async () => {
    const dir = await clinicCopy();
    const result = await cli(['count', 'heart-dogs', '-w', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'error: unknown field "heart" at 1:1',
        '  1 | heart-dogs',
        '    | ^^^^^',
        '    = hint: heart-dogs is a segment: write in segment "heart-dogs" (members also lists it with --segment heart-dogs)',
        'error: unknown field "dogs" at 1:7',
        '  1 | heart-dogs',
        '    |       ^^^^',
        '    = hint: the customer fields are first_name, last_name, email, language, birth_date, gender, home, postcode, created_at, email_opt_in',
        '',
      ].join('\n'),
    );
    // --json carries the hint too, as check --json does.
    expect(await cliJson(['count', 'heart-dogs', '-w', dir, '--json'])).toMatchObject({
      code: 1,
      json: { error: { code: 'rule-refused', errors: [{ code: 'unknown-field', line: 1, column: 1, hint: 'heart-dogs is a segment: write in segment "heart-dogs" (members also lists it with --segment heart-dogs)' }, { column: 7 }] } },
    });
    // What the hint says works, and a rule that merely resembles a segment id gets no such hint.
    expect(await cliJson(['count', 'in segment "heart-dogs"', '-w', dir, '--json'])).toMatchObject({ code: 0, json: { count: 0 } });
    expect((await cli(['count', 'heart', '-w', dir])).stderr).not.toContain('is a segment');
  });
});

describe('explain shows each value in its unit, and a missing one as —', () => {
  /** Great-circle distance in km, written here from rules.md (haversine, radius 6371.0088 km). */
  const haversineKm = (lat1: number, lon1: number, lat2: number, lon2: number): number => {
    const rad = (d: number) => (d * Math.PI) / 180;
    const h = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  };
  type Node = { text: string; values: Record<string, unknown>; units?: Record<string, string> };
  type Explained = { rule: Node & { parts: Node[] } };

  test('distances in km, ages in completed years, in JSON (units) and in both languages; an empty field as —', async () => {
    const dir = await clinicCopy();
    const file = path.join(dir, 'segmenta.yaml');
    const rule = 'age(birth_date) >= 18 and distance(home, clinic) < 500 m and language = "fr"';
    const seventhsYaml = '  sevenths:\n    name: Septièmes\n    rule: sum(purchase.amount) / 7 > 100\n';
    await writeFile(file, (await readFile(file, 'utf8')).replace('\nsegmentations:\n', `  near-adults:\n    name: Adultes tout près\n    rule: ${rule}\n${seventhsYaml}\nsegmentations:\n`));
    // C000001 from the fixture: born 1984-06-12, home 46.549738, 6.802931; the clinic at 46.5197, 6.6323.
    await writeFile(path.join(dir, 'blank.csv'), 'id,first_name,last_name,email,language,birth_date,gender,home_lat,home_lon,postcode,created_at,email_opt_in\nC900001,Ann,Blank,,,,,,,,2025-01-01T00:00:00,false\n');
    for (const f of ['customers.csv', 'blank.csv']) expect((await cli(['import', 'customers', f, '-w', dir])).code).toBe(0);
    expect((await cli(['import', 'events', 'events.csv', '-w', dir])).code).toBe(0);
    const at = ['--at', '2026-06-30'];
    const km = haversineKm(46.549738, 6.802931, 46.5197, 6.6323);

    const json = await cliJson<Explained>(['explain', 'C000001', 'near-adults', '-w', dir, ...at]);
    expect(json.code).toBe(0);
    const [age, distance, language] = json.json.rule.parts;
    expect(age).toMatchObject({ values: { 'age(birth_date)': 42 }, units: { 'age(birth_date)': 'years' } });
    expect(distance!.units).toEqual({ 'distance(home, clinic)': 'km' });
    expect(distance!.values['distance(home, clinic)']).toBeCloseTo(km, 9);
    expect(language!.units).toBeUndefined();

    const fr = (await cli(['explain', 'C000001', 'near-adults', '-w', dir, ...at])).stdout;
    expect(fr).toContain('✓ age(birth_date) >= 18   (age(birth_date) : 42 ans)');
    expect(fr).toContain(`✗ distance(home, clinic) < 500 m   (distance(home, clinic) : ${km.toFixed(2)} km)`);
    const en = (await cli(['explain', 'C000001', 'near-adults', '-w', dir, ...at, '--lang', 'en'])).stdout;
    expect(en).toContain('✓ age(birth_date) >= 18   (age(birth_date): 42 years)');
    expect(en).toContain(`(distance(home, clinic): ${km.toFixed(2)} km)`);

    // A number with more decimals than a sum holds is shown to six; JSON keeps them all.
    // events.csv: C000001's purchases 43.61 + 124.25 + 62.89 + 549.87 + 58.87 = 839.49, / 7 = 119.92714285…
    const sevenths = await cliJson<Explained>(['explain', 'C000001', 'sevenths', '-w', dir, ...at]);
    expect(sevenths.json.rule.values['sum(purchase.amount) / 7']).toBeCloseTo(839.49 / 7, 9);
    expect((await cli(['explain', 'C000001', 'sevenths', '-w', dir, ...at])).stdout).toContain('(sum(purchase.amount) / 7 : 119.927143)');
    // A quantifier with where: how many of the customer's records meet it, of how many. pets.csv:
    // C000002 has one pet, P0000003, born 2014-07-22 (11 on 2026-06-30); customers alone are
    // imported here, so that pet is not yet known: 0 of 0, then 1 of 1 once pets.csv is in.
    const pets = async () => (await cli(['explain', 'C000002', 'senior-pets', '-w', dir, ...at, '--lang', 'en'])).stdout;
    expect(await pets()).toContain('✗ any(pets where age(birth_date) >= 10)   (pets: 0 of 0 meet the condition)');
    expect((await cli(['import', 'pets', 'pets.csv', '-w', dir])).code).toBe(0);
    expect(await pets()).toContain('✓ any(pets where age(birth_date) >= 10)   (pets: 1 of 1 meets the condition)');
    const petsFr = (await cli(['explain', 'C000002', 'senior-pets', '-w', dir, ...at])).stdout;
    expect(petsFr).toContain('✓ any(pets where age(birth_date) >= 10)   (pets : 1 sur 1 répond à la condition)');
    expect((await cliJson<Explained>(['explain', 'C000002', 'senior-pets', '-w', dir, ...at])).json.rule).toMatchObject({ counts: { source: 'pets', matching: 1, all: 1, where: true } });
    const blank = await cli(['explain', 'C900001', 'near-adults', '-w', dir, ...at, '--lang', 'en']);
    expect(blank.stdout).toContain('✗ age(birth_date) >= 18   (age(birth_date): —)');
    expect(blank.stdout).toContain('✗ distance(home, clinic) < 500 m   (distance(home, clinic): —)');
    expect(blank.stdout).toContain('✗ language = "fr"   (language: —)');
    const blankJson = await cliJson<Explained>(['explain', 'C900001', 'near-adults', '-w', dir, ...at]);
    expect(blankJson.json.rule.parts.map((p) => Object.values(p.values))).toEqual([[null], [null], [null]]);
  });
});

describe('refusals of imports, stores and models carry a code in the same form as the others', () => {
  test('import-error, store-error, unknown-model, model-not-fitted, model-data-error, model-error (they were class names)', async () => {
    const dir = await clinicCopy();
    const file = path.join(dir, 'segmenta.yaml');
    const models = 'models:\n  clv: { model: clv, event: purchase, amount: amount }\n  groups: { model: kmeans, event: purchase, amount: amount, features: ["count(purchse)"] }\n';
    await writeFile(file, `${await readFile(file, 'utf8')}\n${models}`);
    await writeFile(path.join(dir, 'empty.csv'), '');
    expect(await cliJson<Refusal>(['import', 'events', 'empty.csv', '-w', dir])).toMatchObject({
      code: 1,
      json: { error: { code: 'import-error', message: `${path.join(dir, 'empty.csv')} is empty: a CSV file needs a header row naming its columns` } },
    });
    expect(await cliJson<Refusal>(['model', 'fit', 'nope', '-w', dir])).toMatchObject({ code: 1, json: { error: { code: 'unknown-model' } } });
    expect(await cliJson<Refusal>(['count', 'clv.p_alive > 0.5', '-w', dir, '--at', '2026-06-30'])).toMatchObject({ code: 1, json: { error: { code: 'model-not-fitted' } } });
    // No purchase imported: the lifetime-value model has nothing to fit.
    expect(await cliJson<Refusal>(['model', 'fit', 'clv', '-w', dir, '--at', '2026-06-30'])).toMatchObject({ code: 1, json: { error: { code: 'model-data-error' } } });
    expect(await cliJson<Refusal>(['model', 'fit', 'groups', '-w', dir, '--at', '2026-06-30'])).toMatchObject({ code: 1, json: { error: { code: 'model-error' } } });
    const notDemo = await cli(['demo', dir, '--customers', '30', '--until', '2026-06-30', '--json']);
    expect(notDemo.code).toBe(1);
    expect(JSON.parse(notDemo.stdout)).toMatchObject({ error: { code: 'store-error', message: `${dir} is not empty and is not an earlier demo: choose another folder` } });
  });
});

describe('a segment whose rule is refused', () => {
  test.each(STORES)('run, the replay and segments refuse (exit 1) and record nothing; an import keeps its rows and waits (%s)', async (store) => {
    const { dir, env } = await importedByCli(store);
    // A first full run while the rules are sound, so that imports may re-evaluate their customers.
    expect((await cli(['run', '-w', dir, '--at', '2026-05-31'], { env })).code).toBe(0);
    const at = await breakSeniorPets(dir);

    const run = await cliJson<Refusal>(['run', '-w', dir, '--at', '2026-06-30'], { env });
    expect(run.code).toBe(1);
    expect(run.json.error.code).toBe('workspace-invalid');
    expect(run.json.error.errors).toEqual([expect.objectContaining({ where: 'segments.senior-pets.rule', line: at.line, column: at.column })]);
    expect(run.json.error.errors![0]!.message).toContain('unknown function "agee"');
    expect(run.json.error.message).toMatch(/^segmenta\.yaml has 1 error: unknown function "agee"/);
    const human = await cli(['run', '-w', dir, '--at', '2026-06-30', '--lang', 'en'], { env });
    expect(human).toMatchObject({ code: 1, stdout: '' });
    expect(human.stderr).toContain(`${String(at.line).padStart(4)} |`);
    expect((await cli(['run', '-w', dir, '--every', 'month', '--from', '2026-06-01', '--to', '2026-07-31'], { env })).code).toBe(1);
    expect(await cliJson<Refusal>(['segments', '-w', dir, '--at', '2026-06-30'], { env })).toMatchObject({ code: 1, json: { error: { code: 'workspace-invalid' } } });
    expect((await cliJson<unknown[]>(['runs', '--all', '-w', dir], { env })).json).toHaveLength(1);

    // Two purchases of two known customers: imported, not re-evaluated, said on stderr.
    const events = path.join(dir, 'late.csv');
    await writeFile(events, 'customer_id,type,time,amount,categories,products\nC000001,purchase,2026-06-20T10:00:00,12.5,,\nC000002,purchase,2026-06-20T11:00:00,8,,\n');
    const imported = await cliJson<Record<string, unknown>>(['import', 'events', events, '-w', dir, '--at', '2026-06-30'], { env });
    expect(imported).toMatchObject({ code: 0, json: { inserted: 2, rejected: 0, reevaluated: null } });
    expect(imported.stderr).toContain('clients non réévalués');
    expect((await cliJson<unknown[]>(['runs', '--all', '-w', dir], { env })).json).toHaveLength(1);
    // The rows are stored; and what does not need every segment still works (a customer's profile).
    const profile = await cliJson<{ events: Array<{ type: string; time: string }> }>(['customer', 'C000002', '-w', dir, '--events', '50'], { env });
    expect(profile.code).toBe(0);
    expect(profile.json.events).toContainEqual(expect.objectContaining({ type: 'purchase', time: '2026-06-20T11:00:00+02:00' }));
  });
});

describe('a rule that reaches a segment cycle', () => {
  test('count, members and segments say which cycle, where (they answered an empty message)', async () => {
    const yaml = 'name: Loop\ntimezone: America/New_York\ncustomers: { key: id, fields: {} }\nsegments:\n  a: { rule: \'in segment "b"\' }\n  b: { rule: \'in segment "a"\' }\n';
    const dir = await workspaceWith(yaml, { 'customers.csv': 'id\nK1\n' });
    expect((await cli(['import', 'customers', 'customers.csv', '-w', dir])).code).toBe(0);
    const checked = await cliJson<{ errors: Array<{ where: string; line: number; column: number; message: string }> }>(['check', '-w', dir]);
    expect(checked.code).toBe(1);
    const [cycle] = checked.json.errors;
    expect(cycle!.message).toMatch(/^segment cycle: /);
    const message = `segment "${cycle!.where.split('.')[1]}" has an invalid rule: ${cycle!.message} (see segmenta check)`;
    for (const args of [['count', 'in segment "a"'], ['count', 'in segment "b"'], ['members', '--segment', 'a'], ['members', '--segment', 'b']]) {
      expect(await cliJson<Refusal>([...args, '-w', dir]), args.join(' ')).toMatchObject({ code: 1, json: { error: { code: 'invalid-segment-rule', message } } });
      expect(await cli([...args, '-w', dir]), args.join(' ')).toMatchObject({ code: 1, stdout: '', stderr: `error: ${message}\n` });
    }
    expect(await cliJson<Refusal>(['segments', '-w', dir])).toMatchObject({ code: 1, json: { error: { code: 'workspace-invalid' } } });
  });
});

describe('import: columns nothing reads are said', () => {
  test('listed in JSON and in human output, with the nearest declared column', async () => {
    const dir = await clinicCopy();
    await writeFile(path.join(dir, 'x.csv'), 'id,frist_name,last_name,shoe_size\nZ1,Ann,Lee,38\n');
    const json = await cliJson<{ inserted: number; ignoredColumns: string[] }>(['import', 'customers', 'x.csv', '-w', dir]);
    expect(json).toMatchObject({ code: 0, json: { inserted: 1, ignoredColumns: ['frist_name', 'shoe_size'], nearestColumns: { frist_name: 'first_name' } } });
    const human = await cli(['import', 'customers', 'x.csv', '-w', dir, '--lang', 'en']);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toBe('Imported x.csv: 0 inserted, 0 updated, 1 unchanged, 0 rejected\nColumns segmenta.yaml does not read, ignored: frist_name (did you mean "first_name"?), shoe_size\n');
    expect((await cli(['import', 'customers', 'x.csv', '-w', dir, '--lang', 'fr'])).stdout).toBe(
      'Import de x.csv : 0 ajouté, 0 mis à jour, 1 inchangé, 0 rejeté\nColonnes que segmenta.yaml ne lit pas, ignorées : frist_name (vouliez-vous dire « first_name » ?), shoe_size\n',
    );
    // The fixture's own files: every column is read, nothing is said.
    expect((await cli(['import', 'customers', 'customers.csv', '-w', dir, '--lang', 'en'])).stdout).toBe('Imported customers.csv: 2000 inserted, 0 updated, 0 unchanged, 0 rejected\n');
  });
});

describe('a model feature that does not check stops that model only', () => {
  test('segments and the re-evaluation of an import go on; a run says why it cannot fit', async () => {
    const { dir, env } = await importedByCli('duckdb');
    expect((await cliJson(['run', '-w', dir, '--at', '2026-05-31'], { env })).code).toBe(0);
    const file = path.join(dir, 'segmenta.yaml');
    await writeFile(file, `${await readFile(file, 'utf8')}\nmodels:\n  groups: { model: kmeans, event: purchase, amount: amount, features: ["count(purchase)", "count(purchse)"] }\n`);
    expect((await cliJson<{ errors: Array<{ where: string }> }>(['check', '-w', dir], { env })).json.errors.map((e) => e.where)).toEqual(['models.groups.features.1']);
    expect((await cliJson(['segments', '-w', dir, '--at', '2026-06-30'], { env })).code).toBe(0);
    // A full run fits every model: it refuses, naming the feature (ModelError, as before).
    const run = await cliJson<Refusal>(['run', '-w', dir, '--at', '2026-06-30'], { env });
    expect(run.code).toBe(1);
    expect(run.json.error.message).toContain('feature "count(purchse)" is refused');
    await writeFile(path.join(dir, 'late.csv'), 'customer_id,type,time,amount,categories,products\nC000001,purchase,2026-06-20T10:00:00,12.5,,\n');
    const imported = await cliJson<{ reevaluated: { customers: number } | null }>(['import', 'events', 'late.csv', '-w', dir, '--at', '2026-06-30'], { env });
    expect(imported.code).toBe(0);
    expect(imported.json.reevaluated).toMatchObject({ customers: 1 });
    expect(imported.stderr).toBe('');
  });
});

describe('demo never fills a PostgreSQL schema that holds customers no demo made', () => {
  test.skipIf(!STORES.includes('postgres'))('refused, the customers left as they were', async () => {
    const { dir, env } = await importedByCli('postgres');
    const demo = path.join(await tempDir(), 'demo');
    // The demo's own folder, but the store the environment names: the clinic's.
    const refused = await cli(['demo', demo, '--customers', '30', '--until', '2026-06-30'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('holds customers that no demo made');
    const profile = await cliJson<{ fields: { first_name: string } }>(['customer', 'C000001', '-w', dir], { env });
    expect(profile.json.fields.first_name).toBe('Léa');
    expect((await cliJson<unknown[]>(['runs', '--all', '-w', dir], { env })).json).toEqual([]);
  });
});

describe('the segmenta.yaml that init writes', () => {
  test('is valid as written, and with every commented example taken in', async () => {
    const dir = path.join(await tempDir(), 'shop');
    expect((await cli(['init', dir])).code).toBe(0);
    const file = path.join(dir, 'segmenta.yaml');
    expect(await cli(['check', '-w', dir])).toMatchObject({ code: 0, stdout: `ok: ${file} is valid (2 customer fields, 0 collections, 2 event types, 1 segment, 0 segmentations, 0 models)\n` });
    // "# key: value" lines are the examples; the other comments are prose.
    const examples = (await readFile(file, 'utf8')).replace(/^(\s*)# (\s*[a-z_0-9]+:.*)$/gm, '$1$2');
    await writeFile(file, examples);
    expect(await cli(['check', '-w', dir])).toMatchObject({ code: 0, stdout: `ok: ${file} is valid (5 customer fields, 1 collection, 2 event types, 1 segment, 2 segmentations, 3 models)\n` });
  });
});

describe('human output in the language asked', () => {
  test('init and check say their lines in French or English', async () => {
    const dir = path.join(await tempDir(), 'atelier');
    const made = await cli(['init', dir, '--lang', 'fr']);
    expect(made).toMatchObject({ code: 0, stderr: '' });
    expect(made.stdout).toBe(`${path.join(dir, 'segmenta.yaml')} créé\nEnsuite : modifiez-le, puis \`npx segmenta check -w ${path.relative(process.cwd(), dir)}\`, et importez vos données.\n`);
    // The workspace made in French says so: its later commands speak French.
    expect(await readFile(path.join(dir, 'segmenta.yaml'), 'utf8')).toMatch(/^locale: fr +#/m);
    const fixture = await clinicCopy();
    const file = path.join(fixture, 'segmenta.yaml');
    expect(await cli(['check', '-w', fixture, '--lang', 'fr'])).toMatchObject({
      code: 0,
      stdout: `ok: ${file} est valide (10 champs client, 1 collection, 2 types d’événement, 3 segments, 3 segmentations, 0 modèle)\n`,
    });
    expect(await cli(['check', '-w', fixture, '--lang', 'en'])).toMatchObject({
      code: 0,
      stdout: `ok: ${file} is valid (10 customer fields, 1 collection, 2 event types, 3 segments, 3 segmentations, 0 models)\n`,
    });
  });
});

describe('-w names the folder that init and demo create', () => {
  test('init -w DIR writes there; a folder and a different -w is a usage error', async () => {
    const cwd = await tempDir();
    expect((await cli(['init', '-w', 'shop'], { cwd })).code).toBe(0);
    expect(existsSync(path.join(cwd, 'shop', 'segmenta.yaml'))).toBe(true);
    expect(existsSync(path.join(cwd, 'segmenta.yaml'))).toBe(false);
    expect(await cli(['init', 'a', '-w', 'b'], { cwd })).toMatchObject({ code: 2, stderr: 'error: two folders given: a and -w b; give one\n' });
    expect(existsSync(path.join(cwd, 'a'))).toBe(false);
    expect((await cli(['init', 'same', '-w', 'same'], { cwd })).code).toBe(0);
  });

  test('demo -w DIR creates the demo there', async () => {
    const cwd = await tempDir();
    const made = await cliJson<{ workspace: string; customers: number }>(['demo', '-w', 'clinic', '--customers', '30', '--until', '2026-06-30'], { cwd });
    expect(made).toMatchObject({ code: 0, json: { workspace: path.join(cwd, 'clinic'), customers: 30 } });
    expect(existsSync(path.join(cwd, 'segmenta-demo'))).toBe(false);
  });
});

describe('a demo made again in the store of an earlier demo starts from an empty store', () => {
  test.each(STORES)('fewer customers than before: none of the earlier ones, one run a month, as a first demo gives (%s)', async (store) => {
    const root = await tempDir();
    const [again, fresh] = [path.join(root, 'again'), path.join(root, 'fresh')];
    // The PostgreSQL schema of each folder, or a DuckDB file outside the folder (so that only the store's mark is left to decide).
    const envOf = (dir: string) => (store === 'postgres' ? storeEnv('postgres', dir) : { SEGMENTA_DATABASE_URL: path.join(root, `${path.basename(dir)}.duckdb`) });
    expect((await cli(['demo', again, '--customers', '40', '--until', '2026-06-30'], { env: envOf(again) })).code).toBe(0);
    const second = await cliJson<Record<string, unknown>>(['demo', again, '--customers', '30', '--until', '2026-06-30', '--json'], { env: envOf(again) });
    const first = await cliJson<Record<string, unknown>>(['demo', fresh, '--customers', '30', '--until', '2026-06-30', '--json'], { env: envOf(fresh) });
    expect(second.code).toBe(0);
    const { workspace: _a, ...secondRest } = second.json;
    const { workspace: _b, ...firstRest } = first.json;
    expect(secondRest).toEqual(firstRest);
    expect(await cliJson(['count', 'true', '-w', again], { env: envOf(again) })).toMatchObject({ json: { count: 30 } });
    expect(await cliJson(['count', 'any(event)', '-w', again, '--at', '2026-06-30'], { env: envOf(again) })).toEqual(await cliJson(['count', 'any(event)', '-w', fresh, '--at', '2026-06-30'], { env: envOf(fresh) }));
    const runs = await cliJson<Array<{ at: string }>>(['runs', '--all', '-w', again], { env: envOf(again) });
    expect(runs.json).toHaveLength(24);
    expect(new Set(runs.json.map((r) => r.at)).size).toBe(24);
    // A demo in another folder may take the same store: nothing was imported after the earlier demo.
    expect((await cli(['demo', path.join(root, 'other'), '--customers', '20', '--until', '2026-06-30'], { env: envOf(again) })).code).toBe(0);
    expect(await cliJson(['count', 'true', '-w', again], { env: envOf(again) })).toMatchObject({ json: { count: 20 } });
  }, 180_000); // four demos: beyond the default minute on a loaded machine
});

describe('demo never writes over a workspace it did not make', () => {
  test('a folder with segmenta.yaml and events.csv of its own is refused and left as it was', async () => {
    const dir = await clinicCopy();
    const before = await readFile(path.join(dir, 'segmenta.yaml'), 'utf8');
    const refused = await cli(['demo', dir, '--customers', '30', '--until', '2026-06-30']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty and is not an earlier demo');
    expect(await readFile(path.join(dir, 'segmenta.yaml'), 'utf8')).toBe(before);
    // An earlier demo is made again in place.
    const demo = path.join(await tempDir(), 'demo');
    expect((await cli(['demo', demo, '--customers', '30', '--until', '2026-06-30'])).code).toBe(0);
    expect((await cli(['demo', demo, '--customers', '40', '--until', '2026-06-30', '--json'])).code).toBe(0);
  });

  test('an earlier demo someone worked in is refused too: its segmenta.yaml edited, or its store holding their own import', async () => {
    const demo = path.join(await tempDir(), 'demo');
    expect((await cli(['demo', demo, '--customers', '30', '--until', '2026-06-30'])).code).toBe(0);
    await writeFile(path.join(demo, 'mine.csv'), 'id,first_name\nX1,Zed\n');
    expect((await cliJson(['import', 'customers', 'mine.csv', '-w', demo])).code).toBe(0);
    const imported = await cli(['demo', demo, '--customers', '40', '--until', '2026-06-30']);
    expect(imported).toMatchObject({ code: 1, stderr: `error: the store ${path.join(demo, '.segmenta', 'store.duckdb')} holds an import made after the demo (${path.join(demo, 'mine.csv')}): choose another folder, database or schema\n` });
    expect(await cliJson(['count', 'true', '-w', demo])).toMatchObject({ json: { count: 31 } });

    const edited = path.join(await tempDir(), 'demo');
    expect((await cli(['demo', edited, '--customers', '30', '--until', '2026-06-30'])).code).toBe(0);
    const file = path.join(edited, 'segmenta.yaml');
    const yaml = (await readFile(file, 'utf8')).replace(/^name: .*$/m, 'name: Ma clinique');
    await writeFile(file, yaml);
    const refused = await cli(['demo', edited, '--customers', '40', '--until', '2026-06-30']);
    expect(refused).toMatchObject({ code: 1, stderr: `error: ${edited} is an earlier demo whose segmenta.yaml is not as the demo wrote it (edited, or written by another version): a demo would write over it; choose another folder\n` });
    expect(await readFile(file, 'utf8')).toBe(yaml);
    expect(await cliJson(['count', 'true', '-w', edited])).toMatchObject({ json: { count: 30 } });
  });

  test('a demo stopped half-way (its mark without its last import) may be made again, but not once someone imported into it', async () => {
    const demo = path.join(await tempDir(), 'demo');
    expect((await cli(['demo', demo, '--customers', '30', '--until', '2026-06-30'])).code).toBe(0);
    // What a demo killed during its replay leaves: customers imported, the mark naming its files, no last import.
    const halfWay = async () => {
      const ws = await open(demo);
      try {
        const files = ['customers.csv', 'pets.csv', 'events.csv'].map((f) => path.join(demo, f));
        await ws.store.run(`UPDATE meta SET value = $1 WHERE key = 'demo'`, [JSON.stringify({ seed: 42, files })]);
      } finally {
        await ws.close();
      }
    };
    await halfWay();
    expect((await cli(['demo', demo, '--customers', '30', '--until', '2026-06-30'])).code).toBe(0);
    await halfWay();
    await writeFile(path.join(demo, 'mine.csv'), 'id,first_name\nX1,Zed\n');
    expect((await cliJson(['import', 'customers', 'mine.csv', '-w', demo])).code).toBe(0);
    const refused = await cli(['demo', demo, '--customers', '30', '--until', '2026-06-30']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`holds an import made after the demo (${path.join(demo, 'mine.csv')})`);
  });

  test.skipIf(!STORES.includes('postgres'))('a store refused for a new folder leaves no half-made demo there', async () => {
    const { env } = await importedByCli('postgres');
    const root = await tempDir();
    const fresh = path.join(root, 'fresh');
    expect((await cli(['demo', fresh, '--customers', '30', '--until', '2026-06-30'], { env })).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
    // Nor the folders made on the way to it.
    expect((await cli(['demo', path.join(root, 'a', 'b', 'c'), '--customers', '30', '--until', '2026-06-30'], { env })).code).toBe(1);
    expect(existsSync(path.join(root, 'a'))).toBe(false);
  });

  test.each(STORES)('tables Segmenta did not make, in the store a demo fills, are left as they were (%s)', async (store) => {
    const root = await tempDir();
    const demo = path.join(root, 'demo');
    const env = store === 'postgres' ? storeEnv('postgres', demo) : { SEGMENTA_DATABASE_URL: path.join(root, 'shared.duckdb') };
    // A first demo makes the store; someone adds a table of their own beside Segmenta's.
    expect((await cli(['demo', demo, '--customers', '20', '--until', '2026-06-30'], { env })).code).toBe(0);
    const withStore = async (work: (ws: Awaited<ReturnType<typeof openWithEnv>>) => Promise<void>) => {
      const ws = await openWithEnv(demo, env);
      try {
        await work(ws);
      } finally {
        await ws.close();
      }
    };
    await withStore(async (ws) => {
      await ws.store.run('CREATE TABLE app_orders (id INTEGER, total DOUBLE PRECISION)');
      await ws.store.run('INSERT INTO app_orders VALUES (1, 10.5), (2, 20)');
    });
    expect((await cli(['demo', demo, '--customers', '30', '--until', '2026-06-30'], { env })).code).toBe(0);
    await withStore(async (ws) => {
      expect(await ws.store.query('SELECT count(*)::INTEGER AS n FROM app_orders')).toEqual([{ n: 2 }]);
      expect(await ws.store.query('SELECT count(*)::INTEGER AS n FROM customers')).toEqual([{ n: 30 }]);
    });
  });

  test('a demo folder whose own store holds someone\'s import is refused even when the environment names another store', async () => {
    const root = await tempDir();
    const demo = path.join(root, 'demo');
    expect((await cli(['demo', demo, '--customers', '20', '--until', '2026-06-30'])).code).toBe(0);
    await writeFile(path.join(root, 'mine.csv'), 'id,first_name\nX1,Zed\n');
    expect((await cliJson(['import', 'customers', path.join(root, 'mine.csv'), '-w', demo])).code).toBe(0);
    const elsewhere = { SEGMENTA_DATABASE_URL: path.join(root, 'other.duckdb') };
    const refused = await cli(['demo', demo, '--customers', '20', '--until', '2026-06-30'], { env: elsewhere });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`holds an import made after the demo (${path.join(root, 'mine.csv')})`);
    expect(await cliJson(['count', 'true', '-w', demo])).toMatchObject({ json: { count: 21 } });
  });

  test('a store marked by an older demo (the seed alone) is refused once someone imported into it', async () => {
    const demo = path.join(await tempDir(), 'demo');
    expect((await cli(['demo', demo, '--customers', '20', '--until', '2026-06-30'])).code).toBe(0);
    await writeFile(path.join(demo, 'mine.csv'), 'id,first_name\nX1,Zed\n');
    expect((await cliJson(['import', 'customers', 'mine.csv', '-w', demo])).code).toBe(0);
    const ws = await open(demo);
    try {
      await ws.store.run(`UPDATE meta SET value = '42' WHERE key = 'demo'`);
    } finally {
      await ws.close();
    }
    const refused = await cli(['demo', demo, '--customers', '20', '--until', '2026-06-30']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`holds an import made after the demo (${path.join(demo, 'mine.csv')})`);
    expect(await cliJson(['count', 'true', '-w', demo])).toMatchObject({ json: { count: 21 } });
  });
});

describe('check: the file itself and the store', () => {
  test('a file that is not a mapping is named; a URL of another database is refused', async () => {
    const list = await workspaceWith('- a\n- b\n');
    const notMapping = await cliJson<{ errors: unknown[] }>(['check', '-w', list]);
    expect(notMapping.code).toBe(1);
    expect(notMapping.json.errors[0]).toEqual({ where: 'segmenta.yaml', line: 1, column: 1, message: 'segmenta.yaml must be a mapping of settings (name, timezone, customers…) at 1:1' });
    const fixture = await clinicCopy();
    const file = path.join(fixture, 'segmenta.yaml');
    const yaml = (await readFile(file, 'utf8')).replace(/^store:.*\n/m, '');
    await writeFile(file, `store: mysql://shop@localhost/crm\n${yaml}`);
    const checked = await cliJson<{ ok: boolean; errors: Array<{ where: string; line: number; column: number; message: string }> }>(['check', '-w', fixture]);
    expect(checked.code).toBe(1);
    expect(checked.json.errors).toEqual([
      { where: 'store', line: 1, column: 8, endColumn: 34, message: 'store must be a PostgreSQL URL (postgres://…) or a DuckDB file path, not "mysql://shop@localhost/crm" at 1:8' },
    ]);
    expect(existsSync(path.join(fixture, 'mysql:'))).toBe(false);
    // The same URL in the environment: said, its password hidden, and no folder made for it.
    const plain = await clinicCopy();
    const fromEnv = await cliJson<Refusal>(['count', 'true', '-w', plain], { env: { SEGMENTA_DATABASE_URL: 'mysql://shop:secret@localhost/crm' } });
    expect(fromEnv).toMatchObject({ code: 1, json: { error: { code: 'workspace-invalid' } } });
    expect(fromEnv.json.error.errors).toEqual([
      { code: 'invalid-value', where: 'SEGMENTA_DATABASE_URL', line: 0, column: 0, message: 'SEGMENTA_DATABASE_URL must be a PostgreSQL URL (postgres://…) or a DuckDB file path, not "mysql://…@localhost/crm"' },
    ]);
    expect(existsSync(path.join(plain, 'mysql:'))).toBe(false);
  });
});
