/**
 * The checked rule: a typed, resolved IR, the only input of the SQL compiler and of `explain`.
 *
 * Differences from the AST:
 * - every node has a `type` (`IrType`), and the whole rule has type `boolean`;
 * - names are resolved: a `ref` becomes `customer_field`, `record_field`, `event_property`,
 *   `segmentation_label`, `model_label`, `segmentation_score`, `model_output` or `place`;
 *   `customer.f` inside a `where` is a `customer_field` (the owner's);
 * - `quantifier`/`aggregate` know whether their source is a collection or an event type, and an
 *   aggregate's `property` carries its declared type;
 * - lists only appear as the literal `items` of `in` and `contains any/all`.
 *
 * Spans are kept (when the AST had them) so that `explain` can show each part of the rule.
 * Every `switch` over `kind` must end with `assertNever`, so that a new node cannot be forgotten.
 */
import type { AggregateFn, ArithOp, CompareOp, DurationUnit, QuantifierKind, TextMatchOp } from './ast.js';
import type { Span } from './span.js';
import type { FieldType } from '../workspace/types.js';

/** The type of an IR node. `integer` fields are `number` here (their `fieldType` keeps `integer`). */
export type IrType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'geopoint'
  | 'list<string>'
  | 'list<number>'
  | 'duration'
  | 'distance';

interface Node<K extends string, T extends IrType> {
  readonly kind: K;
  readonly type: T;
  readonly span?: Span;
}

// ---- logic and tests (all boolean) ---------------------------------------------------------

export interface IrAnd extends Node<'and', 'boolean'> {
  readonly left: TypedExpr;
  readonly right: TypedExpr;
}
export interface IrOr extends Node<'or', 'boolean'> {
  readonly left: TypedExpr;
  readonly right: TypedExpr;
}
export interface IrNot extends Node<'not', 'boolean'> {
  readonly operand: TypedExpr;
}
/** Sides of compatible types: text/text, number/number, date|timestamp/date|timestamp, boolean/boolean, distance/distance|number (km). */
export interface IrCompare extends Node<'compare', 'boolean'> {
  readonly op: CompareOp;
  readonly left: TypedExpr;
  readonly right: TypedExpr;
}
export interface IrBetween extends Node<'between', 'boolean'> {
  readonly value: TypedExpr;
  readonly low: TypedExpr;
  readonly high: TypedExpr;
}
/** `value [not] in [items]`; every item has the value's type (or is a label of the segmentation). */
export interface IrIn extends Node<'in', 'boolean'> {
  readonly value: TypedExpr;
  readonly items: readonly IrLiteral[];
  readonly negated: boolean;
}
export interface IrIsNull extends Node<'is_null', 'boolean'> {
  readonly value: TypedExpr;
  readonly negated: boolean;
}
/** `value.type` says which test: `string` (case-insensitive substring) or a list (has the element). */
export interface IrContainsOne extends Node<'contains', 'boolean'> {
  readonly mode: 'one';
  readonly value: TypedExpr;
  readonly operand: TypedExpr;
}
/** A list field has at least one (`any`) / every (`all`) element of `items`. */
export interface IrContainsList extends Node<'contains', 'boolean'> {
  readonly mode: 'any' | 'all';
  readonly value: TypedExpr;
  readonly items: readonly IrLiteral[];
}
export interface IrTextMatch extends Node<'text_match', 'boolean'> {
  readonly op: TextMatchOp;
  readonly value: TypedExpr;
  readonly pattern: TypedExpr;
}
/** A date or timestamp between `duration` before the evaluation time and the evaluation time. */
export interface IrWithin extends Node<'within', 'boolean'> {
  readonly value: TypedExpr;
  readonly duration: IrDuration;
}
export interface IrInSegment extends Node<'in_segment', 'boolean'> {
  readonly segment: string;
}

// ---- collections and events ------------------------------------------------------------------

/** What a quantifier or aggregate ranges over: the owning customer's records or events. */
export type IrSource = { readonly kind: 'collection'; readonly name: string } | { readonly kind: 'event_type'; readonly name: string };

/** A time window; only on event types. `between` bounds include their whole days. */
export type IrWindow =
  | { readonly kind: 'within'; readonly duration: IrDuration; readonly span?: Span }
  | { readonly kind: 'between'; readonly from: IrDateLiteral; readonly to: IrDateLiteral; readonly span?: Span };

export interface IrQuantifier extends Node<'quantifier', 'boolean'> {
  readonly quantifier: QuantifierKind;
  readonly source: IrSource;
  /** Resolved in the source's scope: names are its record fields or event properties. */
  readonly where?: TypedExpr;
  readonly window?: IrWindow;
}
/**
 * `count` (number, 0 over none), `sum`/`avg`/`min`/`max` of a numeric `property` (number; sum 0
 * over none, the others missing), `first`/`last` event time (timestamp, missing over none).
 */
export interface IrAggregate extends Node<'aggregate', 'number' | 'timestamp'> {
  readonly fn: AggregateFn;
  readonly source: IrSource;
  readonly property?: { readonly name: string; readonly fieldType: FieldType };
  readonly where?: TypedExpr;
  readonly window?: IrWindow;
}

// ---- values ----------------------------------------------------------------------------------

export type IrLiteral =
  | (Node<'literal', 'string'> & { readonly value: string })
  | (Node<'literal', 'number'> & { readonly value: number })
  | (Node<'literal', 'boolean'> & { readonly value: boolean })
  | IrDateLiteral;
/** Dates are `YYYY-MM-DD`; timestamps are the ISO text as written (no offset: workspace time zone). */
export type IrDateLiteral = (Node<'literal', 'date'> & { readonly value: string }) | (Node<'literal', 'timestamp'> & { readonly value: string });

export interface IrDuration extends Node<'duration', 'duration'> {
  readonly amount: number;
  readonly unit: DurationUnit;
}
/** `N unit ago`: the instant that long before the evaluation time (calendar arithmetic for months and years). */
export interface IrAgo extends Node<'ago', 'timestamp'> {
  readonly amount: number;
  readonly unit: DurationUnit;
}
export interface IrDistanceLiteral extends Node<'distance_literal', 'distance'> {
  readonly amount: number;
  readonly unit: 'km' | 'm';
  /** The same distance in kilometres. */
  readonly km: number;
}
export interface IrCustomerField extends Node<'customer_field', IrType> {
  readonly name: string;
  readonly fieldType: FieldType;
}
export interface IrRecordField extends Node<'record_field', IrType> {
  readonly collection: string;
  readonly name: string;
  readonly fieldType: FieldType;
}
export interface IrEventProperty extends Node<'event_property', IrType> {
  readonly eventType: string;
  readonly name: string;
  readonly fieldType: FieldType;
}
/** The customer's segment in a segmentation; only compared (`=`, `!=`, `in`) with its labels, or tested with `is null`. */
export interface IrSegmentationLabel extends Node<'segmentation_label', 'string'> {
  readonly segmentation: string;
}
/** The customer's segment (cluster) in a model that has segments; used like `segmentation_label`. */
export interface IrModelLabel extends Node<'model_label', 'string'> {
  readonly model: string;
}
export interface IrSegmentationScore extends Node<'segmentation_score', IrType> {
  readonly segmentation: string;
  readonly score: string;
  readonly fieldType: FieldType;
}
export interface IrModelOutput extends Node<'model_output', IrType> {
  readonly model: string;
  readonly output: string;
  readonly fieldType: FieldType;
}
export interface IrPlace extends Node<'place', 'geopoint'> {
  readonly name: string;
}
export interface IrPoint extends Node<'point', 'geopoint'> {
  readonly lat: number;
  readonly lon: number;
}
export interface IrArith extends Node<'arith', 'number'> {
  readonly op: ArithOp;
  readonly left: TypedExpr;
  readonly right: TypedExpr;
}
/** Completed years since a date, at the evaluation date. */
export interface IrAge extends Node<'age', 'number'> {
  readonly value: TypedExpr;
}
/** Great-circle distance in km between two geopoints. */
export interface IrDistance extends Node<'distance', 'distance'> {
  readonly from: TypedExpr;
  readonly to: TypedExpr;
}

/** A checked rule, or any part of one. */
export type TypedExpr =
  | IrAnd
  | IrOr
  | IrNot
  | IrCompare
  | IrBetween
  | IrIn
  | IrIsNull
  | IrContainsOne
  | IrContainsList
  | IrTextMatch
  | IrWithin
  | IrInSegment
  | IrQuantifier
  | IrAggregate
  | IrLiteral
  | IrDuration
  | IrAgo
  | IrDistanceLiteral
  | IrCustomerField
  | IrRecordField
  | IrEventProperty
  | IrSegmentationLabel
  | IrModelLabel
  | IrSegmentationScore
  | IrModelOutput
  | IrPlace
  | IrPoint
  | IrArith
  | IrAge
  | IrDistance;

export type TypedKind = TypedExpr['kind'];

/** The IR type of a declared field type. */
export function irTypeOf(fieldType: FieldType): IrType {
  return fieldType === 'integer' ? 'number' : fieldType;
}

/** For the end of exhaustive switches: a compile error when a case is missing. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
