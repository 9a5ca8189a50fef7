/**
 * Basket analysis end to end through workspaces: supports, confidences and lifts against values
 * counted by hand (the five baskets of shared/datasets/basket-small) and against an independent
 * reference (hand-written DuckDB SQL over the raw CSV of the clinic fixture and of Groceries:
 * supports by `list_has_all` over every candidate itemset, rules derived in the test), never
 * against what the code printed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson } from '../support/cli.js';
import { reference } from '../support/reference.js';
import { STORES, type StoreKind } from '../support/stores.js';
import { clinicCopy, DATASETS, FIXTURE, load, open, workspaceWith } from '../support/workspace.js';

interface Rule {
  antecedent: string[];
  consequent: string[];
  support: number;
  confidence: number;
  lift: number;
}
interface BasketJson {
  baskets: number;
  rules: Rule[];
  itemsets: Record<string, number>;
  fit: number;
}

const YAML = `name: Baskets
timezone: UTC
customers:
  key: id
  fields: {}
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number, items: list<string>, categories: list<string> }
    visit: {}
models:
  basket: { model: basket, event: purchase, items: items }
`;

/** A workspace with one customer per basket (`b1`, `b2`…), or the given customers, imported. */
async function basketWorkspace(
  store: StoreKind,
  baskets: ReadonlyArray<{ customer: string; items: readonly string[]; amount?: number; categories?: readonly string[] }>,
  yaml = YAML,
): Promise<string> {
  const customers = [...new Set(baskets.map((b) => b.customer))];
  const events = baskets.map((b, i) => {
    const day = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 19);
    return `${b.customer},purchase,${day},${b.amount ?? ''},"${b.items.join('|')}","${(b.categories ?? []).join('|')}"`;
  });
  const dir = await workspaceWith(
    yaml,
    {
      'customers.csv': `id\n${customers.join('\n')}\n`,
      'events.csv': `customer_id,type,time,amount,items,categories\n${events.join('\n')}\n`,
    },
    store,
  );
  const ws = await open(dir, store);
  try {
    await load(ws, 'customers', 'customers.csv', { strict: true });
    await load(ws, 'events', 'events.csv', { strict: true });
  } finally {
    await ws.close();
  }
  return dir;
}

async function fit(dir: string, ...flags: string[]): Promise<BasketJson> {
  const result = await cliJson<BasketJson>(['model', 'fit', 'basket', '-w', dir, ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return result.json;
}

const key = (r: { antecedent: readonly string[]; consequent: readonly string[] }) => `${[...r.antecedent].sort().join(' & ')} -> ${r.consequent.join('')}`;

/**
 * Every frequent itemset (up to 3 items) of the raw file with its support, by independent SQL:
 * each basket's distinct items sorted into a list, its 1-, 2- and 3-combinations enumerated by
 * positions in that list, counted.
 */
async function referenceItemsets(csvSql: string, minSupport: number): Promise<Map<string, number>> {
  const rows = await reference<{ s: string[]; support: number }>(`
    WITH b AS (SELECT row_number() OVER () AS id, list_sort(items) AS s FROM (${csvSql})),
    total AS (SELECT CAST(count(*) AS DOUBLE) AS n FROM b),
    idx AS (SELECT id, s, unnest(range(1, len(s) + 1)) AS i FROM b),
    combinations AS (
      SELECT [x.s[x.i]] AS s FROM idx x
      UNION ALL SELECT [x.s[x.i], y.s[y.i]] FROM idx x JOIN idx y ON y.id = x.id AND y.i > x.i
      UNION ALL SELECT [x.s[x.i], y.s[y.i], z.s[z.i]] FROM idx x JOIN idx y ON y.id = x.id AND y.i > x.i JOIN idx z ON z.id = x.id AND z.i > y.i)
    SELECT s, count(*) / (SELECT n FROM total) AS support FROM combinations GROUP BY s HAVING count(*) / (SELECT n FROM total) >= ${minSupport}`);
  return new Map(rows.map((r) => [[...r.s].sort().join(' & '), Number(r.support)]));
}

/** Rules with one item on the right from itemset supports (definitions of models.md). */
function referenceRules(supports: Map<string, number>): Map<string, [number, number, number]> {
  const rules = new Map<string, [number, number, number]>();
  for (const [set, support] of supports) {
    const items = set.split(' & ');
    if (items.length < 2) continue;
    for (const y of items) {
      const left = items.filter((i) => i !== y);
      const confidence = support / supports.get(left.join(' & '))!;
      rules.set(`${left.join(' & ')} -> ${y}`, [support, confidence, confidence / supports.get(y)!]);
    }
  }
  return rules;
}

/** A measure as a fraction of whole numbers, compared by cross-multiplication (no rounding). */
type Fraction = readonly [numerator: number, denominator: number];
interface ExactRule {
  readonly lift: Fraction;
  readonly confidence: Fraction;
}

/** Every rule of up to three items of a few baskets, its lift and confidence as fractions of counts. */
function exactMeasures(baskets: ReadonlyArray<readonly string[]>): Map<string, ExactRule> {
  const holding = (items: readonly string[]) => baskets.filter((b) => items.every((i) => b.includes(i))).length;
  const itemsets = new Set<string>();
  for (const basket of baskets) {
    const items = [...new Set(basket)].sort();
    for (const [i, x] of items.entries()) {
      for (const [j, y] of items.entries()) {
        if (j <= i) continue;
        itemsets.add(`${x} ${y}`);
        for (const z of items.slice(j + 1)) itemsets.add(`${x} ${y} ${z}`);
      }
    }
  }
  const rules = new Map<string, ExactRule>();
  for (const set of itemsets) {
    const items = set.split(' ');
    for (const y of items) {
      const left = items.filter((i) => i !== y);
      const [n, nX, nY] = [holding(items), holding(left), holding([y])];
      rules.set(`${left.join(' & ')} -> ${y}`, { lift: [n * baskets.length, nX * nY], confidence: [n, nX] });
    }
  }
  return rules;
}

/** Positive when `a` ranks before `b` (greater lift, then greater confidence), 0 when tied. */
function compare(a: ExactRule, b: ExactRule): number {
  const cross = (x: Fraction, y: Fraction) => x[0] * y[1] - y[0] * x[1];
  return cross(a.lift, b.lift) || cross(a.confidence, b.confidence);
}

describe.each(STORES)('on %s', (store) => {
  describe('the five baskets of mlxtend\'s documentation, counted by hand', () => {
    test('supports, confidences and lifts of every rule at min_support 0.6, min_confidence 0.7', async () => {
      const transactions = JSON.parse(await readFile(path.join(DATASETS, 'basket-small', 'transactions.json'), 'utf8')) as string[][];
      const dir = await basketWorkspace(store, transactions.map((items, i) => ({ customer: `b${i + 1}`, items })));
      const json = await fit(dir, '--min-support', '0.6', '--min-confidence', '0.7', '--min-lift', '0');
      expect(json.baskets).toBe(5);
      // Supports (5 baskets; basket 5 holds Onion twice, counted once): Kidney Beans 5, Eggs 4,
      // Milk 3, Onion 3, Yogurt 3 (Nutmeg, Corn 2, the rest 1); pairs with KB: Eggs 4, Milk 3,
      // Onion 3, Yogurt 3; Eggs & Onion 3; the triple Eggs & KB & Onion 3.
      expect(json.itemsets).toEqual({ '1': 5, '2': 5, '3': 1 });
      const expected: Record<string, [number, number, number]> = {
        'Onion -> Eggs': [3 / 5, 3 / 3, 1 / (4 / 5)],
        'Kidney Beans & Onion -> Eggs': [3 / 5, 3 / 3, 1 / (4 / 5)],
        'Eggs -> Onion': [3 / 5, 3 / 4, 3 / 4 / (3 / 5)],
        'Eggs & Kidney Beans -> Onion': [3 / 5, 3 / 4, 3 / 4 / (3 / 5)],
        'Eggs -> Kidney Beans': [4 / 5, 4 / 4, 1],
        'Milk -> Kidney Beans': [3 / 5, 3 / 3, 1],
        'Onion -> Kidney Beans': [3 / 5, 3 / 3, 1],
        'Yogurt -> Kidney Beans': [3 / 5, 3 / 3, 1],
        'Eggs & Onion -> Kidney Beans': [3 / 5, 3 / 3, 1],
        'Kidney Beans -> Eggs': [4 / 5, 4 / 5, 4 / 5 / (4 / 5)],
      };
      // Left out: Kidney Beans -> Milk, -> Onion, -> Yogurt (confidence 3/5 < 0.7).
      expect(json.rules.map(key).sort()).toEqual(Object.keys(expected).sort());
      for (const rule of json.rules) {
        const [support, confidence, lift] = expected[key(rule)]!;
        expect(rule.support).toBeCloseTo(support, 12);
        expect(rule.confidence).toBeCloseTo(confidence, 12);
        expect(rule.lift).toBeCloseTo(lift, 12);
      }
      // Sorted by lift, then confidence, descending.
      for (let i = 1; i < json.rules.length; i++) {
        const [a, b] = [json.rules[i - 1]!, json.rules[i]!];
        expect(a.lift > b.lift + 1e-12 || (Math.abs(a.lift - b.lift) < 1e-12 && a.confidence >= b.confidence - 1e-12)).toBe(true);
      }
      const ws = await open(dir, store);
      try {
        const rows = await ws.store.query<{ _customer: string; suggestions: string[] | null }>(`SELECT _customer, suggestions FROM model_basket WHERE fit = $1 ORDER BY _customer`, [json.fit]);
        // b3 bought Eggs and Kidney Beans but no Onion: Eggs -> Onion; b4 bought Kidney Beans, not Eggs:
        // Kidney Beans -> Eggs. The others already hold every item the rules recommend to them.
        expect(rows.map((r) => [r._customer, r.suggestions])).toEqual([['b1', null], ['b2', null], ['b3', ['Onion']], ['b4', ['Eggs']], ['b5', null]]);
      } finally {
        await ws.close();
      }
    }, 60_000);

    test('min_lift keeps only the rules that raise the chance (default 1: lift exactly 1 stays)', async () => {
      const transactions = JSON.parse(await readFile(path.join(DATASETS, 'basket-small', 'transactions.json'), 'utf8')) as string[][];
      const dir = await basketWorkspace(store, transactions.map((items, i) => ({ customer: `b${i + 1}`, items })));
      expect((await fit(dir, '--min-support', '0.6', '--min-confidence', '0.7')).rules).toHaveLength(10);
      const above = await fit(dir, '--min-support', '0.6', '--min-confidence', '0.7', '--min-lift', '1.1');
      expect(above.rules.map(key).sort()).toEqual(['Eggs & Kidney Beans -> Onion', 'Eggs -> Onion', 'Kidney Beans & Onion -> Eggs', 'Onion -> Eggs']);
    }, 60_000);
  });

  describe('favourite category and cross-sell suggestions', () => {
    test('most spend, then most purchases, then name; a purchase counts whole for each of its categories', async () => {
      const dir = await basketWorkspace(
        store,
        [
          // a: food 30 + 10 = 40, toys 30 + 10 = 40, 2 purchases each: "food" by name.
          { customer: 'a', items: ['x'], amount: 30, categories: ['food', 'toys'] },
          { customer: 'a', items: ['x'], amount: 10, categories: ['food'] },
          { customer: 'a', items: ['x'], amount: 10, categories: ['toys', 'toys'] },
          // b: toys 50 against food 20 + 20.
          { customer: 'b', items: ['x'], amount: 50, categories: ['toys'] },
          { customer: 'b', items: ['x'], amount: 20, categories: ['food'] },
          { customer: 'b', items: ['x'], amount: 20, categories: ['food'] },
          // c: zoo 10 + 10 (2 purchases) against care 20 (1): zoo; a missing amount counts 0.
          { customer: 'c', items: ['x'], amount: 10, categories: ['zoo'] },
          { customer: 'c', items: ['x'], amount: 10, categories: ['zoo'] },
          { customer: 'c', items: ['x'], amount: 20, categories: ['care'] },
          { customer: 'c', items: ['x'], categories: ['care'] },
        ],
        YAML.replace('items: items }', 'items: items, category: categories, amount: amount }'),
      );
      const json = await fit(dir, '--min-support', '0');
      const ws = await open(dir, store);
      try {
        const rows = await ws.store.query<{ _customer: string; favourite_category: string }>(`SELECT _customer, favourite_category FROM model_basket WHERE fit = $1 ORDER BY 1`, [json.fit]);
        expect(rows.map((r) => [r._customer, r.favourite_category])).toEqual([['a', 'food'], ['b', 'toys'], ['c', 'care']]);
      } finally {
        await ws.close();
      }
    }, 60_000);

    test('suggestions: items not bought yet, best rule first, at most `suggestions` of them', async () => {
      // 20 baskets: p appears with q in 8, with r in 6, with s in 4; lifts differ.
      const baskets = [
        ...Array.from({ length: 8 }, (_, i) => ({ customer: `q${i}`, items: ['p', 'q'] })),
        ...Array.from({ length: 6 }, (_, i) => ({ customer: `r${i}`, items: ['p', 'r'] })),
        ...Array.from({ length: 4 }, (_, i) => ({ customer: `s${i}`, items: ['p', 's'] })),
        { customer: 'lonely', items: ['p'] },
        { customer: 'other', items: ['t'] },
      ];
      const dir = await basketWorkspace(store, baskets, YAML.replace('items: items }', 'items: items, suggestions: 2 }'));
      const json = await fit(dir, '--min-support', '0', '--min-confidence', '0', '--min-lift', '0');
      // p -> q: support 8/20, confidence 8/19, lift (8/19)/(8/20); p -> r: (6/19)/(6/20); p -> s: (4/19)/(4/20):
      // the three lifts are all 20/19; confidences 8/19 > 6/19 > 4/19 order them.
      const rules = json.rules.filter((r) => r.antecedent.join() === 'p');
      expect(rules.map((r) => r.consequent[0])).toEqual(['q', 'r', 's']);
      for (const r of rules) expect(r.lift).toBeCloseTo(20 / 19, 12);
      const ws = await open(dir, store);
      try {
        const rows = await ws.store.query<{ _customer: string; suggestions: string[] | null }>(`SELECT _customer, suggestions FROM model_basket WHERE fit = $1 ORDER BY 1`, [json.fit]);
        const by = new Map(rows.map((r) => [r._customer, r.suggestions]));
        expect(by.get('lonely')).toEqual(['q', 'r']);
        expect(by.get('q0')).toEqual(['r', 's']);
        expect(by.get('s0')).toEqual(['q', 'r']);
        // t is in no rule of confidence > 0 with another item.
        expect(by.get('other')).toBeNull();
      } finally {
        await ws.close();
      }
    }, 60_000);
  });

  describe('lifts that are equal, or equal to the threshold, as exact fractions', () => {
    test('rules of equal lift are ordered by confidence, and suggestions follow that order', async () => {
      // a → d: confidence 2/3, lift (2/3)/(4/5) = 5/6; b → c: confidence 1/2, lift (1/2)/(3/5) = 5/6.
      // Lift taken as confidence / support(y) made the second 0.8333333333333334 and the first …33.
      const baskets = [['a', 'd'], ['c', 'd'], ['b', 'c', 'd'], ['a', 'b'], ['a', 'c', 'd']];
      const dir = await basketWorkspace(store, baskets.map((items, i) => ({ customer: `k${i + 1}`, items })));
      const json = await fit(dir, '--min-support', '0', '--min-confidence', '0', '--min-lift', '0');
      const exact = exactMeasures(baskets);
      const order = json.rules.map(key);
      expect([...order].sort()).toEqual([...exact.keys()].sort());
      expect(order.indexOf('a -> d')).toBeLessThan(order.indexOf('b -> c'));
      // Every rule is at or below the one before it in (lift, confidence), compared as fractions.
      for (let i = 1; i < order.length; i++) {
        const [before, after] = [exact.get(order[i - 1]!)!, exact.get(order[i]!)!];
        expect(compare(before, after), `${order[i - 1]} before ${order[i]}`).toBeGreaterThanOrEqual(0);
      }
      const ws = await open(dir, store);
      try {
        const rows = await ws.store.query<{ suggestions: string[] }>(`SELECT suggestions FROM model_basket WHERE fit = $1 AND _customer = 'k4'`, [json.fit]);
        // k4 bought a and b: d by a → d, then c by b → c (the same lift, less confidence).
        expect(rows.map((r) => [...r.suggestions])).toEqual([['d', 'c']]);
      } finally {
        await ws.close();
      }
    }, 60_000);

    test('a rule whose lift equals min_lift exactly is kept (≥)', async () => {
      // a → b: confidence 3/5, support(b) 3/8, lift 8/5; b → a: confidence 1, support(a) 5/8, lift 8/5.
      const baskets = [['a', 'b'], ['a', 'b'], ['a', 'b'], ['a'], ['a'], ['c'], ['c'], ['c']];
      const dir = await basketWorkspace(store, baskets.map((items, i) => ({ customer: `k${i + 1}`, items })));
      const json = await fit(dir, '--min-support', '0', '--min-confidence', '0', '--min-lift', '1.6');
      expect(json.rules.map(key)).toEqual(['b -> a', 'a -> b']);
      expect(json.rules.map((r) => r.lift)).toEqual([1.6, 1.6]);
    }, 60_000);
  });

  describe('the clinic fixture against independent SQL over its raw events.csv', () => {
    test('every rule up to three items with support ≥ 0.01: supports, confidences, lifts', async () => {
      const dir = await clinicCopy(store);
      const yaml = await readFile(path.join(dir, 'segmenta.yaml'), 'utf8');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(dir, 'segmenta.yaml'), `${yaml}\nmodels:\n  basket: { model: basket, event: purchase, items: products, category: categories, amount: amount }\n`);
      const ws = await open(dir, store);
      await load(ws, 'customers', 'customers.csv');
      await load(ws, 'events', 'events.csv');
      await ws.close();
      const json = await fit(dir, '--at', '2027-01-01', '--min-support', '0.01', '--min-confidence', '0', '--min-lift', '0');
      const supports = await referenceItemsets(
        `SELECT list_distinct(string_split(products, '|')) AS items FROM read_csv('${path.join(FIXTURE, 'events.csv')}', all_varchar = true) WHERE type = 'purchase' AND coalesce(products, '') <> ''`,
        0.01,
      );
      const expected = referenceRules(supports);
      expect(json.baskets).toBe(9250);
      expect(expected.size).toBeGreaterThan(100);
      expect(json.rules.map(key).sort()).toEqual([...expected.keys()].sort());
      for (const rule of json.rules) {
        const [support, confidence, lift] = expected.get(key(rule))!;
        expect(rule.support).toBeCloseTo(support, 12);
        expect(rule.confidence).toBeCloseTo(confidence, 12);
        expect(rule.lift).toBeCloseTo(lift, 12);
      }
    }, 120_000);
  });

  describe('Groceries (9,835 baskets, 169 items)', () => {
    test('fits in seconds, and its rules at support 0.01 are those of the independent reference', async () => {
      const lines = (await readFile(path.join(DATASETS, 'groceries', 'groceries.csv'), 'utf8')).split(/\r?\n/).filter((l) => l !== '');
      expect(lines).toHaveLength(9835);
      const dir = await basketWorkspace(store, lines.map((line, i) => ({ customer: `g${i + 1}`, items: line.split(',') })));
      const started = performance.now();
      const json = await fit(dir, '--min-support', '0.01', '--min-confidence', '0', '--min-lift', '0');
      const seconds = (performance.now() - started) / 1000;
      console.log(`Groceries: ${json.rules.length} rules in ${seconds.toFixed(2)} s (CLI process included)`);
      expect(seconds).toBeLessThan(10);
      expect(json.baskets).toBe(9835);
      const supports = await referenceItemsets(
        // Imports trim the elements of a list (src/ingest/field-values.ts), so "cream cheese " is "cream cheese" in the store.
        `SELECT list_distinct(list_transform(string_split(column0, ','), x -> trim(x))) AS items FROM read_csv('${path.join(DATASETS, 'groceries', 'groceries.csv')}', header = false, delim = '\\t', quote = '', columns = {'column0': 'VARCHAR'})`,
        0.01,
      );
      expect(supports.get('whole milk')).toBeCloseTo(2513 / 9835, 12);
      const expected = referenceRules(supports);
      expect(json.rules.map(key).sort()).toEqual([...expected.keys()].sort());
      for (const rule of json.rules) {
        const [support, confidence, lift] = expected.get(key(rule))!;
        expect(rule.support).toBeCloseTo(support, 12);
        expect(rule.confidence).toBeCloseTo(confidence, 12);
        expect(rule.lift).toBeCloseTo(lift, 12);
      }
      // arules' classic example (Hahsler et al.): apriori(Groceries, support = 0.01, confidence = 0.5) finds 15 rules.
      expect(json.rules.filter((r) => r.confidence >= 0.5)).toHaveLength(15);
    }, 120_000);
  });

  describe('refused', () => {
    test('a workspace without purchases: a clear error, exit 1', async () => {
      const dir = await workspaceWith(YAML, {}, store);
      const result = await cli(['model', 'fit', 'basket', '-w', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('model "basket": no "purchase" event with "items" up to the evaluation instant: no basket to analyse');
    });

    test.each([
      [['--min-support', '1.5'], '--min-support must be a share between 0 and 1, not 1.5'],
      [['--min-support', '-0.1'], '--min-support must be a share between 0 and 1, not -0.1'],
      [['--min-confidence', '2'], '--min-confidence must be a share between 0 and 1, not 2'],
      [['--max-size', '9'], '--max-size must be a whole number from 2 to 5, not 9'],
      [['--min-support', 'lots'], '--min-support takes a number, not "lots"'],
      [['--k', '3'], '--k does not apply to model "basket" (basket)'],
    ])('%s: usage error, exit 2', async (flags, message) => {
      const dir = await workspaceWith(YAML, {}, store);
      const result = await cli(['model', 'fit', 'basket', '-w', dir, ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    });
  });
});
