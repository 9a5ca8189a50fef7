/**
 * Every form of rules.md on the clinic fixture, each checked against hand-written SQL over the raw
 * CSV files (test/support/clinic-reference.ts), at two instants.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRule, evaluation, type Evaluation } from '../../src/engine/evaluate.js';
import { prepareRule } from '../../src/engine/prepared-rules.js';
import { parseInstant } from '../../src/time/instant.js';
import { referenceCount, referenceMembers } from '../support/clinic-reference.js';
import { bindParams } from '../../src/compiler/compile-rule.js';
import { Compilation } from '../../src/compiler/compilation.js';
import { featuresQuery } from '../../src/compiler/features.js';
import { segmentResolver } from '../../src/engine/prepared-rules.js';
import { importedClinic } from '../support/workspace.js';
import { STORES } from '../support/stores.js';

/** Events of the customer up to AT: `E` in the reference SQL. */
const E = (type: string, extra = 'true') => `(SELECT count(*) FROM ev e WHERE e.customer_id = c.id AND e.type = '${type}' AND e.time <= $AT AND (${extra}))`;
const HAVERSINE = (lat: string, lon: string) =>
  `2 * 6371.0088 * asin(sqrt(pow(sin(radians(${lat} - c.lat) / 2), 2) + cos(radians(c.lat)) * cos(radians(${lat})) * pow(sin(radians(${lon} - c.lon) / 2), 2)))`;
const AGE = (born: string, on: string) => `date_diff('year', ${born}, ${on}) - CASE WHEN strftime(${on}, '%m%d') < strftime(${born}, '%m%d') THEN 1 ELSE 0 END`;

/** [rule, reference condition on `c`] */
const CASES: Array<[string, string]> = [
  // attributes, comparisons, two-valued logic
  ['language = "fr"', `c.language = 'fr'`],
  ['language != "fr"', `c.language <> 'fr'`],
  ['email != "x"', `c.email IS NOT NULL AND c.email <> 'x'`],
  ['not (email = "x")', `NOT coalesce(c.email = 'x', false)`],
  ['gender >= "M"', `c.gender >= 'M'`],
  ['language in ["de", "it"]', `c.language IN ('de', 'it')`],
  ['language not in ["fr", "de"]', `c.language NOT IN ('fr', 'de')`],
  ['email is null', `c.email IS NULL`],
  ['email is not null and email_opt_in', `c.email IS NOT NULL AND c.opt_in`],
  ['email_opt_in = false', `NOT c.opt_in`],
  ['not email_opt_in or language = "en"', `NOT c.opt_in OR c.language = 'en'`],
  ['email contains "MÜLLER"', `contains(lower(c.email), 'müller')`],
  ['last_name starts with "m"', `starts_with(lower(c.last_name), 'm')`],
  ['email ends with ".CH"', `ends_with(lower(c.email), '.ch')`],
  ['postcode matches "^10[0-9]{2}$"', `regexp_matches(c.postcode, '^10[0-9]{2}$')`],
  ['birth_date < 1960-01-01', `c.birth_date < DATE '1960-01-01'`],
  ['birth_date between 1970-01-01 and 1979-12-31', `c.birth_date BETWEEN DATE '1970-01-01' AND DATE '1979-12-31'`],
  // dates and instants
  ['created_at >= 2025-01-01', `c.created_at >= TIMESTAMP '2025-01-01 00:00:00'`],
  ['created_at <= 2025-01-01', `c.created_at < TIMESTAMP '2025-01-02 00:00:00'`],
  ['created_at > 2025-01-01', `c.created_at >= TIMESTAMP '2025-01-02 00:00:00'`],
  ['created_at < 2025-01-01', `c.created_at < TIMESTAMP '2025-01-01 00:00:00'`],
  ['created_at = 2024-06-15', `CAST(c.created_at AS DATE) = DATE '2024-06-15'`],
  ['created_at >= 2025-03-01T12:00:00', `c.created_at >= TIMESTAMP '2025-03-01 12:00:00'`],
  ['created_at >= 90 days ago', `c.created_at >= $AT - INTERVAL 90 DAY`],
  ['created_at < 2 years ago', `c.created_at < $AT - INTERVAL 2 YEAR`],
  ['created_at within 6 months', `c.created_at >= $AT - INTERVAL 6 MONTH AND c.created_at <= $AT`],
  ['created_at within 36 hours', `c.created_at >= $AT - INTERVAL 36 HOUR`],
  ['age(birth_date) >= 65', `${AGE('c.birth_date', 'CAST($AT AS DATE)')} >= 65`],
  ['age(birth_date) between 30 and 40', `${AGE('c.birth_date', 'CAST($AT AS DATE)')} BETWEEN 30 AND 40`],
  // distances
  ['distance(home, clinic) < 20 km', `${HAVERSINE('46.5197', '6.6323')} < 20`],
  ['distance(home, point(46.2, 6.15)) < 5000 m', `${HAVERSINE('46.2', '6.15')} < 5`],
  ['distance(home, clinic) >= 10', `${HAVERSINE('46.5197', '6.6323')} >= 10`],
  // collections
  ['any(pets)', `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id)`],
  ['any(pets where species = "cat" and conditions contains "chronic kidney disease")', `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND p.species = 'cat' AND list_contains(p.conditions, 'chronic kidney disease'))`],
  ['all(pets where species = "cat")', `NOT EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND p.species IS DISTINCT FROM 'cat')`],
  ['none(pets where species = "dog")', `NOT EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND p.species = 'dog')`],
  ['count(pets) >= 2', `(SELECT count(*) FROM pet p WHERE p.customer_id = c.id) >= 2`],
  ['count(pets where species = "dog") = 0', `(SELECT count(*) FROM pet p WHERE p.customer_id = c.id AND p.species = 'dog') = 0`],
  ['count(pets) < 2', `(SELECT count(*) FROM pet p WHERE p.customer_id = c.id) < 2`],
  ['any(pets where conditions contains any ["diabetes", "obesity"])', `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND (list_contains(p.conditions, 'diabetes') OR list_contains(p.conditions, 'obesity')))`],
  ['any(pets where conditions contains all ["diabetes", "obesity"])', `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND list_contains(p.conditions, 'diabetes') AND list_contains(p.conditions, 'obesity'))`],
  // A date test written last in "where", where a window would go (records have none).
  ['any(pets where species = "dog" and birth_date between 2015-01-01 and 2015-12-31)', `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND p.species = 'dog' AND p.birth_date BETWEEN DATE '2015-01-01' AND DATE '2015-12-31')`],
  ['any(pets where age(birth_date) >= 10)', `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND ${AGE('p.birth_date', 'CAST($AT AS DATE)')} >= 10)`],
  ['any(pets where conditions is null)', `EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND len(p.conditions) = 0)`],
  ['any(pets where species = "cat" and customer.language = "de")', `c.language = 'de' AND EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND p.species = 'cat')`],
  // events
  ['count(purchase) >= 5', `${E('purchase')} >= 5`],
  ['count(purchase within 90 days) >= 2', `${E('purchase', `e.time >= $AT - INTERVAL 90 DAY`)} >= 2`],
  ['count(visit) = 0', `${E('visit')} = 0`],
  ['count(purchase where categories contains "food" within 6 months) > 1', `${E('purchase', `list_contains(e.categories, 'food') AND e.time >= $AT - INTERVAL 6 MONTH`)} > 1`],
  ['sum(purchase.amount) > 1000', `coalesce((SELECT sum(amount) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT), 0) > 1000`],
  ['sum(purchase.amount where categories contains "surgery" within 12 months) > 1000', `coalesce((SELECT sum(amount) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT AND e.time >= $AT - INTERVAL 12 MONTH AND list_contains(e.categories, 'surgery')), 0) > 1000`],
  ['sum(purchase.amount within 12 months) < 50', `coalesce((SELECT sum(amount) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT AND e.time >= $AT - INTERVAL 12 MONTH), 0) < 50`],
  ['avg(purchase.amount) > 150', `(SELECT avg(amount) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT) > 150`],
  ['min(purchase.amount) < 30 and max(purchase.amount) > 400', `(SELECT min(amount) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT) < 30 AND (SELECT max(amount) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT) > 400`],
  ['first(purchase) >= 2025-01-01', `(SELECT min(time) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT) >= TIMESTAMP '2025-01-01'`],
  ['last(purchase) < 6 months ago', `(SELECT max(time) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT) < $AT - INTERVAL 6 MONTH`],
  ['last(visit) >= 30 days ago', `(SELECT max(time) FROM ev e WHERE e.customer_id = c.id AND e.type = 'visit' AND e.time <= $AT) >= $AT - INTERVAL 30 DAY`],
  ['first(purchase) is null', `${E('purchase')} = 0`],
  ['any(purchase where amount > 500)', `${E('purchase', 'e.amount > 500')} > 0`],
  ['none(purchase within 12 months)', `${E('purchase', `e.time >= $AT - INTERVAL 12 MONTH`)} = 0`],
  ['count(purchase between 2025-01-01 and 2025-03-31) >= 1', `${E('purchase', `e.time >= TIMESTAMP '2025-01-01' AND e.time < TIMESTAMP '2025-04-01'`)} >= 1`],
  [
    'any(purchase where products contains "renal-diet" within 6 months) and none(purchase where products contains "kidney-medication" within 6 months)',
    `${E('purchase', `list_contains(e.products, 'renal-diet') AND e.time >= $AT - INTERVAL 6 MONTH`)} > 0 AND ${E('purchase', `list_contains(e.products, 'kidney-medication') AND e.time >= $AT - INTERVAL 6 MONTH`)} = 0`,
  ],
  ['any(visit within 12 months) and none(visit within 3 months)', `${E('visit', `e.time >= $AT - INTERVAL 12 MONTH`)} > 0 AND ${E('visit', `e.time >= $AT - INTERVAL 3 MONTH`)} = 0`],
  ['sum(purchase.amount within 12 months) / count(purchase within 12 months) > 100', `coalesce((SELECT sum(amount) FROM ev e WHERE e.customer_id = c.id AND e.type = 'purchase' AND e.time <= $AT AND e.time >= $AT - INTERVAL 12 MONTH), 0) / NULLIF(${E('purchase', `e.time >= $AT - INTERVAL 12 MONTH`)}, 0) > 100`],
  // Two whole numbers divide in floating point (PostgreSQL divided them as integers, truncating).
  ['count(visit) / count(purchase) >= 0.5', `CAST(${E('visit')} AS DOUBLE) / NULLIF(${E('purchase')}, 0) >= 0.5`],
  ['count(pets) / age(birth_date) > 0.05', `CAST((SELECT count(*) FROM pet p WHERE p.customer_id = c.id) AS DOUBLE) / NULLIF(${AGE('c.birth_date', 'CAST($AT AS DATE)')}, 0) > 0.05`],
  ['count(purchase) - count(visit) >= 3', `${E('purchase')} - ${E('visit')} >= 3`],
  ['any(purchase where customer.language = "it" and amount > 100)', `c.language = 'it' AND ${E('purchase', 'e.amount > 100')} > 0`],
  // segments
  ['in segment "heart-dogs" and language = "fr"', `c.language = 'fr' AND EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND p.species = 'dog' AND list_contains(p.conditions, 'heart failure'))`],
  ['not in segment "senior-pets"', `NOT EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND ${AGE('p.birth_date', 'CAST($AT AS DATE)')} >= 10)`],
  [
    'language = "fr"\nand distance(home, clinic) < 20 km\nand any(pets where species = "cat" and conditions contains "chronic kidney disease")',
    `c.language = 'fr' AND ${HAVERSINE('46.5197', '6.6323')} < 20 AND EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id AND p.species = 'cat' AND list_contains(p.conditions, 'chronic kidney disease'))`,
  ],
];

describe.each(STORES.flatMap((store) => [[store, '2026-07-01T00:00:00', '2026-07-01 00:00:00'], [store, '2025-08-31T18:30:00', '2025-08-31 18:30:00']] as const))('rules on the clinic fixture on %s at %s', (store, at, naive) => {
  let ev: Evaluation;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const ws = await importedClinic(store);
    ev = evaluation(ws.workspace, ws.store);
    close = ws.close;
  });
  afterAll(() => close());

  test.each(CASES)('%s', async (rule, reference) => {
    const expected = await referenceCount(reference, naive);
    const actual = await countRule(ev, prepareRule(ev.workspace, rule), parseInstant(at, 'Europe/Zurich'));
    expect(actual).toBe(expected);
  });

  // Customer runs evaluate every rule for a few customers in one statement over shared aggregates
  // (compiler/features.ts): the same corpus, the same hand-written SQL, customer by customer.
  test('every case, evaluated for a few customers at once over shared aggregates', async () => {
    const keys = (await ev.store.query<{ _customer: string }>(`SELECT _customer FROM customers ORDER BY md5(_customer) LIMIT 60`)).map((r) => r._customer);
    const rules = CASES.map(([rule], i) => [`case${i}`, prepareRule(ev.workspace, rule)] as const);
    const c = new Compilation({ workspace: ev.workspace, dialect: ev.store.dialect, segments: segmentResolver(ev.rules, ev.workspace), subset: keys });
    const names = rules.map(([id]) => id);
    const sql = featuresQuery(c, rules, names)!;
    const rows = await ev.store.query<Record<string, unknown>>(sql, bindParams({ sql, params: c.params.sources }, { at: parseInstant(at, 'Europe/Zurich') }));
    const expected = await referenceMembers(CASES.map(([, reference]) => reference), naive, keys);
    for (const [i, [rule]] of CASES.entries()) {
      const actual = rows.filter((r) => r[`case${i}`] === true).map((r) => r['_customer'] as string).sort();
      expect(actual, rule).toEqual(expected[i]);
    }
  });

  test('the corpus is not trivial: most cases select some but not all customers', async () => {
    const total = await referenceCount('true', naive);
    let informative = 0;
    for (const [, reference] of CASES) {
      const n = await referenceCount(reference, naive);
      if (n > 0 && n < total) informative += 1;
    }
    expect(informative).toBeGreaterThan(CASES.length * 0.8);
  });
});
