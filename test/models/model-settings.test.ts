/**
 * `models:` of segmenta.yaml: every setting of models.md validated where it is written; each bad
 * value a diagnostic with its line, column, where and why (and `segmenta check` reports them).
 */
import { describe, expect, test } from 'vitest';
import { parseWorkspace } from '../../src/workspace/load.js';
import type { KMeansModelDef } from '../../src/workspace/types.js';
import { cliJson } from '../support/cli.js';
import { workspaceWith } from '../support/workspace.js';

const BASE = `name: Shop
timezone: Europe/Zurich
customers:
  key: id
  fields:
    income: number
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number, products: list<string>, categories: list<string>, channel: string }
    visit: {}
models:
`;

function parse(models: string) {
  const result = parseWorkspace(BASE + models, '/tmp/ws/segmenta.yaml', {});
  return { workspace: result.workspace, errors: result.diagnostics.map(({ line, column, message, code, where }) => ({ line, column, message, code, where })) };
}

/** Line of the models' first setting in BASE + models (BASE has 14 lines). */
const L = 15;

describe('valid models get their defaults', () => {
  test('clv, basket and kmeans with only what they need', () => {
    const { workspace, errors } = parse(`  clv: { model: clv, event: purchase, amount: amount }
  basket: { model: basket, event: purchase, items: products }
  clusters: { model: kmeans, event: purchase, amount: amount }
`);
    expect(errors).toEqual([]);
    expect(workspace!.models).toEqual([
      { id: 'clv', position: { line: L, column: 3 }, model: 'clv', event: 'purchase', amount: 'amount', timeUnit: 'weeks', calibrationEnd: null, horizon: 52, margin: 1, discountRate: 0 },
      { id: 'basket', position: { line: L + 1, column: 3 }, model: 'basket', event: 'purchase', items: 'products', amount: 'amount', maxSize: 3, minSupport: 0.01, minConfidence: 0.1, minLift: 1, suggestions: 3 },
      { id: 'clusters', position: { line: L + 2, column: 3 }, model: 'kmeans', event: 'purchase', amount: 'amount', standardise: true, k: [2, 3, 4, 5, 6, 7, 8], seed: 0, restarts: 10, sampleSize: 10000, fitSampleSize: 50000 },
    ]);
  });

  test('without `amount:`, basket and kmeans take the event\'s `amount`, else its only numeric property, else none', () => {
    const spend = (types: string, settings = '{ model: kmeans, event: purchase }') => {
      const result = parseWorkspace(
        BASE.replace(/    purchase: .*\n    visit: \{\}\n/, types).concat(`  clusters: ${settings}\n  basket: { model: basket, event: purchase, items: products }\n`),
        '/tmp/ws/segmenta.yaml',
        {},
      );
      return { amounts: result.workspace?.models.map((m) => ('amount' in m ? m.amount : undefined)), errors: result.diagnostics.map((d) => d.message) };
    };
    expect(spend('    purchase: { price: number, amount: integer, products: list<string> }\n')).toEqual({ amounts: ['amount', 'amount'], errors: [] });
    expect(spend('    purchase: { total: number, products: list<string>, note: string }\n')).toEqual({ amounts: ['total', 'total'], errors: [] });
    expect(spend('    purchase: { products: list<string>, note: string }\n')).toEqual({ amounts: [undefined, undefined], errors: [] });
    // Written, it is kept; two numeric properties and none named amount: the user says which.
    expect(spend('    purchase: { price: number, amount: number, products: list<string> }\n', '{ model: kmeans, event: purchase, amount: price }').amounts).toEqual(['price', 'amount']);
    expect(spend('    purchase: { price: number, tax: number, products: list<string> }\n').errors).toEqual([
      '"clusters" needs "amount": "purchase" has several numeric properties (price, tax) and none is named amount; say which is the spend at 14:3',
      '"basket" needs "amount": "purchase" has several numeric properties (price, tax) and none is named amount; say which is the spend at 15:3',
    ]);
  });

  test('every setting written out', () => {
    const { workspace, errors } = parse(`  clv:
    name: Valeur client
    model: clv
    event: purchase
    amount: amount
    time_unit: months
    calibration_end: 2024-12-31
    horizon: 12
    margin: 0.3
    discount_rate: 0.01
  basket:
    model: basket
    event: purchase
    items: products
    category: channel
    amount: amount
    max_size: 2
    min_support: 0.05
    min_confidence: 0.5
    min_lift: 1.2
    suggestions: 5
  clusters:
    model: kmeans
    event: purchase
    features: ["sum(purchase.amount within 365 days)", count(visit)]
    standardise: false
    k: 4
    seed: 7
    restarts: 3
    sample_size: 500
    fit_sample_size: 20000
`);
    expect(errors).toEqual([]);
    const [clv, basket, clusters] = workspace!.models;
    expect(clv).toMatchObject({ name: 'Valeur client', timeUnit: 'months', calibrationEnd: '2024-12-31', horizon: 12, margin: 0.3, discountRate: 0.01 });
    expect(basket).toMatchObject({ category: 'channel', amount: 'amount', maxSize: 2, minSupport: 0.05, minConfidence: 0.5, minLift: 1.2, suggestions: 5 });
    expect(clusters).toMatchObject({
      features: [{ text: 'sum(purchase.amount within 365 days)' }, { text: 'count(visit)' }],
      standardise: false,
      k: [4],
      seed: 7,
      restarts: 3,
      sampleSize: 500,
      fitSampleSize: 20000,
    });
    // Each feature's text is placed inside its quotes, or from its first character when plain.
    const features = (clusters as KMeansModelDef).features!;
    expect(features.map((f) => f.positions.positionOf(0))).toEqual([
      { line: L + 24, column: 17 },
      { line: L + 24, column: 56 },
    ]);
  });
});

describe('bad settings: where and why', () => {
  test.each([
    ['  m: { model: clvv, event: purchase }\n', 'models.m.model', L, 15, 'unknown model "clvv", did you mean "clv"? (models: clv, basket, kmeans)'],
    ['  m: { event: purchase }\n', 'models.m', L, 3, 'model "m" needs "model" (clv, basket, kmeans)'],
    ['  m: { model: clv, amount: amount }\n', 'models.m', L, 3, '"m" needs "event": the event type it is computed from'],
    ['  m: { model: clv, event: purchases, amount: amount }\n', 'models.m.event', L, 27, 'unknown event type "purchases", did you mean "purchase"?'],
    ['  m: { model: clv, event: purchase }\n', 'models.m', L, 3, '"m" needs "amount": the numeric property of "purchase" to sum'],
    ['  m: { model: clv, event: purchase, amount: amont }\n', 'models.m.amount', L, 45, 'event type "purchase" has no property "amont", did you mean "amount"?'],
    ['  m: { model: clv, event: purchase, amount: channel }\n', 'models.m.amount', L, 45, '"channel" must be a number to be summed, and it is string'],
    ['  m: { model: clv, event: purchase, amount: amount, time_unit: years }\n', 'models.m.time_unit', L, 64, 'time_unit must be days, weeks, months, not "years"'],
    ['  m: { model: clv, event: purchase, amount: amount, calibration_end: 2024-02-30 }\n', 'models.m.calibration_end', L, 70, 'models.m.calibration_end must be a date YYYY-MM-DD or null (the evaluation date), not "2024-02-30"'],
    ['  m: { model: clv, event: purchase, amount: amount, horizon: 0 }\n', 'models.m.horizon', L, 62, 'models.m.horizon is 0: it must be above 0'],
    ['  m: { model: clv, event: purchase, amount: amount, margin: 1.5 }\n', 'models.m.margin', L, 61, 'models.m.margin is 1.5: margin is the share of spend that is profit: a number in (0, 1]'],
    ['  m: { model: clv, event: purchase, amount: amount, discount_rate: -0.1 }\n', 'models.m.discount_rate', L, 68, 'models.m.discount_rate is -0.1: it must be at least 0'],
    ['  m: { model: clv, event: purchase, amount: amount, horizn: 52 }\n', 'models.m.horizn', L, 53, 'unknown key "horizn" in models.m, did you mean "horizon"?'],
    ['  m: { model: basket, event: purchase }\n', 'models.m', L, 3, '"m" needs "items": the list of items of a basket, a property of "purchase"'],
    ['  m: { model: basket, event: purchase, items: channel }\n', 'models.m.items', L, 47, '"channel" must be list<string> to be the list of items of a basket, and it is string'],
    ['  m: { model: basket, event: purchase, items: products, category: amount }\n', 'models.m.category', L, 67, '"amount" must be list<string> or string to be the category (or categories) of a purchase, and it is number'],
    ['  m: { model: basket, event: purchase, items: products, min_support: 1.5 }\n', 'models.m.min_support', L, 70, 'models.m.min_support is 1.5: min_support is a share of baskets: a number in [0, 1]'],
    ['  m: { model: basket, event: purchase, items: products, min_support: -0.01 }\n', 'models.m.min_support', L, 70, 'models.m.min_support is -0.01: min_support is a share of baskets: a number in [0, 1]'],
    ['  m: { model: basket, event: purchase, items: products, min_confidence: 2 }\n', 'models.m.min_confidence', L, 73, 'models.m.min_confidence is 2: min_confidence is a probability: a number in [0, 1]'],
    ['  m: { model: basket, event: purchase, items: products, max_size: 7 }\n', 'models.m.max_size', L, 67, 'models.m.max_size is 7: it must be at least 2 and at most 5'],
    ['  m: { model: basket, event: purchase, items: products, max_size: 2.5 }\n', 'models.m.max_size', L, 67, 'models.m.max_size must be a whole number'],
    ['  m: { model: basket, event: purchase, items: products, min_lift: -1 }\n', 'models.m.min_lift', L, 67, 'models.m.min_lift is -1: it must be at least 0'],
    ['  m: { model: kmeans, event: purchase, k: [1, 8] }\n', 'models.m.k', L, 43, 'k must be a number of clusters or a range [low, high], whole numbers from 2 to 20, e.g. [2, 8]'],
    ['  m: { model: kmeans, event: purchase, k: [8, 3] }\n', 'models.m.k', L, 43, 'k must be a number of clusters or a range [low, high], whole numbers from 2 to 20, e.g. [2, 8]'],
    ['  m: { model: kmeans, event: purchase, standardise: yes }\n', 'models.m.standardise', L, 53, 'standardise must be true or false'],
    ['  m: { model: kmeans, event: purchase, features: count(visit) }\n', 'models.m.features', L, 50, 'features must be a list of numeric expressions, e.g. ["sum(purchase.amount within 365 days)", "count(pets)"]'],
    ['  m: { model: kmeans, event: purchase, features: [count(visit), count(visit)] }\n', 'models.m.features.1', L, 65, 'feature "count(visit)" is listed twice'],
  ])('%s', (models, where, line, column, message) => {
    const { workspace, errors } = parse(models);
    expect(errors).toEqual([expect.objectContaining({ where, line, column, message: `${message} at ${line}:${column}` })]);
    expect(workspace!.models).toEqual([]);
  });

  test('a model id shares the namespace of fields, event types, segments and segmentations', () => {
    const { errors } = parse('  income: { model: clv, event: purchase, amount: amount }\n');
    expect(errors).toEqual([expect.objectContaining({ code: 'name-clash', where: 'models.income', line: L, column: 3 })]);
  });

  test('`segmenta check --json` reports them all with where, line, column and message', async () => {
    const dir = await workspaceWith(`${BASE}  a: { model: basket, event: purchase, items: products, min_support: 2 }\n  b: { model: clv, event: purchase, amount: amount, margin: 0 }\n`);
    const { code, json } = await cliJson<{ ok: boolean; errors: Array<{ where: string; line: number; column: number; message: string }> }>(['check', '-w', dir]);
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.errors.map((e) => [e.where, e.line, e.column])).toEqual([
      ['models.a.min_support', L, 70],
      ['models.b.margin', L + 1, 61],
    ]);
  });
});
