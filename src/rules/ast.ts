/**
 * The rule AST: TypeBox schemas are the single source of both the TypeScript types (`Static<>`)
 * and the JSON Schema of the HTTP API (`RULE_JSON_SCHEMA`, committed as `schema/rule.schema.json`).
 *
 * A rule is one `Expr`: a readonly union discriminated by `kind`. Every node may carry a `span`
 * (the parser always sets it; ASTs built by hand or sent as JSON may omit it). The checker, not the
 * parser, decides what is a condition: any expression may stand where one is expected
 * (`email_opt_in`), and names (`ref`) are resolved against the workspace only by the checker.
 *
 * Nodes, by group:
 * - logic: `and`, `or` (binary, left-associative), `not`;
 * - tests: `compare`, `between`, `in` (a `list` of literals, `negated` for `not in`), `is_null`,
 *   `contains` (`mode` `one` with any operand, `any`/`all` with a `list`), `text_match`
 *   (`starts with`, `ends with`, `matches`), `within` (`f within 90 days`), `in_segment`;
 * - related records and events: `quantifier` (`any`/`all`/`none`), `aggregate`
 *   (`count`/`sum`/`avg`/`min`/`max`/`first`/`last`, with `property` for `sum(purchase.amount)`),
 *   each with an optional `where` condition and an optional time `window`;
 * - values: `literal`, `list`, `duration`, `distance_literal`, `ago`, `ref`, `arith`, `age`,
 *   `distance`, `point`.
 */
import { Type, type Static, type TProperties } from '@sinclair/typebox';

export const PositionSchema = Type.Object(
  {
    line: Type.Integer({ minimum: 1 }),
    column: Type.Integer({ minimum: 1 }),
    offset: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const SpanSchema = Type.Object({ start: PositionSchema, end: PositionSchema }, { additionalProperties: false });

/** A node schema: `kind`, the given properties and an optional `span`; nothing else. */
function node<K extends string, P extends TProperties>(kind: K, properties: P, description: string) {
  return Type.Object(
    { kind: Type.Literal(kind), ...properties, span: Type.Optional(SpanSchema) },
    { additionalProperties: false, description },
  );
}

/** A field, collection, event type or property name as written (backticks removed). */
export const NameSchema = Type.String({ minLength: 1, pattern: '^[^\\r\\n]+$' });

export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
export const TIMESTAMP_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$';

export const StringLiteralSchema = node('literal', { type: Type.Literal('string'), value: Type.String() }, 'A text.');
export const NumberLiteralSchema = node('literal', { type: Type.Literal('number'), value: Type.Number() }, 'A number.');
export const BooleanLiteralSchema = node('literal', { type: Type.Literal('boolean'), value: Type.Boolean() }, 'true or false.');
export const DateLiteralSchema = node(
  'literal',
  { type: Type.Literal('date'), value: Type.String({ pattern: DATE_PATTERN }) },
  'A calendar date, YYYY-MM-DD.',
);
export const TimestampLiteralSchema = node(
  'literal',
  { type: Type.Literal('timestamp'), value: Type.String({ pattern: TIMESTAMP_PATTERN }) },
  'An ISO date and time, as written; without an offset it is in the workspace time zone.',
);

export const LiteralSchema = Type.Union([
  StringLiteralSchema,
  NumberLiteralSchema,
  BooleanLiteralSchema,
  DateLiteralSchema,
  TimestampLiteralSchema,
]);

export const DateOrTimestampLiteralSchema = Type.Union([DateLiteralSchema, TimestampLiteralSchema]);

export const DurationUnitSchema = Type.Union([
  Type.Literal('hours'),
  Type.Literal('days'),
  Type.Literal('weeks'),
  Type.Literal('months'),
  Type.Literal('years'),
]);

export const DurationSchema = node(
  'duration',
  { amount: Type.Integer({ minimum: 0 }), unit: DurationUnitSchema },
  'A length of time: `90 days`.',
);

export const ListSchema = node('list', { items: Type.Array(LiteralSchema) }, 'A list of literals: `["de", "it"]`.');

export const WindowSchema = Type.Union([
  node('within', { duration: DurationSchema }, 'Events in the given time before the evaluation time.'),
  node(
    'between',
    { from: DateOrTimestampLiteralSchema, to: DateOrTimestampLiteralSchema },
    'Events between two dates or times, both included (a date includes its whole day).',
  ),
]);

export const CompareOpSchema = Type.Union([
  Type.Literal('='),
  Type.Literal('!='),
  Type.Literal('<'),
  Type.Literal('<='),
  Type.Literal('>'),
  Type.Literal('>='),
]);
export const AggregateFnSchema = Type.Union([
  Type.Literal('count'),
  Type.Literal('sum'),
  Type.Literal('avg'),
  Type.Literal('min'),
  Type.Literal('max'),
  Type.Literal('first'),
  Type.Literal('last'),
]);

/** The schema of a whole rule (recursive: `$ref` points back at this document). */
export const ExprSchema = Type.Recursive(
  (Expr) =>
    Type.Union([
      node('and', { left: Expr, right: Expr }, 'Both conditions.'),
      node('or', { left: Expr, right: Expr }, 'Either condition.'),
      node('not', { operand: Expr }, 'True exactly when the operand is false.'),
      node('compare', { op: CompareOpSchema, left: Expr, right: Expr }, 'A comparison.'),
      node('between', { value: Expr, low: Expr, high: Expr }, '`value between low and high`, both included.'),
      node('in', { value: Expr, items: ListSchema, negated: Type.Boolean() }, '`value in [..]` or `value not in [..]`.'),
      node('is_null', { value: Expr, negated: Type.Boolean() }, '`value is null` or `value is not null`.'),
      node(
        'contains',
        { value: Expr, mode: Type.Literal('one'), operand: Expr },
        'Text: case-insensitive substring; list: has the element.',
      ),
      node(
        'contains',
        { value: Expr, mode: Type.Union([Type.Literal('any'), Type.Literal('all')]), operand: ListSchema },
        'A list field has at least one / every element of the list.',
      ),
      node(
        'text_match',
        {
          op: Type.Union([Type.Literal('starts_with'), Type.Literal('ends_with'), Type.Literal('matches')]),
          value: Expr,
          pattern: Expr,
        },
        '`starts with`, `ends with` (case-insensitive) or `matches` (regular expression).',
      ),
      node('within', { value: Expr, duration: DurationSchema }, 'A date or time in the given time before the evaluation time.'),
      node('in_segment', { segment: Type.String() }, '`in segment "id"`.'),
      node(
        'quantifier',
        {
          quantifier: Type.Union([Type.Literal('any'), Type.Literal('all'), Type.Literal('none')]),
          source: NameSchema,
          where: Type.Optional(Expr),
          window: Type.Optional(WindowSchema),
        },
        '`any(pets where C)`: over the records of a collection or the events of a type.',
      ),
      node(
        'aggregate',
        {
          fn: AggregateFnSchema,
          source: NameSchema,
          property: Type.Optional(NameSchema),
          where: Type.Optional(Expr),
          window: Type.Optional(WindowSchema),
        },
        '`count(purchase where C within 6 months)`, `sum(purchase.amount)`, `last(visit)`.',
      ),
      StringLiteralSchema,
      NumberLiteralSchema,
      BooleanLiteralSchema,
      DateLiteralSchema,
      TimestampLiteralSchema,
      ListSchema,
      DurationSchema,
      node('distance_literal', { amount: Type.Number({ minimum: 0 }), unit: Type.Union([Type.Literal('km'), Type.Literal('m')]) }, '`20 km`, `500 m`.'),
      node('ago', { amount: Type.Integer({ minimum: 0 }), unit: DurationUnitSchema }, '`30 days ago`: that long before the evaluation time.'),
      node('ref', { path: Type.Array(NameSchema, { minItems: 1 }) }, 'A name or dotted path: `language`, `customer.language`, `rfm.r`.'),
      node(
        'arith',
        {
          op: Type.Union([Type.Literal('+'), Type.Literal('-'), Type.Literal('*'), Type.Literal('/')]),
          left: Expr,
          right: Expr,
        },
        'Arithmetic between numbers.',
      ),
      node('age', { value: Expr }, '`age(f)`: completed years since a date.'),
      node('distance', { from: Expr, to: Expr }, '`distance(g, place)`: great-circle distance in km.'),
      node('point', { lat: Type.Number(), lon: Type.Number() }, '`point(lat, lon)`.'),
    ]),
  { $id: 'rule.schema.json', title: 'Segmenta rule', description: 'A segment rule as a typed AST (rules.md).' },
);

/** Makes every property and array of `T`, at every depth, readonly. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A rule, or any part of one. */
export type Expr = DeepReadonly<Static<typeof ExprSchema>>;
export type ExprKind = Expr['kind'];
/** The node of the given kind. */
export type ExprOf<K extends ExprKind> = Extract<Expr, { readonly kind: K }>;

export type Literal = DeepReadonly<Static<typeof LiteralSchema>>;
export type DateOrTimestampLiteral = DeepReadonly<Static<typeof DateOrTimestampLiteralSchema>>;
export type ListExpr = DeepReadonly<Static<typeof ListSchema>>;
export type DurationExpr = DeepReadonly<Static<typeof DurationSchema>>;
export type DurationUnit = Static<typeof DurationUnitSchema>;
export type Window = DeepReadonly<Static<typeof WindowSchema>>;
export type CompareOp = ExprOf<'compare'>['op'];
export type ArithOp = ExprOf<'arith'>['op'];
export type AggregateFn = ExprOf<'aggregate'>['fn'];
export type QuantifierKind = ExprOf<'quantifier'>['quantifier'];
export type TextMatchOp = ExprOf<'text_match'>['op'];
export type LiteralType = Literal['type'];

/** The JSON Schema (draft 07) of a rule's AST: what `schema/rule.schema.json` holds. */
export const RULE_JSON_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(
  JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...ExprSchema }),
) as Record<string, unknown>;
