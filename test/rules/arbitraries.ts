/**
 * fast-check generators of rule ASTs that fit the schema: every node kind, deep nesting,
 * negative and extreme numbers, strings with quotes, backslashes, controls and any Unicode,
 * names that need backticks (keywords in any case, punctuation, spaces, backticks).
 */
import fc from 'fast-check';
import type { DateOrTimestampLiteral, DurationExpr, Expr, ListExpr, Literal, Window } from '../../src/rules/ast.js';

const tricky = fc.constantFrom('"', '\\', '\n', '\t', '\r', 'é', 'O', "'", '\u0000', '\u007f', '\ud800', '\udc00', '😀', '`', '#', ' ', 'a');

export const stringValue: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: tricky, maxLength: 8 }),
  fc.constantFrom("O'Neil", 'Zoé', 'a"b', 'chronic kidney disease', ''),
);

const keywordLike = fc.constantFrom(
  'and', 'OR', 'Not', 'in', 'IS', 'null', 'True', 'false', 'between', 'contains', 'starts', 'ends', 'with', 'matches',
  'within', 'where', 'any', 'all', 'none', 'count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'age', 'distance',
  'point', 'segment', 'days', 'day', 'km', 'm', 'ago', 'customer',
);

export const name: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
  keywordLike,
  fc.constantFrom('e-mail', 'prénom', 'a b', 'x`y', '``', '1st', 'rf6', ' lead'),
  fc.string({ unit: fc.constantFrom('a', '-', '`', ' ', 'é', '.', '"', '😀'), minLength: 1, maxLength: 6 }),
);

const number: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -3, 4.5, 1e21, 1.5e-7, -2.5e300, Number.MAX_VALUE, Number.MIN_VALUE),
);

const two = (n: number): string => String(n).padStart(2, '0');

export const dateText: fc.Arbitrary<string> = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export const timestampText: fc.Arbitrary<string> = fc
  .tuple(
    dateText,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.option(fc.tuple(fc.integer({ min: 0, max: 59 }), fc.option(fc.stringMatching(/^\.[0-9]{1,6}$/)))),
    fc.constantFrom('', 'Z', '+01:00', '-05:30', '+14:00'),
  )
  .map(([d, h, m, s, zone]) => {
    const seconds = s === null ? '' : `:${two(s[0])}${s[1] ?? ''}`;
    return `${d}T${two(h)}:${two(m)}${seconds}${zone}`;
  });

export const dateOrTimestamp: fc.Arbitrary<DateOrTimestampLiteral> = fc.oneof(
  dateText.map((value) => ({ kind: 'literal', type: 'date', value }) as const),
  timestampText.map((value) => ({ kind: 'literal', type: 'timestamp', value }) as const),
);

export const literal: fc.Arbitrary<Literal> = fc.oneof(
  stringValue.map((value) => ({ kind: 'literal', type: 'string', value }) as const),
  number.map((value) => ({ kind: 'literal', type: 'number', value }) as const),
  fc.boolean().map((value) => ({ kind: 'literal', type: 'boolean', value }) as const),
  dateOrTimestamp,
);

export const list: fc.Arbitrary<ListExpr> = fc.array(literal, { maxLength: 4 }).map((items) => ({ kind: 'list', items }));

const unit = fc.constantFrom('hours', 'days', 'weeks', 'months', 'years');
const amount = fc.oneof(fc.nat({ max: 400 }), fc.constantFrom(0, 1, 1e21));

export const duration: fc.Arbitrary<DurationExpr> = fc.record({ kind: fc.constant('duration'), amount, unit });

export const window: fc.Arbitrary<Window> = fc.oneof(
  duration.map((d) => ({ kind: 'within', duration: d }) as const),
  fc.record({ kind: fc.constant('between'), from: dateOrTimestamp, to: dateOrTimestamp }),
);

const nonNegative = fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 0.5, 20, 500));

/** Any rule AST; `depthSize` sets how deep trees tend to go. */
export function exprArbitrary(depthSize: fc.DepthSize = 'small'): fc.Arbitrary<Expr> {
  return fc.letrec<{ expr: Expr }>((tie) => {
  const e = tie('expr');
  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    literal,
    list,
    duration,
    fc.record({ kind: fc.constant('ago'), amount, unit }),
    fc.record({ kind: fc.constant('distance_literal'), amount: nonNegative, unit: fc.constantFrom('km', 'm') }),
    fc.array(name, { minLength: 1, maxLength: 3 }).map((path) => ({ kind: 'ref', path }) as const),
    fc.record({ kind: fc.constant('point'), lat: number, lon: number }),
    stringValue.map((segment) => ({ kind: 'in_segment', segment }) as const),
  );
  const where = { where: e, window };
  const node: fc.Arbitrary<Expr> = fc.oneof(
    fc.record({ kind: fc.constantFrom('and', 'or'), left: e, right: e }),
    fc.record({ kind: fc.constant('not'), operand: e }),
    fc.record({ kind: fc.constant('compare'), op: fc.constantFrom('=', '!=', '<', '<=', '>', '>='), left: e, right: e }),
    fc.record({ kind: fc.constant('between'), value: e, low: e, high: e }),
    fc.record({ kind: fc.constant('between'), value: e, low: dateOrTimestamp, high: dateOrTimestamp }),
    fc.record({ kind: fc.constant('in'), value: e, items: list, negated: fc.boolean() }),
    fc.record({ kind: fc.constant('is_null'), value: e, negated: fc.boolean() }),
    fc.record({ kind: fc.constant('contains'), value: e, mode: fc.constant('one'), operand: e }),
    fc.record({ kind: fc.constant('contains'), value: e, mode: fc.constantFrom('any', 'all'), operand: list }),
    fc.record({ kind: fc.constant('text_match'), op: fc.constantFrom('starts_with', 'ends_with', 'matches'), value: e, pattern: e }),
    fc.record({ kind: fc.constant('within'), value: e, duration }),
    fc.record(
      { kind: fc.constant('quantifier'), quantifier: fc.constantFrom('any', 'all', 'none'), source: name, ...where },
      { requiredKeys: ['kind', 'quantifier', 'source'] },
    ),
    fc.record(
      {
        kind: fc.constant('aggregate'),
        fn: fc.constantFrom('count', 'sum', 'avg', 'min', 'max', 'first', 'last'),
        source: name,
        property: name,
        ...where,
      },
      { requiredKeys: ['kind', 'fn', 'source'] },
    ),
    fc.record({ kind: fc.constant('arith'), op: fc.constantFrom('+', '-', '*', '/'), left: e, right: e }),
    fc.record({ kind: fc.constant('age'), value: e }),
    fc.record({ kind: fc.constant('distance'), from: e, to: e }),
  );
  return { expr: fc.oneof({ depthSize, withCrossShrink: true }, leaf, node) as fc.Arbitrary<Expr> };
  }).expr;
}

export const expr: fc.Arbitrary<Expr> = exprArbitrary();
