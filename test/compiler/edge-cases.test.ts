/**
 * The delicate corners of rules.md on a workspace small enough to count by hand: missing values,
 * empty collections, calendar months, whole days, a clock change, 29 February, Unicode and quotes,
 * and rules that try SQL injection.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRule, evaluation, type Evaluation } from '../../src/engine/evaluate.js';
import { prepareRule } from '../../src/engine/prepared-rules.js';
import { parseInstant } from '../../src/time/instant.js';
import { load, open, workspaceWith } from '../support/workspace.js';
import { cli, cliJson } from '../support/cli.js';
import { STORES, storeEnv } from '../support/stores.js';

const YAML = `name: Tiny
timezone: Europe/Zurich
places:
  shop: { lat: 46.5197, lon: 6.6323 }
customers:
  key: id
  created: since
  fields:
    name: string
    email: string
    born: date
    since: timestamp
    vip: boolean
    home: geopoint
    tags: list<string>
collections:
  pets:
    key: id
    parent: owner
    fields:
      species: string
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
    visit: {}
segments:
  buyers:
    rule: any(purchase)
  vip-buyers:
    rule: in segment "buyers" and vip
`;

const CUSTOMERS = [
  'id,name,email,born,since,vip,home_lat,home_lon,tags',
  'k1,Zoé,zoe@x.ch,2000-02-29,2020-01-01T00:00:00,true,46.5197,6.6323,a|b',
  "k2,O'Neil,,1990-03-01,2020-01-01T00:00:00,false,,,",
  'k3,"He said ""hi""",HI@X.CH,1990-02-28,2020-01-01T00:00:00,,46.2,6.1,b',
  `k4,"'; DROP TABLE customers; --",d@x.ch,1985-12-31,2024-09-01T00:00:00,true,46.6,6.7,`,
].join('\n');

const PETS = 'id,owner,species\np1,k1,cat\np2,k1,cat\np3,k2,cat\np4,k2,dog\n';

const EVENTS = [
  'customer_id,type,time,amount',
  'k1,purchase,2024-02-29T12:00:00,10',
  'k2,purchase,2024-02-29T11:59:59,20',
  'k3,purchase,2024-03-01T00:00:00,30',
  'k3,visit,2024-02-29T23:59:59,',
  'k1,visit,2024-03-30T12:30:00,',
  'k2,visit,2024-03-30T11:30:00,',
  'k4,purchase,2030-01-01T00:00:00,99',
].join('\n');

describe.each(STORES)('on %s', (store) => {
  let ev: Evaluation;
  let close: () => Promise<void>;
  /** A second copy for the command line, whose processes cannot open a store this one holds. */
  let dir: string;

  beforeAll(async () => {
    dir = await workspaceWith(YAML, { 'c.csv': CUSTOMERS, 'p.csv': PETS, 'e.csv': EVENTS });
    for (const [entity, file] of [['customers', 'c.csv'], ['pets', 'p.csv'], ['events', 'e.csv']]) {
      expect((await cli(['import', entity!, file!, '-w', dir], { env: storeEnv(store, dir) })).code).toBe(0);
    }
    const ws = await open(await workspaceWith(YAML, { 'c.csv': CUSTOMERS, 'p.csv': PETS, 'e.csv': EVENTS }), store);
    for (const [entity, file] of [['customers', 'c.csv'], ['pets', 'p.csv'], ['events', 'e.csv']]) {
      expect((await load(ws, entity!, file!)).rejected).toBe(0);
    }
    ev = evaluation(ws.workspace, ws.store);
    close = ws.close;
  });
  afterAll(() => close());

  const count = (rule: string, at: string) => countRule(ev, prepareRule(ev.workspace, rule), parseInstant(at, 'Europe/Zurich'));

  describe('two-valued logic: a test with a missing value is false, and not P is true exactly when P is false', () => {
    const at = '2025-01-01';
    test.each([
      ['email != "x"', 3], // k2 has no email
      ['not (email = "x")', 4],
      ['email is null', 1],
      ['vip = false', 1], // k3's vip is missing
      ['not vip', 2],
      ['vip or not vip', 4],
      ['email in ["zoe@x.ch", "d@x.ch"]', 2],
      ['email not in ["zoe@x.ch"]', 2],
      ['home is null', 1],
      ['distance(home, shop) < 1 km or not (distance(home, shop) < 1 km)', 4],
      ['distance(home, shop) >= 0', 3],
      ['avg(purchase.amount) > 0 or not (avg(purchase.amount) > 0)', 4],
      ['avg(purchase.amount) > 15', 2], // k2 (20), k3 (30); none for k4 yet
      ['count(purchase) = 0', 1], // k4's purchase is later than the evaluation time
      ['sum(purchase.amount) = 0', 1],
    ])('%s → %i', async (rule, expected) => {
      expect(await count(rule, at)).toBe(expected);
    });
  });

  describe('collections', () => {
    test.each([
      ['all(pets where species = "cat")', 3], // k1 (cats only), k3 and k4 (no pets: all over none)
      ['all(pets where species = "cat") and any(pets)', 1],
      ['none(pets where species = "dog")', 3],
      ['count(pets where species = "cat") = 1', 1],
      ['count(pets) < 2', 2],
    ])('%s → %i', async (rule, expected) => {
      expect(await count(rule, '2025-01-01')).toBe(expected);
    });
  });

  describe('time', () => {
    test('months are calendar months: 6 months before 31 August 12:00 is 29 February 12:00', async () => {
      expect(await count('any(purchase within 6 months)', '2024-08-31T12:00:00')).toBe(2); // k1 at 12:00:00, k3 on 1 March
      expect(await count('any(purchase where amount = 20 within 6 months)', '2024-08-31T12:00:00')).toBe(0); // k2 at 11:59:59
    });

    test('a date compared with an instant stands for the whole day', async () => {
      const at = '2025-01-01';
      expect(await count('last(purchase) = 2024-02-29', at)).toBe(2);
      expect(await count('last(purchase) <= 2024-02-29', at)).toBe(2);
      expect(await count('last(purchase) < 2024-02-29', at)).toBe(0);
      expect(await count('last(purchase) > 2024-02-29', at)).toBe(1);
      expect(await count('last(purchase) >= 2024-03-01', at)).toBe(1);
      expect(await count('last(purchase) != 2024-02-29', at)).toBe(1);
      expect(await count('any(visit between 2024-02-29 and 2024-02-29)', at)).toBe(1);
      expect(await count('born <= 30 years ago', '2020-03-01T00:00:00')).toBe(2); // 1990-03-01 (its day contains the instant) and 1985
    });

    test('days are calendar days across a clock change (23 hours on 31 March 2024 in Zurich); hours are exact', async () => {
      // At 2024-03-31 12:00 CEST, 1 day ago is 2024-03-30 12:00 CET: 23 hours.
      expect(await count('any(visit within 1 day)', '2024-03-31T12:00:00')).toBe(1);
      expect(await count('any(visit within 23 hours)', '2024-03-31T12:00:00')).toBe(1);
      expect(await count('any(visit within 22 hours)', '2024-03-31T12:00:00')).toBe(0);
    });

    test('age counts completed years; a 29 February birthday counts on 1 March', async () => {
      expect(await count('age(born) >= 25 and born = 2000-02-29', '2025-02-28T23:00:00')).toBe(0);
      expect(await count('age(born) >= 25 and born = 2000-02-29', '2025-03-01')).toBe(1);
      expect(await count('age(born) = 34', '2025-02-28T12:00:00')).toBe(1); // 1990-02-28 (35 from that day) no; 1990-03-01 yes
      expect(await count('age(born) = 35', '2025-02-28T12:00:00')).toBe(1);
    });

    test('customers do not exist before their creation time, nor events after the evaluation time', async () => {
      expect(await count('true', '2024-08-31')).toBe(3);
      expect(await count('true', '2024-09-01')).toBe(4);
      expect(await count('any(purchase)', '2029-12-31')).toBe(3);
      expect(await count('any(purchase)', '2030-01-01')).toBe(4);
    });
  });

  describe('text', () => {
    test.each([
      ['name contains "ZOÉ"', 1],
      ['name starts with "o\'"', 1],
      ['name = "O\'Neil"', 1],
      ['name contains "\\"hi\\""', 1],
      ['email ends with "x.ch"', 3],
      ['email contains "hi@"', 1],
      ['name = "Zoé"', 1],
      ['name = "zoé"', 0],
      ['tags contains "b"', 2],
      ['tags contains "B"', 0],
      ['tags contains any ["a", "z"]', 1],
      ['tags contains all ["a", "b"]', 1],
      ['name matches "^[A-Z]"', 3],
    ])('%s → %i', async (rule, expected) => {
      expect(await count(rule, '2025-01-01')).toBe(expected);
    });

    test('a rule that tries SQL injection matches nothing it should not, and harms nothing', async () => {
      expect(await count(`name = "x' OR '1'='1"`, '2025-01-01')).toBe(0);
      expect(await count(`name = "'; DROP TABLE customers; --"`, '2025-01-01')).toBe(1);
      expect(await count(`email contains "%" or name starts with "_"`, '2025-01-01')).toBe(0);
      expect(await count(`\`name\` = "\\"; DELETE FROM events; --"`, '2025-01-01')).toBe(0);
      expect(await count('true', '2025-01-01')).toBe(4);
      expect(await count('any(purchase)', '2025-01-01')).toBe(3);
    });
  });

  describe('segments', () => {
    test('in segment evaluates the other segment at the same instant', async () => {
      expect(await count('in segment "vip-buyers"', '2025-01-01')).toBe(1);
      expect(await count('in segment "vip-buyers"', '2030-06-01')).toBe(2);
    });

    test('segments --json and members', async () => {
      const sizes = await cliJson<Array<{ id: string; count: number }>>(['segments', '-w', dir, '--at', '2030-06-01'], { env: storeEnv(store, dir) });
      expect(sizes.json).toEqual([
        { id: 'buyers', name: 'buyers', count: 4 },
        { id: 'vip-buyers', name: 'vip-buyers', count: 2 },
      ]);
      const csv = await cli(['members', '--segment', 'vip-buyers', '-w', dir, '--at', '2030-06-01', '--fields', 'name,home,tags'], { env: storeEnv(store, dir) });
      expect(csv.stdout).toBe(`id,name,home_lat,home_lon,tags\nk1,Zoé,46.5197,6.6323,a|b\nk4,'; DROP TABLE customers; --,46.6,6.7,\n`);
      const ndjson = await cli(['members', 'vip', '-w', dir, '--at', '2030-06-01', '--fields', 'tags', '--format', 'ndjson'], { env: storeEnv(store, dir) });
      expect(ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
        { id: 'k1', tags: ['a', 'b'] },
        { id: 'k4', tags: null },
      ]);
      const json = await cliJson<unknown[]>(['members', 'name = "Zoé"', '-w', dir, '--fields', 'born,since'], { env: storeEnv(store, dir) });
      expect(json.json).toEqual([{ id: 'k1', born: '2000-02-29', since: '2020-01-01T00:00:00+01:00' }]);
    });

    test('explain shows each part and the values that decided', async () => {
      const { json } = await cliJson<any>(['explain', 'k1', 'vip-buyers', '-w', dir, '--at', '2025-01-01'], { env: storeEnv(store, dir) });
      expect(json).toMatchObject({ customer: 'k1', segment: 'vip-buyers', exists: true, member: true });
      expect(json.rule.parts.map((p: any) => [p.text, p.met])).toEqual([
        ['in segment "buyers"', true],
        ['vip', true],
      ]);
      const k2 = await cliJson<any>(['explain', 'k2', 'buyers', '-w', dir, '--at', '2025-01-01'], { env: storeEnv(store, dir) });
      expect(k2.json.rule).toMatchObject({ text: 'any(purchase)', met: true, values: {}, counts: { source: 'purchase', matching: 1, all: 1, where: false } });
      // People read the counts in their language (the JSON keeps them as numbers); without where, the count alone.
      for (const [lang, words] of [['en', 'purchase: 1'], ['fr', 'purchase : 1']]) {
        const human = await cli(['explain', 'k2', 'buyers', '-w', dir, '--at', '2025-01-01', '--lang', lang!], { env: storeEnv(store, dir) });
        expect(human.stdout).toContain(`✓ any(purchase)   (${words})`);
      }
    });
  });

  describe('refused rules exit 1 with the message of rules.md, and nothing is evaluated', () => {
    test.each([
      ['nmae = "Zoé"', 'unknown field "nmae" at 1:1, did you mean "name"?'],
      ['name = ', 'at 1:8'],
      ['name > 3', 'cannot compare'],
      ['any(pests)', 'unknown collection or event type "pests" at 1:1, did you mean "pets"?'],
      ['in segment "buyer"', 'did you mean "buyers"?'],
    ])('%s', async (rule, message) => {
      const result = await cliJson<{ error: { code: string; errors: Array<{ message: string }> } }>(['count', rule, '-w', dir], { env: storeEnv(store, dir) });
      expect(result.code).toBe(1);
      expect(result.json.error.code).toBe('rule-refused');
      expect(result.json.error.errors[0]!.message).toContain(message);
    });

    test('a segment cycle is reported by check at its place in segmenta.yaml', async () => {
      const cyclic = await workspaceWith(`${YAML.replace('rule: any(purchase)', 'rule: in segment "vip-buyers"')}`);
      const result = await cliJson<{ ok: boolean; errors: Array<{ where: string; line: number; message: string }> }>(['check', '-w', cyclic]);
      expect(result.code).toBe(1);
      expect(result.json.errors).toHaveLength(1);
      expect(result.json.errors[0]!.message).toContain('cycle');
      expect(result.json.errors[0]!.line).toBeGreaterThan(30);
    });

    test('a rule error in segmenta.yaml points at the YAML line and column', async () => {
      const bad = await workspaceWith(YAML.replace('rule: any(purchase)', 'rule: any(purchse)'));
      const result = await cliJson<{ errors: Array<{ where: string; line: number; column: number; message: string }> }>(['check', '-w', bad]);
      expect(result.json.errors).toEqual([
        {
          where: 'segments.buyers.rule',
          line: 31,
          column: 11,
          endColumn: 23, // after "any(purchse)", 12 characters
          message: 'unknown collection or event type "purchse" at 31:11, did you mean "purchase"?',
          hint: 'the collections are pets; the event types are purchase, visit',
        },
      ]);
    });
  });
});
