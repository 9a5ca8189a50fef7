import { Value } from '@sinclair/typebox/value';
import { describe, expect, test } from 'vitest';
import { ExprSchema, parseRule, stripSpans, walk, type Expr } from '../../src/rules/index.js';
import { CLINIC_RULES } from './clinic-environment.js';
import { expectRoundTrip, parseOk } from './helpers.js';
import { RULES_MD_EXAMPLES } from './rules-md-forms.js';

const ref = (...path: string[]): Expr => ({ kind: 'ref', path });
const str = (value: string): Expr => ({ kind: 'literal', type: 'string', value });
const num = (value: number): Expr => ({ kind: 'literal', type: 'number', value });
const ast = (text: string): Expr => stripSpans(parseOk(text));

describe('every example and form of rules.md', () => {
  test.each(RULES_MD_EXAMPLES)('%s', (text) => {
    const parsed = parseOk(text);
    expect(Value.Check(ExprSchema, parsed)).toBe(true);
    for (const node of walk(parsed)) expect(node.span, `${node.kind} in ${text}`).toBeDefined();
    expectRoundTrip(text);
  });

  test.each([...CLINIC_RULES])('the clinic rule %s', (_id, text) => {
    expectRoundTrip(text);
  });
});

describe('shapes', () => {
  test('the opening example', () => {
    expect(ast(RULES_MD_EXAMPLES[0]!)).toEqual({
      kind: 'and',
      left: {
        kind: 'and',
        left: { kind: 'compare', op: '=', left: ref('language'), right: str('fr') },
        right: {
          kind: 'compare',
          op: '<',
          left: { kind: 'distance', from: ref('home'), to: ref('clinic') },
          right: { kind: 'distance_literal', amount: 20, unit: 'km' },
        },
      },
      right: {
        kind: 'quantifier',
        quantifier: 'any',
        source: 'pets',
        where: {
          kind: 'and',
          left: { kind: 'compare', op: '=', left: ref('species'), right: str('cat') },
          right: { kind: 'contains', mode: 'one', value: ref('conditions'), operand: str('chronic kidney disease') },
        },
      },
    });
  });

  test('precedence: or · and · not · comparison · + - · * /', () => {
    expect(ast('a or b and not c = 1 + 2 * 3')).toEqual({
      kind: 'or',
      left: ref('a'),
      right: {
        kind: 'and',
        left: ref('b'),
        right: {
          kind: 'not',
          operand: {
            kind: 'compare',
            op: '=',
            left: ref('c'),
            right: { kind: 'arith', op: '+', left: num(1), right: { kind: 'arith', op: '*', left: num(2), right: num(3) } },
          },
        },
      },
    });
  });

  test('binary operators associate to the left; parentheses keep a right-nested shape', () => {
    expect(ast('a and b and c')).toEqual({ kind: 'and', left: { kind: 'and', left: ref('a'), right: ref('b') }, right: ref('c') });
    expect(ast('a and (b and c)')).toEqual({ kind: 'and', left: ref('a'), right: { kind: 'and', left: ref('b'), right: ref('c') } });
    expect(ast('x - y - z')).toEqual({ kind: 'arith', op: '-', left: { kind: 'arith', op: '-', left: ref('x'), right: ref('y') }, right: ref('z') });
  });

  test('between takes its own and', () => {
    expect(ast('x between 1 and 2 and y')).toEqual({
      kind: 'and',
      left: { kind: 'between', value: ref('x'), low: num(1), high: num(2) },
      right: ref('y'),
    });
  });

  test('negative numbers, and minus as an operator', () => {
    expect(ast('x = -3')).toEqual({ kind: 'compare', op: '=', left: ref('x'), right: num(-3) });
    expect(ast('x -3 > 0')).toEqual(ast('x - 3 > 0'));
    expect(ast('x - -3.5 > 0')).toEqual({
      kind: 'compare',
      op: '>',
      left: { kind: 'arith', op: '-', left: ref('x'), right: num(-3.5) },
      right: num(0),
    });
    expect(ast('x in [-1, 2]')).toEqual({ kind: 'in', value: ref('x'), negated: false, items: { kind: 'list', items: [num(-1), num(2)] } });
  });

  test('keywords in any case; names keep theirs', () => {
    expect(ast('NOT Language IS NOT NULL AND x CONTAINS ANY ["a"] Or y STARTS WITH "b"')).toEqual(
      ast('not Language is not null and x contains any ["a"] or y starts with "b"'),
    );
    expect(ast('ANY(pets WHERE x) and COUNT(visit WITHIN 3 MONTHS) > 1 and IN SEGMENT "s" and d < 2 YEARS AGO and TRUE')).toEqual(
      ast('any(pets where x) and count(visit within 3 months) > 1 and in segment "s" and d < 2 years ago and true'),
    );
    expect(ast('Language = 1')).not.toEqual(ast('language = 1'));
  });

  test('comments and layout are insignificant', () => {
    expect(ast('# who\nlanguage   =\n\t"fr" # French\n\r\n  and x # done')).toEqual(ast('language = "fr" and x'));
    expect(ast('email = "#not a comment"')).toEqual({ kind: 'compare', op: '=', left: ref('email'), right: str('#not a comment') });
  });

  test('strings: escapes and any Unicode', () => {
    const value = (text: string): unknown => (ast(`x = ${text}`) as { right: { value: unknown } }).right.value;
    expect(value('"O\'Neil"')).toBe("O'Neil");
    expect(value('"Zoé"')).toBe('Zoé');
    expect(value('"a\\"b"')).toBe('a"b');
    expect(value('"a\\\\b"')).toBe('a\\b');
    expect(value('"a\\nb\\tc"')).toBe('a\nb\tc');
    expect(value('"\\u00E9\\u00e9"')).toBe('éé');
    expect(value('"\\uD83D\\uDE00 😀 日本"')).toBe('😀 😀 日本');
  });

  test('backticked names, also for keywords, and keywords as names after a dot', () => {
    expect(ast('`e-mail` is null')).toEqual({ kind: 'is_null', value: ref('e-mail'), negated: false });
    expect(ast('`and` = 1 and `a``b` = 2')).toEqual({
      kind: 'and',
      left: { kind: 'compare', op: '=', left: ref('and'), right: num(1) },
      right: { kind: 'compare', op: '=', left: ref('a`b'), right: num(2) },
    });
    expect(ast('customer.`first name` = customer.in')).toEqual({
      kind: 'compare',
      op: '=',
      left: ref('customer', 'first name'),
      right: ref('customer', 'in'),
    });
    expect(ast('sum(`my events`.`the amount`) > 0')).toEqual({
      kind: 'compare',
      op: '>',
      left: { kind: 'aggregate', fn: 'sum', source: 'my events', property: 'the amount' },
      right: num(0),
    });
  });

  test('contextual words stay free as names', () => {
    expect(ast('count > 3 and m = days and segment = distance')).toEqual({
      kind: 'and',
      left: {
        kind: 'and',
        left: { kind: 'compare', op: '>', left: ref('count'), right: num(3) },
        right: { kind: 'compare', op: '=', left: ref('m'), right: ref('days') },
      },
      right: { kind: 'compare', op: '=', left: ref('segment'), right: ref('distance') },
    });
    expect(ast('rfm.m >= 4')).toEqual({ kind: 'compare', op: '>=', left: ref('rfm', 'm'), right: num(4) });
  });

  test('literals: dates, times, durations, distances', () => {
    const right = (text: string): unknown => (ast(`x = ${text}`) as { right: unknown }).right;
    expect(right('2024-02-29')).toEqual({ kind: 'literal', type: 'date', value: '2024-02-29' });
    expect(right('2024-02-29T10:30:00')).toEqual({ kind: 'literal', type: 'timestamp', value: '2024-02-29T10:30:00' });
    expect(right('2024-02-29T10:30')).toEqual({ kind: 'literal', type: 'timestamp', value: '2024-02-29T10:30' });
    expect(right('2024-02-29T10:30:00.250Z')).toEqual({ kind: 'literal', type: 'timestamp', value: '2024-02-29T10:30:00.250Z' });
    expect(right('2024-02-29T10:30:00+01:00')).toEqual({ kind: 'literal', type: 'timestamp', value: '2024-02-29T10:30:00+01:00' });
    expect(right('1 day')).toEqual({ kind: 'duration', amount: 1, unit: 'days' });
    expect(right('6 MONTHS ago')).toEqual({ kind: 'ago', amount: 6, unit: 'months' });
    expect(right('0.5 km')).toEqual({ kind: 'distance_literal', amount: 0.5, unit: 'km' });
    expect(right('500m')).toEqual({ kind: 'distance_literal', amount: 500, unit: 'm' });
    expect(right('[]')).toEqual({ kind: 'list', items: [] });
  });

  test('a window is the within/between written last in the parentheses', () => {
    expect(ast('count(purchase where categories contains "food" within 6 months)')).toEqual({
      kind: 'aggregate',
      fn: 'count',
      source: 'purchase',
      where: { kind: 'contains', mode: 'one', value: ref('categories'), operand: str('food') },
      window: { kind: 'within', duration: { kind: 'duration', amount: 6, unit: 'months' } },
    });
    expect(ast('any(visit where paid within 3 months)')).toMatchObject({ where: ref('paid'), window: { kind: 'within' } });
    expect(ast('any(visit where (paid within 3 months))')).toMatchObject({ where: { kind: 'within' } });
    expect(ast('any(visit where paid within 3 days and x within 3 months)')).toMatchObject({
      where: { kind: 'and', left: { kind: 'within', value: ref('paid') }, right: ref('x') },
      window: { kind: 'within' },
    });
    expect(ast('any(purchase where amount between 10 and 20)')).toMatchObject({ where: { kind: 'between' } });
    expect(ast('any(purchase where d between 2024-01-01 and 2024-02-01)')).toMatchObject({
      where: ref('d'),
      window: { kind: 'between', from: { value: '2024-01-01' }, to: { value: '2024-02-01' } },
    });
    expect(ast('x within 3 days')).toEqual({ kind: 'within', value: ref('x'), duration: { kind: 'duration', amount: 3, unit: 'days' } });
  });
});

describe('spans', () => {
  test('every node has line, column and offset', () => {
    const text = 'language = "fr"\nand distance(home, clinic) < 20 km';
    const parsed = parseOk(text);
    const spans = [...walk(parsed)].map((n) => [n.kind, n.span!.start.line, n.span!.start.column, text.slice(n.span!.start.offset, n.span!.end.offset)]);
    expect(spans).toEqual([
      ['and', 1, 1, text],
      ['compare', 1, 1, 'language = "fr"'],
      ['ref', 1, 1, 'language'],
      ['literal', 1, 12, '"fr"'],
      ['compare', 2, 5, 'distance(home, clinic) < 20 km'],
      ['distance', 2, 5, 'distance(home, clinic)'],
      ['ref', 2, 14, 'home'],
      ['ref', 2, 20, 'clinic'],
      ['distance_literal', 2, 30, '20 km'],
    ]);
    expect(parsed.span!.end).toEqual({ line: 2, column: 35, offset: text.length });
  });

  test('a parenthesised operand belongs to the span of its parent', () => {
    const parsed = parseOk('(a or b) and c');
    expect(parsed.span).toMatchObject({ start: { column: 1 }, end: { column: 15 } });
    expect((parsed as { left: Expr }).left.span).toMatchObject({ start: { column: 2 }, end: { column: 8 } });
  });

  test('windows and their parts have spans', () => {
    const parsed = parseOk('count(visit between 2024-01-01 and 2024-02-01) > 1') as { left: { window: { span: unknown; from: { span: unknown } } } };
    expect(parsed.left.window.span).toMatchObject({ start: { column: 13 }, end: { column: 46 } });
    expect(parsed.left.window.from.span).toMatchObject({ start: { column: 21 } });
  });

  test('CRLF line ends count as one line break', () => {
    const parsed = parseOk('a\r\nand b');
    expect((parsed as { right: Expr }).right.span!.start).toEqual({ line: 2, column: 5, offset: 7 });
  });
});

test('parseRule never throws, whatever the input', () => {
  for (const text of ['', '(', ')', '"', '`', '[', '-', '#', '\u0000', 'a.', 'any(', 'count(x.', 'in', 'not', '1 days ago ago']) {
    const result = parseRule(text);
    expect(result.ast === undefined).toBe(result.diagnostics.length > 0);
  }
});
