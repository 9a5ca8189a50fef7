import { describe, expect, test } from 'vitest';
import { checkRule, type Diagnostic, type TypedExpr } from '../../src/rules/index.js';
import { CLINIC, CLINIC_RULES } from './clinic-environment.js';
import { parseOk } from './helpers.js';
import { RULES_MD_EXAMPLES } from './rules-md-forms.js';

function typed(text: string): TypedExpr {
  const result = checkRule(parseOk(text), CLINIC);
  expect(result.diagnostics.map((d) => d.message), text).toEqual([]);
  return result.typed!;
}

function errors(text: string): Diagnostic[] {
  const result = checkRule(parseOk(text), CLINIC);
  expect(result.typed, text).toBeUndefined();
  return [...result.diagnostics];
}

const messages = (text: string): string[] => errors(text).map((d) => d.message);

/** The IR without spans, to compare shapes. */
function shape(ir: unknown): unknown {
  return JSON.parse(JSON.stringify(ir, (key, value: unknown) => (key === 'span' ? undefined : value)));
}

describe('the clinic fixture', () => {
  test.each([...CLINIC_RULES])('%s type-checks', (_id, text) => {
    expect(typed(text).type).toBe('boolean');
  });

  test('the IR of the first rule is resolved and typed', () => {
    expect(shape(typed(CLINIC_RULES.get('cats-ckd-fr-20km')!))).toEqual({
      kind: 'and',
      type: 'boolean',
      left: {
        kind: 'and',
        type: 'boolean',
        left: {
          kind: 'compare',
          type: 'boolean',
          op: '=',
          left: { kind: 'customer_field', type: 'string', name: 'language', fieldType: 'string' },
          right: { kind: 'literal', type: 'string', value: 'fr' },
        },
        right: {
          kind: 'compare',
          type: 'boolean',
          op: '<',
          left: {
            kind: 'distance',
            type: 'distance',
            from: { kind: 'customer_field', type: 'geopoint', name: 'home', fieldType: 'geopoint' },
            to: { kind: 'place', type: 'geopoint', name: 'clinic' },
          },
          right: { kind: 'distance_literal', type: 'distance', amount: 20, unit: 'km', km: 20 },
        },
      },
      right: {
        kind: 'quantifier',
        type: 'boolean',
        quantifier: 'any',
        source: { kind: 'collection', name: 'pets' },
        where: {
          kind: 'and',
          type: 'boolean',
          left: {
            kind: 'compare',
            type: 'boolean',
            op: '=',
            left: { kind: 'record_field', type: 'string', collection: 'pets', name: 'species', fieldType: 'string' },
            right: { kind: 'literal', type: 'string', value: 'cat' },
          },
          right: {
            kind: 'contains',
            type: 'boolean',
            mode: 'one',
            value: { kind: 'record_field', type: 'list<string>', collection: 'pets', name: 'conditions', fieldType: 'list<string>' },
            operand: { kind: 'literal', type: 'string', value: 'chronic kidney disease' },
          },
        },
      },
    });
  });

  test('spans are kept in the IR', () => {
    const ir = typed('language = "fr"\nand email_opt_in') as Extract<TypedExpr, { kind: 'and' }>;
    expect(ir.right.span!.start).toEqual({ line: 2, column: 5, offset: 20 });
  });
});

describe('every example of rules.md type-checks in the clinic workspace', () => {
  test.each(RULES_MD_EXAMPLES)('%s', (text) => {
    expect(typed(text).type).toBe('boolean');
  });
});

describe('resolution', () => {
  test('names by scope', () => {
    expect(shape(typed('any(purchase where amount > 10 and customer.language = "fr")'))).toMatchObject({
      where: {
        left: { left: { kind: 'event_property', eventType: 'purchase', name: 'amount', type: 'number', fieldType: 'number' } },
        right: { left: { kind: 'customer_field', name: 'language' } },
      },
    });
    expect(shape(typed('customer.language = "fr"'))).toMatchObject({ left: { kind: 'customer_field', name: 'language' } });
    expect(shape(typed('any(pets where customer.birth_date < birth_date)'))).toMatchObject({
      where: { left: { kind: 'customer_field', name: 'birth_date' }, right: { kind: 'record_field', collection: 'pets', name: 'birth_date' } },
    });
  });

  test('segmentations, scores, models', () => {
    expect(shape(typed('rf6 = "at_risk"'))).toMatchObject({ left: { kind: 'segmentation_label', type: 'string', segmentation: 'rf6' } });
    expect(shape(typed('"best" != rf6'))).toMatchObject({ right: { kind: 'segmentation_label', segmentation: 'rf6' } });
    expect(shape(typed('rf6 in ["best", "engaged"]'))).toMatchObject({ value: { kind: 'segmentation_label' } });
    expect(shape(typed('lifecycle is null'))).toMatchObject({ value: { kind: 'segmentation_label', segmentation: 'lifecycle' } });
    expect(shape(typed('rfm.r >= 4'))).toMatchObject({ left: { kind: 'segmentation_score', segmentation: 'rfm', score: 'r', type: 'number', fieldType: 'integer' } });
    expect(shape(typed('clv.p_alive < 0.3'))).toMatchObject({ left: { kind: 'model_output', model: 'clv', output: 'p_alive', type: 'number' } });
    expect(shape(typed('clusters = "c2"'))).toMatchObject({ left: { kind: 'model_label', model: 'clusters' } });
    expect(shape(typed('any(pets where customer.rf6 = "best" and rfm.m > 3)'))).toMatchObject({
      where: { left: { left: { kind: 'segmentation_label' } }, right: { left: { kind: 'segmentation_score' } } },
    });
  });

  test('aggregates and windows', () => {
    expect(shape(typed('sum(purchase.amount where categories contains "food" within 6 months) > 1000'))).toMatchObject({
      left: {
        kind: 'aggregate',
        type: 'number',
        fn: 'sum',
        source: { kind: 'event_type', name: 'purchase' },
        property: { name: 'amount', fieldType: 'number' },
        window: { kind: 'within', duration: { kind: 'duration', type: 'duration', amount: 6, unit: 'months' } },
      },
    });
    expect(shape(typed('last(visit) >= 30 days ago'))).toMatchObject({
      left: { kind: 'aggregate', type: 'timestamp', fn: 'last' },
      right: { kind: 'ago', type: 'timestamp', amount: 30, unit: 'days' },
    });
    expect(shape(typed('count(visit between 2024-01-01 and 2024-03-31T12:00:00) > 0'))).toMatchObject({
      left: { window: { kind: 'between', from: { type: 'date', value: '2024-01-01' }, to: { type: 'timestamp' } } },
    });
    expect(shape(typed('any(pets where count(purchase) > 2)'))).toMatchObject({ where: { left: { kind: 'aggregate', source: { kind: 'event_type' } } } });
  });

  test('types that go together', () => {
    for (const text of [
      'created_at >= birth_date',
      'first(purchase) < created_at',
      'last(visit) > 2 weeks ago',
      'distance(home, clinic) < 20',
      'distance(home, clinic) < rfm.monetary',
      '20 km > distance(home, point(0, 0))',
      'rfm.r = rfm.recency_days',
      'email_opt_in = true',
      'email_opt_in != (language = "fr")',
      'rfm.frequency + 1 between 2 and count(pets) * 2',
      'any(purchase where products contains order_id)',
      'language < "m"',
      'birth_date in [2020-01-01, 2021-01-01]',
      'not email_opt_in',
      'in segment "heart-dogs" or not in segment "senior-pets"',
    ]) {
      expect(typed(text).type, text).toBe('boolean');
    }
  });
});

describe('unknown names, with the nearest known one', () => {
  test.each([
    ['langage = "fr"', 'unknown-field', 'unknown field "langage" at 1:1, did you mean "language"?'],
    ['emial is null', 'unknown-field', 'unknown field "emial" at 1:1, did you mean "email"?'],
    ['zzz = 1', 'unknown-field', 'unknown field "zzz" at 1:1'],
    ['any(pets where specis = "cat")', 'unknown-field', 'unknown field "specis" at 1:16, did you mean "species"?'],
    ['any(purchase where amont > 1)', 'unknown-property', 'unknown property "amont" at 1:20, did you mean "amount"?'],
    ['sum(purchase.amont) > 1', 'unknown-property', 'unknown property "amont" at 1:1, did you mean "amount"?'],
    ['any(pet where species = "cat")', 'unknown-collection', 'unknown collection or event type "pet" at 1:1, did you mean "pets"?'],
    ['count(purchse) > 1', 'unknown-event-type', 'unknown collection or event type "purchse" at 1:1, did you mean "purchase"?'],
    ['count(visits within 3 days) > 1', 'unknown-event-type', 'unknown collection or event type "visits" at 1:1, did you mean "visit"?'],
    ['distance(home, clinc) < 20 km', 'unknown-place', 'unknown place "clinc" at 1:16, did you mean "clinic"?'],
    ['in segment "senior-pet"', 'unknown-segment', 'unknown segment "senior-pet" at 1:1, did you mean "senior-pets"?'],
    ['rf6 = "at_rsk"', 'unknown-label', 'unknown label "at_rsk" at 1:7, did you mean "at_risk"?'],
    ['rf6 in ["best", "bset"]', 'unknown-label', 'unknown label "bset" at 1:17, did you mean "best"?'],
    ['rf6 in ["best", "lost"]', 'unknown-label', 'unknown label "lost" at 1:17'],
    ['rf7 = "best"', 'unknown-field', 'unknown field "rf7" at 1:1, did you mean "rf6"?'],
    ['rfm.rr > 3', 'unknown-score', 'unknown score "rr" at 1:1, did you mean "r"?'],
    ['clv.p_aliv > 3', 'unknown-score', 'unknown output "p_aliv" at 1:1, did you mean "p_alive"?'],
    ['rmf.r > 3', 'unknown-segmentation', 'unknown segmentation or model "rmf" at 1:1, did you mean "rfm"?'],
    ['customer.langage = "fr"', 'unknown-field', 'unknown field "langage" at 1:1, did you mean "language"?'],
  ])('%s', (text, code, message) => {
    const [d, ...more] = errors(text);
    expect(more).toEqual([]);
    expect(d!.code).toBe(code);
    expect(d!.message).toBe(message);
  });

  test('hints list what is known', () => {
    expect(errors('any(pets where specis = "cat")')[0]!.hint).toBe(
      `the fields of "pets" are name, species, birth_date, conditions; customer.f reaches the customer's field f`,
    );
    expect(errors('any(pets where language = "fr")')[0]!.hint).toBe('"language" is a field of the customer: write customer.language');
  });

  test('every problem is reported, not just the first', () => {
    expect(messages('langage = "fr" and any(pets where specis = "cat") and language = 3')).toEqual([
      'unknown field "langage" at 1:1, did you mean "language"?',
      'unknown field "specis" at 1:35, did you mean "species"?',
      'cannot compare "language" (string) with 3 (number) at 1:55',
    ]);
  });
});

describe('type mismatches say what was found', () => {
  test.each([
    ['language = 3', 'cannot compare "language" (string) with 3 (number) at 1:1'],
    ['birth_date > "2020"', 'cannot compare "birth_date" (date) with "2020" (string) at 1:1'],
    ['created_at > 3 days', 'cannot compare "created_at" (timestamp) with 3 days (duration) at 1:1'],
    ['home = home', 'cannot compare "home" (geopoint) with "home" (geopoint) at 1:1'],
    ['any(pets where conditions = "x")', 'cannot compare "conditions" (list<string>) with "x" (string) at 1:16'],
    ['count(pets) = "2"', 'cannot compare count(pets) (number) with "2" (string) at 1:1'],
    ['email_opt_in < true', 'cannot use "<" on "email_opt_in" (boolean) at 1:1'],
    ['language between 1 and 2', 'cannot compare "language" (string) with 1 (number) at 1:1'],
    ['language in ["fr", 3]', 'cannot compare "language" (string) with 3 (number) at 1:20'],
    ['any(pets where conditions in ["x"])', 'cannot use "in" on "conditions" (list<string>) at 1:16'],
    ['email contains 3', 'cannot test whether "email" (string) contains 3 (number) at 1:1'],
    ['email contains ["a"]', '"contains" takes one value at 1:16'],
    ['email contains any ["a"]', '"contains any" needs a list field, found "email" (string) at 1:1'],
    ['any(pets where conditions contains all ["a", 1])', 'cannot compare the elements of "conditions" (list<string>) with 1 (number) at 1:46'],
    ['birth_date starts with "19"', '"starts with" needs text, found "birth_date" (date) at 1:1'],
    ['email matches 3', '"matches" needs text, found 3 (number) at 1:15'],
    ['language within 3 days', '"within" needs a date or a time, found "language" (string) at 1:1'],
    ['age(created_at) > 3', 'age() needs a date, found "created_at" (timestamp) at 1:5'],
    ['distance(home, language) < 3', 'distance() needs geopoints (a geopoint field, a place or point(lat, lon)), found "language" (string) at 1:16'],
    ['language + 1 > 2', '"+" needs numbers, found "language" (string) at 1:1'],
    ['distance(home, clinic) * 1000 < 500', '"*" needs numbers, found distance(home, clinic) (distance) at 1:1'],
    ['language', 'a rule must be a condition (true or false), found "language" (string) at 1:1'],
    ['count(pets)', 'a rule must be a condition (true or false), found count(pets) (number) at 1:1'],
    ['language = "fr" and email', 'expected a condition (true or false), found "email" (string) at 1:21'],
    ['any(pets where name)', 'expected a condition (true or false), found "name" (string) at 1:16'],
    ['rf6 > "best"', 'cannot compare "rf6" (segmentation) with ">" at 1:1'],
    ['rf6 = language', 'cannot compare "rf6" (segmentation) with "language" (string) at 1:1'],
    ['rf6', 'segmentation "rf6" can only be compared with one of its segments at 1:1'],
    ['clv = "x"', 'model "clv" has no segments at 1:1'],
    ['home = clinic', 'place "clinic" can only be used in distance() at 1:8'],
    ['pets = 3', 'collection "pets" is not a value at 1:1'],
    ['purchase.amount > 3', '"purchase.amount" used outside an aggregate at 1:1'],
    ['x in [1] and language = [1]', 'unknown field "x" at 1:1'],
    ['language = ["fr"]', 'a list can only follow "in", "not in", "contains any" or "contains all" at 1:12'],
    ['distance(home, point(91, 0)) < 3', 'latitude 91 out of range at 1:16, expected -90 to 90'],
    ['distance(home, point(0, -181)) < 3', 'longitude -181 out of range at 1:16, expected -180 to 180'],
  ])('%s', (text, message) => {
    expect(messages(text)[0]).toBe(message);
  });

  test('codes', () => {
    expect(errors('language = 3')[0]!.code).toBe('type-mismatch');
    expect(errors('created_at > 3 days')[0]!.hint).toBe('a relative date is written "3 days ago" (before it: < 3 days ago; since it: >= 3 days ago)');
  });
});

describe('aggregates and windows', () => {
  test.each([
    ['any(pets within 3 months)', 'invalid-window', 'a time window applies to events, and "pets" is a collection at 1:10'],
    ['count(visit between 2024-03-01 and 2024-01-01) > 0', 'invalid-window', 'the window ends (2024-01-01) before it starts (2024-03-01) at 1:13'],
    ['sum(purchase) > 3', 'invalid-aggregate', 'sum() needs a numeric property at 1:1, write sum(purchase.amount)'],
    ['count(purchase.amount) > 3', 'invalid-aggregate', 'count() takes no property at 1:1, write count(purchase)'],
    ['first(pets) < 3 days ago', 'invalid-aggregate', 'first(pets) needs an event type, "pets" is a collection at 1:1'],
    ['sum(purchase.categories) > 3', 'type-mismatch', 'sum() needs a numeric property, found "purchase.categories" (list<string>) at 1:1'],
    ['avg(pets.name) > 3', 'type-mismatch', 'avg() needs a numeric property, found "pets.name" (string) at 1:1'],
    ['max(pets.weight) > 3', 'unknown-field', 'unknown field "weight" at 1:1'],
  ])('%s', (text, code, message) => {
    const [d] = errors(text);
    expect([d!.code, d!.message]).toEqual([code, message]);
  });
});

describe('a window after an operand that is not a condition is a test of that operand', () => {
  const same = (text: string, meant: string) => expect(shape(typed(text)), text).toEqual(shape(typed(meant)));

  test('a date field of records: there is no window on records, and "birth_date" alone is no condition', () => {
    same('any(pets where birth_date between 2015-01-01 and 2015-12-31)', 'any(pets where (birth_date between 2015-01-01 and 2015-12-31))');
    same('count(pets where birth_date within 3 years) > 1', 'count(pets where (birth_date within 3 years)) > 1');
    // The test takes the last operand, as it would anywhere else: after and, or, not.
    same('any(pets where species = "cat" and not birth_date within 3 years)', 'any(pets where species = "cat" and not (birth_date within 3 years))');
    same('all(pets where species = "cat" or birth_date between 2024-01-01 and 2024-12-31)', 'all(pets where species = "cat" or (birth_date between 2024-01-01 and 2024-12-31))');
  });

  test('a condition before it keeps it a window', () => {
    expect(shape(typed('count(purchase where amount > 100 within 6 months) > 0'))).toMatchObject({
      left: { where: { kind: 'compare' }, window: { kind: 'within' } },
    });
    expect(messages('any(pets where species = "cat" within 3 months)')).toEqual(['a time window applies to events, and "pets" is a collection at 1:32']);
  });

  test('a test that does not fit says so', () => {
    expect(messages('any(pets where name between 2015-01-01 and 2015-12-31)')[0]).toMatch(/^cannot compare "name" \(string\) with 2015-01-01 \(date\)/);
  });
});

test('an AST without spans (built by hand or sent as JSON) is checked too, errors at 1:1', () => {
  const result = checkRule({ kind: 'ref', path: ['langage'] }, CLINIC);
  expect(result.diagnostics[0]!.message).toBe('unknown field "langage" at 1:1, did you mean "language"?');
  const ok = checkRule({ kind: 'ref', path: ['email_opt_in'] }, CLINIC);
  expect(ok.typed).toEqual({ kind: 'customer_field', type: 'boolean', name: 'email_opt_in', fieldType: 'boolean' });
});
