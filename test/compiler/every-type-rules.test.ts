/**
 * Random rules over a workspace that has every field type on customers, on records and on events
 * (integers, booleans, dates and times, lists of numbers, which the clinic lacks), with random
 * data holding missing values, in a zone with clock changes at 2:00 (America/New_York). Every rule
 * drawn is well-typed and must be accepted; DuckDB and PostgreSQL must select the same customers;
 * and customer runs (shared aggregates over a few customers, compiler/features.ts) must select,
 * among their customers, those the whole-base query selects.
 * `SEGMENTA_RANDOM_RULES=N` draws N rules instead of 400, `SEGMENTA_RANDOM_SEED=S` other ones.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { evaluation, type Evaluation } from '../../src/engine/evaluate.js';
import { prepareRule } from '../../src/engine/prepared-rules.js';
import { createRandom, type Random } from '../../src/math/random.js';
import { parseInstant } from '../../src/time/instant.js';
import { STORES } from '../support/stores.js';
import { customerRunDifferences, wholeBaseMembers } from '../support/rule-members.js';
import { load, open, workspaceWith } from '../support/workspace.js';

const RULES = Number(process.env['SEGMENTA_RANDOM_RULES'] ?? 400);
const SEED = Number(process.env['SEGMENTA_RANDOM_SEED'] ?? 6122026);
const ZONE = 'America/New_York';

const YAML = `name: Every type
timezone: ${ZONE}
places:
  office: { lat: 40.7, lon: -74.0 }
customers:
  key: id
  created: created
  fields:
    s: string
    n: number
    i: integer
    b: boolean
    d: date
    t: timestamp
    ls: list<string>
    ln: list<number>
    g: geopoint
    created: timestamp
collections:
  items:
    key: id
    parent: customer_id
    fields: { s: string, n: number, i: integer, b: boolean, d: date, t: timestamp, ls: list<string>, ln: list<number> }
events:
  customer: customer_id
  type: type
  time: time
  types:
    order: { s: string, n: number, i: integer, b: boolean, d: date, t: timestamp, ls: list<string>, ln: list<number> }
    ping: {}
`;

type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'list<string>' | 'list<number>';
const FIELDS: Record<string, FieldType> = { s: 'string', n: 'number', i: 'integer', b: 'boolean', d: 'date', t: 'timestamp', ls: 'list<string>', ln: 'list<number>' };
const NAMES = Object.keys(FIELDS);
const TEXTS = ['a', 'A', 'b', 'ab', 'Ä', 'ä', 'z'];
const NUMBERS = ['-2.5', '0', '1', '2', '3.5', '10', '100', '-0'];
const INTEGERS = ['-3', '0', '1', '2', '5', '7', '1000'];
// New York's clock changes (2024-03-10, 2024-11-03, 2025-03-09, 2025-11-02), 29 February.
const DATES = ['2024-03-10', '2024-11-03', '2025-03-09', '2025-11-02', '2024-02-29', '2026-01-01', '2025-06-15'];
const TIMESTAMPS = ['2024-03-10T02:30:00', '2024-11-03T01:30:00', '2025-03-09T03:00:00', '2025-11-02T01:59:59', '2025-06-15T12:00:00Z', '2025-01-01T00:00:00-05:00'];
const INSTANTS = ['2026-01-01T00:00:00', '2025-03-09T02:30:00', '2025-11-02T01:30:00', '2024-12-31T23:59:59', '2026-06-30T12:00:00'];
const UNITS = ['hours', 'days', 'weeks', 'months', 'years'];

function cellValue(random: Random, type: FieldType): string {
  if (random.chance(0.12)) return '';
  switch (type) {
    case 'string':
      return random.pick(TEXTS);
    case 'number':
      return random.pick(NUMBERS);
    case 'integer':
      return random.pick(INTEGERS);
    case 'boolean':
      return random.pick(['true', 'false']);
    case 'date':
      return random.pick(DATES);
    case 'timestamp':
      return random.pick(TIMESTAMPS);
    case 'list<string>':
      return Array.from({ length: random.int(1, 3) }, () => random.pick(TEXTS)).join('|');
    case 'list<number>':
      return Array.from({ length: random.int(1, 3) }, () => random.pick(INTEGERS)).join('|');
  }
}

/** 400 customers, each with up to 3 records and 12 events over two and a half years. */
function files(random: Random): Record<string, string> {
  const customers = [`id,${NAMES.join(',')},g_lat,g_lon,created`];
  const items = [`id,customer_id,${NAMES.join(',')}`];
  const events = [`customer_id,type,time,${NAMES.join(',')}`];
  const values = () => NAMES.map((f) => cellValue(random, FIELDS[f]!));
  for (let c = 0; c < 400; c++) {
    const key = `k${c}`;
    const home = random.chance(0.1) ? ['', ''] : [String(40 + random.next()), String(-74 + random.next())];
    const created = random.chance(0.1) ? '' : `2024-0${random.int(1, 9)}-1${random.int(0, 9)}T10:00:00`;
    customers.push([key, ...values(), ...home, created].join(','));
    for (let k = random.int(0, 3); k > 0; k--) items.push([`${key}-${k}`, key, ...values()].join(','));
    for (let k = random.int(0, 12); k > 0; k--) {
      const time = new Date(Date.UTC(2024, 0, 1) + random.next() * 2.5 * 365 * 86_400_000).toISOString().slice(0, 19);
      const order = random.chance(0.7);
      events.push([key, order ? 'order' : 'ping', time, ...(order ? values() : NAMES.map(() => ''))].join(','));
    }
  }
  return { 'customers.csv': customers.join('\n') + '\n', 'items.csv': items.join('\n') + '\n', 'events.csv': events.join('\n') + '\n' };
}

class RuleWriter {
  constructor(private readonly random: Random) {}

  rule(depth: number): string {
    const { random } = this;
    const r = random.next();
    if (depth > 0 && r < 0.25) return `(${this.rule(depth - 1)}) and (${this.rule(depth - 1)})`;
    if (depth > 0 && r < 0.45) return `(${this.rule(depth - 1)}) or (${this.rule(depth - 1)})`;
    if (depth > 0 && r < 0.55) return `not (${this.rule(depth - 1)})`;
    const s = random.next();
    const field = random.pick(NAMES);
    if (s < 0.3) return this.test(field, FIELDS[field]!);
    if (s < 0.35) return `distance(g, ${random.pick(['office', 'point(40.5, -73.5)'])}) ${this.comparison()} ${random.pick(['10', '50', '100 km', '20000 m'])}`;
    if (s < 0.5) return `${random.pick(['any', 'all', 'none'])}(items where ${this.inner(1, true)})`;
    if (s < 0.55) return `count(items${random.chance(0.5) ? ` where ${this.inner(1, true)}` : ''}) ${this.comparison()} ${random.int(0, 3)}`;
    if (s < 0.7) return `${random.pick(['any', 'none'])}(order${random.chance(0.6) ? ` where ${this.inner(1, false)}` : ''}${this.window()})`;
    if (s < 0.8) return `count(${random.pick(['order', 'ping'])}${this.window()}) ${this.comparison()} ${random.int(0, 6)}`;
    if (s < 0.9) {
      const where = random.chance(0.4) ? ` where ${this.inner(1, false)}` : '';
      return `${random.pick(['sum', 'avg', 'min', 'max'])}(order.${random.pick(['n', 'i'])}${where}${this.window()}) ${this.comparison()} ${random.pick(NUMBERS)}`;
    }
    return `${random.pick(['first', 'last'])}(${random.pick(['order', 'ping'])}${this.window()}) ${this.comparison()} ${this.time()}`;
  }

  /** A condition inside `where`: the records' or events' fields, and on records `customer.f`. */
  private inner(depth: number, records: boolean): string {
    const { random } = this;
    const r = random.next();
    if (depth > 0 && r < 0.25) return `${this.inner(depth - 1, records)} ${random.pick(['and', 'or'])} ${this.inner(depth - 1, records)}`;
    if (depth > 0 && r < 0.3) return `not (${this.inner(depth - 1, records)})`;
    const field = random.pick(NAMES);
    return this.test(records && random.chance(0.15) ? `customer.${field}` : field, FIELDS[field]!);
  }

  private test(f: string, type: FieldType): string {
    const { random } = this;
    const text = () => JSON.stringify(random.pick(TEXTS));
    switch (type) {
      case 'string':
        return random.pick([`${f} ${this.comparison()} ${text()}`, `${f} contains ${text()}`, `${f} starts with ${text()}`, `${f} ends with ${text()}`, `${f} in [${text()}, ${text()}]`, `${f} not in [${text()}]`, `${f} is null`, `${f} matches "^[a-z]+$"`]);
      case 'number':
      case 'integer':
        return random.pick([
          `${f} ${this.comparison()} ${random.pick([...NUMBERS, ...INTEGERS])}`,
          `${f} between ${random.pick(NUMBERS)} and ${random.pick(NUMBERS)}`,
          `${f} in [${random.pick(INTEGERS)}, ${random.pick(NUMBERS)}]`,
          `${f} is not null`,
          `${f} ${random.pick(['+', '-', '*', '/'])} ${f.replace(/\w+$/, random.pick(['n', 'i']))} ${this.comparison()} ${random.pick(NUMBERS)}`,
        ]);
      case 'boolean':
        return random.pick([f, `${f} = false`, `not ${f}`, `${f} is null`, `${f} != true`]);
      case 'date':
      case 'timestamp':
        return random.pick([
          `${f} ${this.comparison()} ${this.time()}`,
          // Written last in a where, these are tests, not windows (docs/rules.md).
          `${f} within ${this.duration()}`,
          `${f} between ${random.pick(DATES)} and ${random.pick(DATES)}`,
          `${f} is null`,
          ...(type === 'date' ? [`age(${f}) ${this.comparison()} ${random.int(0, 3)}`] : []),
        ]);
      case 'list<string>':
        return random.pick([`${f} contains ${text()}`, `${f} contains any [${text()}, ${text()}]`, `${f} contains all [${text()}, ${text()}]`, `${f} is null`]);
      case 'list<number>':
        return random.pick([`${f} contains ${random.pick(INTEGERS)}`, `${f} contains any [${random.pick(INTEGERS)}, ${random.pick(INTEGERS)}]`, `${f} contains all [${random.pick(INTEGERS)}, ${random.pick(INTEGERS)}]`, `${f} is not null`]);
    }
  }

  private comparison(): string {
    return this.random.pick(['=', '!=', '<', '<=', '>', '>=']);
  }

  private duration(): string {
    const unit = this.random.pick(UNITS);
    const most = { hours: 3000, days: 800, weeks: 100, months: 30, years: 3 }[unit]!;
    return `${this.random.int(0, most)} ${unit}`;
  }

  private time(): string {
    const s = this.random.next();
    return s < 0.4 ? this.random.pick(DATES) : s < 0.6 ? this.random.pick(TIMESTAMPS) : `${this.duration()} ago`;
  }

  private window(): string {
    const s = this.random.next();
    if (s < 0.5) return '';
    if (s < 0.8) return ` within ${this.duration()}`;
    const [from, to] = [this.random.pick(DATES), this.random.pick(DATES)].sort();
    return ` between ${from} and ${to}`;
  }
}

const stores: Evaluation[] = [];
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const data = files(createRandom(SEED));
  for (const store of STORES) {
    const ws = await open(await workspaceWith(YAML, data, store), store);
    for (const [entity, file] of [['customers', 'customers.csv'], ['items', 'items.csv'], ['events', 'events.csv']] as const) await load(ws, entity, file);
    stores.push(evaluation(ws.workspace, ws.store));
    closers.push(ws.close);
  }
});
afterAll(async () => {
  for (const close of closers) await close();
});

test('every well-typed rule is accepted, and selects the same customers on every store', async () => {
  const random = createRandom(SEED + 1);
  const writer = new RuleWriter(random);
  const refused: string[] = [];
  const differences: string[] = [];
  let informative = 0;
  for (let k = 0; k < RULES; k++) {
    const text = writer.rule(2);
    const at = parseInstant(random.pick(INSTANTS), ZONE);
    const selected: string[] = [];
    try {
      for (const ev of stores) selected.push((await wholeBaseMembers(ev, prepareRule(ev.workspace, text), at)).join());
    } catch (error) {
      refused.push(`${text}: ${(error as Error).message}`);
      continue;
    }
    const count = selected[0] === '' ? 0 : selected[0]!.split(',').length;
    if (count > 0 && count < 400) informative += 1;
    if (selected.some((s) => s !== selected[0])) differences.push(`at ${at.toISOString()}: ${text}`);
  }
  expect(refused).toEqual([]);
  expect(differences).toEqual([]);
  expect(informative).toBeGreaterThan(RULES * 0.5);
});

test('customer runs select, among their customers, those the whole-base query selects', async () => {
  const random = createRandom(SEED + 2);
  const writer = new RuleWriter(random);
  const differences: string[] = [];
  for (const ev of stores) {
    const keys = (await ev.store.query<{ _customer: string }>(`SELECT _customer FROM customers ORDER BY _customer`)).map((r) => r._customer);
    for (let batch = 0; batch < Math.ceil(RULES / 25); batch++) {
      // One instant per batch, as a customer run has; 8 % of the customers.
      const at = parseInstant(random.pick(INSTANTS), ZONE);
      const subset = keys.filter(() => random.chance(0.08));
      const rules = Array.from({ length: 25 }, () => {
        const text = writer.rule(2);
        return { text, typed: prepareRule(ev.workspace, text) };
      });
      differences.push(...(await customerRunDifferences(ev, rules, subset, at)));
    }
  }
  expect(differences).toEqual([]);
});
