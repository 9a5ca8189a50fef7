import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { generateClinic, type GenerateClinicResult } from '../../src/demo/index.js';
import { FIXTURE } from '../support/shared.js';
import { cell, firstLine, readTable, type Table } from './read-csv.js';

const FILES = ['segmenta.yaml', 'customers.csv', 'pets.csv', 'events.csv'];
const CUSTOMERS = 3000;
const UNTIL = '2026-10-31';
const HISTORY_START = '2023-11-01T00:00:00';
const HISTORY_END = '2026-10-31T23:59:59';

let root: string;
let result: GenerateClinicResult;
let progress: number[];
let customers: Table;
let pets: Table;
let events: Table;

function digest(dir: string): string[] {
  return FILES.map((file) => createHash('sha256').update(readFileSync(join(dir, file))).digest('hex'));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'segmenta-demo-'));
  progress = [];
  result = await generateClinic({
    dir: join(root, 'a'),
    customers: CUSTOMERS,
    seed: 7,
    until: UNTIL,
    onProgress: (rows) => progress.push(rows),
  });
  customers = readTable(join(root, 'a', 'customers.csv'));
  pets = readTable(join(root, 'a', 'pets.csv'));
  events = readTable(join(root, 'a', 'events.csv'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('determinism', () => {
  test('the same customers, seed and until give byte-identical files', async () => {
    await generateClinic({ dir: join(root, 'b'), customers: CUSTOMERS, seed: 7, until: UNTIL });
    expect(digest(join(root, 'b'))).toEqual(digest(join(root, 'a')));
  });

  test('another seed gives other data', async () => {
    await generateClinic({ dir: join(root, 'c'), customers: CUSTOMERS, seed: 8, until: UNTIL });
    const [, ...csvA] = digest(join(root, 'a'));
    const [, ...csvC] = digest(join(root, 'c'));
    for (let i = 0; i < csvA.length; i++) expect(csvC[i]).not.toBe(csvA[i]);
  });
});

describe('files', () => {
  test('headers are exactly those of the reference clinic', () => {
    expect(customers.header).toBe(firstLine(join(FIXTURE, 'customers.csv')));
    expect(pets.header).toBe(firstLine(join(FIXTURE, 'pets.csv')));
    expect(events.header).toBe(firstLine(join(FIXTURE, 'events.csv')));
  });

  test('the result counts the rows and bytes actually written', () => {
    expect(result.customers).toBe(CUSTOMERS);
    expect(customers.rows.length).toBe(CUSTOMERS);
    expect(result.pets).toBe(pets.rows.length);
    expect(result.events).toBe(events.rows.length);
    expect(result.files.map((f) => f.path)).toEqual(FILES.map((file) => join(root, 'a', file)));
    expect(result.files.map((f) => f.rows)).toEqual([0, customers.rows.length, pets.rows.length, events.rows.length]);
    for (const file of result.files) expect(file.bytes).toBe(statSync(file.path).size);
  });

  test('progress is reported in increasing steps up to every row written', () => {
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!);
    expect(progress[progress.length - 1]).toBe(customers.rows.length + pets.rows.length + events.rows.length);
  });

  test('every row has the header’s number of cells and nothing needs quoting', () => {
    for (const table of [customers, pets, events]) {
      for (const row of table.rows) expect(row.length).toBe(table.columns.length);
    }
    for (const file of FILES.slice(1)) expect(readFileSync(join(root, 'a', file), 'utf8')).not.toContain('"');
  });
});

describe('customers', () => {
  test('ids are zero-padded and in order, values have the fixture’s formats', () => {
    customers.rows.forEach((row, i) => {
      expect(cell(customers, row, 'id')).toBe(`C${String(i + 1).padStart(6, '0')}`);
      expect(cell(customers, row, 'language')).toMatch(/^(fr|de|en|it|pt|es)$/);
      expect(cell(customers, row, 'birth_date')).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
      expect(cell(customers, row, 'gender')).toMatch(/^[FMX]$/);
      expect(cell(customers, row, 'home_lat')).toMatch(/^\d{2}\.\d{6}$/);
      expect(cell(customers, row, 'home_lon')).toMatch(/^\d\.\d{6}$/);
      expect(cell(customers, row, 'postcode')).toMatch(/^\d{4}$/);
      expect(cell(customers, row, 'created_at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(cell(customers, row, 'email_opt_in')).toMatch(/^(true|false)$/);
      expect(cell(customers, row, 'email')).toMatch(/^([a-z0-9.-]+@example\.(com|org|net))?$/);
    });
  });

  test('are adults when they sign up', () => {
    for (const row of customers.rows) {
      const birth = cell(customers, row, 'birth_date');
      if (birth === '') continue;
      const created = cell(customers, row, 'created_at');
      const eighteenth = `${Number(birth.slice(0, 4)) + 18}${birth.slice(4)}`;
      expect(eighteenth <= created.slice(0, 10)).toBe(true);
    }
  });

  test('customers are numbered in creation order, within the history', () => {
    const created = customers.rows.map((row) => cell(customers, row, 'created_at'));
    for (let i = 1; i < created.length; i++) expect(created[i]! >= created[i - 1]!).toBe(true);
    expect(created[0]! >= HISTORY_START).toBe(true);
    expect(created[created.length - 1]! <= HISTORY_END).toBe(true);
  });

  test('look like a clientele of the Lausanne area', () => {
    const languages = new Map<string, number>();
    for (const row of customers.rows) {
      const language = cell(customers, row, 'language');
      languages.set(language, (languages.get(language) ?? 0) + 1);
    }
    expect((languages.get('fr') ?? 0) / CUSTOMERS).toBeGreaterThan(0.55);
    const within20 = customers.rows.filter((row) => {
      const lat = Number(cell(customers, row, 'home_lat'));
      const lon = Number(cell(customers, row, 'home_lon'));
      return haversineKm(lat, lon, 46.5197, 6.6323) < 20;
    }).length;
    expect(within20 / CUSTOMERS).toBeGreaterThan(0.6);
    expect(within20 / CUSTOMERS).toBeLessThan(0.95);
  });
});

describe('pets', () => {
  test('belong to existing customers and have valid fields', () => {
    const ids = new Set(customers.rows.map((row) => row[0]));
    const species = new Set(['cat', 'dog', 'rabbit', 'guinea pig', 'bird', 'reptile']);
    pets.rows.forEach((row, i) => {
      expect(cell(pets, row, 'id')).toBe(`P${String(i + 1).padStart(7, '0')}`);
      expect(ids.has(cell(pets, row, 'customer_id'))).toBe(true);
      expect(species.has(cell(pets, row, 'species'))).toBe(true);
      expect(cell(pets, row, 'birth_date') <= UNTIL).toBe(true);
      expect(cell(pets, row, 'name')).not.toBe('');
    });
  });

  test('every customer has 1 to 4 animals, except a few breeders and shelters with many', () => {
    const counts = countBy(pets.rows.map((row) => cell(pets, row, 'customer_id')));
    expect(counts.size).toBe(CUSTOMERS);
    const many = [...counts.values()].filter((n) => n > 4).length;
    expect(many).toBeGreaterThan(0);
    expect(many / CUSTOMERS).toBeLessThan(0.03);
  });
});

describe('events', () => {
  test('are purchases or visits of existing customers, with the fixture’s formats', () => {
    const ids = new Set(customers.rows.map((row) => row[0]));
    let previousOrder = 0;
    for (const row of events.rows) {
      expect(ids.has(cell(events, row, 'customer_id'))).toBe(true);
      const type = cell(events, row, 'type');
      expect(type === 'purchase' || type === 'visit').toBe(true);
      if (type === 'visit') {
        expect(row.slice(3).join(',')).toBe(',,,');
        continue;
      }
      const amount = cell(events, row, 'amount');
      expect(amount).toMatch(/^\d+\.\d{2}$/);
      expect(Number(amount)).toBeGreaterThan(0);
      expect(cell(events, row, 'categories')).toMatch(/^[a-z-]+(\|[a-z-]+)*$/);
      expect(cell(events, row, 'products')).toMatch(/^[a-z-]+(\|[a-z-]+)*$/);
      const order = cell(events, row, 'order_id');
      expect(order).toMatch(/^O\d{8}$/);
      expect(Number(order.slice(1))).toBe(previousOrder + 1);
      previousOrder++;
    }
  });

  test('are in time order, within the history, never before their customer was created', () => {
    const created = new Map(customers.rows.map((row) => [row[0], cell(customers, row, 'created_at')]));
    let previous = '';
    for (const row of events.rows) {
      const time = cell(events, row, 'time');
      expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(time >= previous).toBe(true);
      expect(time >= created.get(cell(events, row, 'customer_id'))!).toBe(true);
      previous = time;
    }
    expect(events.rows[0]![2]! >= HISTORY_START).toBe(true);
    expect(previous <= HISTORY_END).toBe(true);
  });

  test('average about 30 a customer, with prospects who never came and a heavy tail', () => {
    const perCustomer = countBy(events.rows.map((row) => row[0]!));
    const mean = events.rows.length / CUSTOMERS;
    expect(mean).toBeGreaterThan(20);
    expect(mean).toBeLessThan(40);
    expect(CUSTOMERS - perCustomer.size).toBeGreaterThan(0);
    expect(Math.max(...perCustomer.values())).toBeGreaterThan(300);
  });

  test('categories are exactly the categories of the products, both sorted', () => {
    const categoryOf: Record<string, string> = {
      consultation: 'consultation',
      vaccination: 'vaccination',
      'blood-test': 'diagnostics',
      'x-ray': 'diagnostics',
      surgery: 'surgery',
      'dental-cleaning': 'dental',
      grooming: 'grooming',
      'flea-treatment': 'parasite-control',
      dewormer: 'parasite-control',
    };
    for (const food of ['cat-food', 'dog-food', 'rabbit-food', 'guinea-pig-food', 'bird-seed', 'reptile-food', 'renal-diet', 'weight-diet', 'hypoallergenic-diet']) {
      categoryOf[food] = 'food';
    }
    const medications = ['kidney-medication', 'insulin', 'cardiac-medication', 'thyroid-medication', 'antiepileptic'];
    medications.push('joint-supplement', 'allergy-medication', 'calcium-supplement', 'antibiotic', 'anti-inflammatory');
    for (const medication of medications) {
      categoryOf[medication] = 'medication';
    }
    for (const row of events.rows) {
      if (row[1] !== 'purchase') continue;
      const products = cell(events, row, 'products').split('|');
      expect([...products].sort()).toEqual(products);
      for (const product of products) expect(categoryOf[product], product).toBeDefined();
      const expected = [...new Set(products.map((p) => categoryOf[p]!))].sort().join('|');
      expect(cell(events, row, 'categories')).toBe(expected);
    }
  });

  test('condition-specific products are bought only by owners of an animal with that condition', () => {
    const owned = new Map<string, { species: string; birth: string; conditions: string[] }[]>();
    for (const row of pets.rows) {
      const owner = cell(pets, row, 'customer_id');
      const list = owned.get(owner) ?? [];
      list.push({ species: cell(pets, row, 'species'), birth: cell(pets, row, 'birth_date'), conditions: cell(pets, row, 'conditions').split('|') });
      owned.set(owner, list);
    }
    const needs: Record<string, { species?: string[]; condition?: string[] }> = {
      'renal-diet': { species: ['cat', 'dog'], condition: ['chronic kidney disease'] },
      'kidney-medication': { condition: ['chronic kidney disease'] },
      insulin: { condition: ['diabetes'] },
      'cardiac-medication': { condition: ['heart failure'] },
      'thyroid-medication': { condition: ['hyperthyroidism'] },
      antiepileptic: { condition: ['epilepsy'] },
      'joint-supplement': { condition: ['arthritis'] },
      'weight-diet': { species: ['cat', 'dog'], condition: ['obesity'] },
      'hypoallergenic-diet': { species: ['cat', 'dog'], condition: ['allergies'] },
      'allergy-medication': { condition: ['allergies', 'dermatitis'] },
      'calcium-supplement': { condition: ['metabolic bone disease'] },
      'cat-food': { species: ['cat'] },
      'dog-food': { species: ['dog'] },
      'rabbit-food': { species: ['rabbit'] },
      'guinea-pig-food': { species: ['guinea pig'] },
      'bird-seed': { species: ['bird'] },
      'reptile-food': { species: ['reptile'] },
      vaccination: { species: ['cat', 'dog', 'rabbit'] },
    };
    const buyers = new Map<string, number>();
    for (const row of events.rows) {
      if (row[1] !== 'purchase') continue;
      const customer = row[0]!;
      const day = cell(events, row, 'time').slice(0, 10);
      for (const product of cell(events, row, 'products').split('|')) {
        const need = needs[product];
        if (!need) continue;
        buyers.set(product, (buyers.get(product) ?? 0) + 1);
        const fits = (owned.get(customer) ?? []).some(
          (pet) =>
            pet.birth < day &&
            (!need.species || need.species.includes(pet.species)) &&
            (!need.condition || need.condition.some((c) => pet.conditions.includes(c))),
        );
        if (!fits) throw new Error(`${customer} bought ${product} on ${day} without a matching animal`);
      }
    }
    for (const product of ['renal-diet', 'kidney-medication', 'insulin', 'cardiac-medication', 'cat-food', 'dog-food']) {
      expect(buyers.get(product) ?? 0).toBeGreaterThan(0);
    }
  });

  test('old cats have kidney disease far more often than young ones', () => {
    const share = (from: number, to: number): number => {
      const cats = pets.rows.filter((row) => {
        const age = 2026 - Number(cell(pets, row, 'birth_date').slice(0, 4));
        return cell(pets, row, 'species') === 'cat' && age >= from && age < to;
      });
      return cats.filter((row) => cell(pets, row, 'conditions').includes('chronic kidney disease')).length / cats.length;
    };
    expect(share(13, 30)).toBeGreaterThan(3 * share(0, 8));
  });
});

describe('segmenta.yaml', () => {
  const fixture = parse(readFileSync(join(FIXTURE, 'segmenta.yaml'), 'utf8')) as Record<string, unknown>;
  const read = (): Record<string, unknown> => parse(readFileSync(join(root, 'a', 'segmenta.yaml'), 'utf8')) as Record<string, unknown>;

  test('declares the data exactly as the reference workspace does', () => {
    const yaml = read();
    for (const key of ['timezone', 'locale', 'places', 'customers', 'collections', 'events', 'segmentations']) {
      expect(yaml[key], key).toEqual(fixture[key]);
    }
    expect(yaml.timezone).toBe('Europe/Zurich');
    expect(yaml.locale).toBe('fr');
  });

  test('keeps the reference segments and adds about twenty that a clinic uses', () => {
    const segments = read().segments as Record<string, { name?: unknown; description?: unknown; rule?: unknown }>;
    const reference = fixture.segments as Record<string, { rule: string }>;
    for (const [id, segment] of Object.entries(reference)) expect(segments[id]?.rule).toBe(segment.rule);
    const ids = Object.keys(segments);
    expect(ids.length).toBeGreaterThanOrEqual(18);
    expect(ids.length).toBeLessThanOrEqual(30);
    for (const [id, segment] of Object.entries(segments)) {
      expect(typeof segment.name, id).toBe('string');
      expect(typeof segment.description, id).toBe('string');
      expect(typeof segment.rule, id).toBe('string');
      for (const match of String(segment.rule).matchAll(/in segment "([^"]+)"/g)) expect(ids).toContain(match[1]);
    }
    const rules = Object.values(segments).map((s) => String(s.rule)).join('\n');
    const forms = ['language in [', 'email_opt_in', 'age(birth_date)', 'distance(home, clinic)', 'any(pets where', 'all(pets where'];
    forms.push('count(pets)', 'within 90 days', 'sum(purchase.amount', 'none(purchase', 'none(visit', 'last(purchase) <');
    forms.push('first(purchase) >=', 'in segment "');
    for (const form of forms) {
      expect(rules, form).toContain(form);
    }
  });
});

describe('options', () => {
  test('are checked before anything is written', async () => {
    const dir = join(root, 'never');
    await expect(generateClinic({ dir, customers: 0, seed: 1, until: UNTIL })).rejects.toThrow(/customers/);
    await expect(generateClinic({ dir, customers: 1.5, seed: 1, until: UNTIL })).rejects.toThrow(/customers/);
    await expect(generateClinic({ dir, customers: 10, seed: 0.5, until: UNTIL })).rejects.toThrow(/seed/);
    await expect(generateClinic({ dir, customers: 10, seed: 1, until: '2026-02-30' })).rejects.toThrow(/until/);
    await expect(generateClinic({ dir, customers: 10, seed: 1, until: '31.10.2026' })).rejects.toThrow(/until/);
    expect(() => statSync(dir)).toThrow();
  });

  test('a tiny clinic still has the right shape', async () => {
    const dir = join(root, 'tiny');
    const tiny = await generateClinic({ dir, customers: 1, seed: 3, until: '2028-02-29' });
    expect(tiny.customers).toBe(1);
    expect(readTable(join(dir, 'customers.csv')).rows[0]![0]).toBe('C000001');
    for (const row of readTable(join(dir, 'events.csv')).rows) {
      expect(row[2]! >= '2025-03-01T00:00:00' && row[2]! <= '2028-02-29T23:59:59').toBe(true);
    }
  });
});

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
