/**
 * Random rules over the clinic fixture (test/compiler/random-rules.ts): DuckDB and PostgreSQL
 * select the same customers, and the few-customers path of customer runs (shared aggregates over
 * a subset, compiler/features.ts) selects, among its customers, those the whole-base query selects.
 * A second opinion beside the hand-written references of fixture-rules.test.ts: it found that
 * PostgreSQL divided two counts as integers. `SEGMENTA_RANDOM_RULES=N` draws N rules instead of 400,
 * `SEGMENTA_RANDOM_SEED=S` other ones.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluation, type Evaluation } from '../../src/engine/evaluate.js';
import { prepareRule } from '../../src/engine/prepared-rules.js';
import { createRandom, type Random } from '../../src/math/random.js';
import { parseInstant } from '../../src/time/instant.js';
import { STORES, type StoreKind } from '../support/stores.js';
import { customerRunDifferences, wholeBaseMembers } from '../support/rule-members.js';
import { importedClinic } from '../support/workspace.js';
import { RANDOM_RULE_INSTANTS, randomRule } from './random-rules.js';

const RULES = Number(process.env['SEGMENTA_RANDOM_RULES'] ?? 400);
const SEED = Number(process.env['SEGMENTA_RANDOM_SEED'] ?? 20261206);
const ZONE = 'Europe/Zurich';

interface Drawn {
  readonly text: string;
  readonly at: Date;
}

/** `count` well-typed rules, each with an instant; the same for the same seed. */
function draw(random: Random, count: number): Drawn[] {
  const drawn: Drawn[] = [];
  while (drawn.length < count) {
    const text = randomRule(random);
    const at = parseInstant(random.pick(RANDOM_RULE_INSTANTS), ZONE);
    try {
      prepareRule(stores.get('duckdb')!.workspace, text);
      drawn.push({ text, at });
    } catch {
      // ill-typed (arithmetic on a distance): the checker's refusals are tested elsewhere
    }
  }
  return drawn;
}

const stores = new Map<StoreKind, Evaluation>();
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  for (const store of STORES) {
    const ws = await importedClinic(store);
    stores.set(store, evaluation(ws.workspace, ws.store));
    closers.push(ws.close);
  }
});
afterAll(async () => {
  for (const close of closers) await close();
});

test.skipIf(!STORES.includes('postgres'))('DuckDB and PostgreSQL select the same customers for random rules', async () => {
  const duck = stores.get('duckdb')!;
  const pg = stores.get('postgres')!;
  const differences: string[] = [];
  let informative = 0;
  for (const { text, at } of draw(createRandom(SEED), RULES)) {
    const onDuck = await wholeBaseMembers(duck, prepareRule(duck.workspace, text), at);
    const onPg = await wholeBaseMembers(pg, prepareRule(pg.workspace, text), at);
    if (onDuck.length > 0 && onDuck.length < 2000) informative += 1;
    if (onDuck.join() !== onPg.join()) differences.push(`at ${at.toISOString()}: ${text}\n  DuckDB ${onDuck.length}, PostgreSQL ${onPg.length}`);
  }
  expect(differences).toEqual([]);
  // Most rules select some customers but not all: the comparison says something.
  expect(informative).toBeGreaterThan(RULES * 0.5);
});

describe.each(STORES)('on %s', (store) => {
  test('customer runs select, among their customers, those the whole-base query selects', async () => {
    const ev = stores.get(store)!;
    const random = createRandom(SEED + 1);
    const keys = (await ev.store.query<{ _customer: string }>(`SELECT _customer FROM customers ORDER BY _customer`)).map((r) => r._customer);
    const differences: string[] = [];
    const perBatch = 25;
    for (let batch = 0; batch < Math.ceil(RULES / perBatch); batch++) {
      // One instant per batch, as a customer run has; 5 % of the customers.
      const at = parseInstant(random.pick(RANDOM_RULE_INSTANTS), ZONE);
      const subset = keys.filter(() => random.chance(0.05));
      const rules = draw(random, perBatch).map(({ text }) => ({ text, typed: prepareRule(ev.workspace, text) }));
      differences.push(...(await customerRunDifferences(ev, rules, subset, at)));
    }
    expect(differences).toEqual([]);
  });
});
