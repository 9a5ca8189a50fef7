/**
 * Values of a rule as SQL operands: fields, literals, relative instants, arithmetic, `age()`,
 * `distance()` and aggregates. A value may be missing (NULL); conditions make comparisons with
 * missing values false.
 */
import { assertNever, type TypedExpr } from '../rules/index.js';
import { dateParts, instantBefore, timestampLiteral } from '../time/calendar.js';
import { CompileError, type Compilation, type Scope } from './compilation.js';
import { condition } from './conditions.js';
import { aggregateOperand } from './sources.js';
import { sqlOf, type Operand } from './temporal.js';
import { latColumn, lonColumn, propertyColumn } from '../store/tables.js';
import type { FieldType } from '../workspace/types.js';

/** Earth radius for great-circle distances (rules.md: 6371.0088 km, the IUGG mean radius). */
export const EARTH_RADIUS_KM = 6371.0088;

function temporalOf(fieldType: FieldType): 'instant' | 'date' | undefined {
  return fieldType === 'timestamp' ? 'instant' : fieldType === 'date' ? 'date' : undefined;
}

function column(sql: string, fieldType: FieldType): Operand {
  const temporal = temporalOf(fieldType);
  return temporal === undefined ? { kind: 'sql', sql } : { kind: 'sql', sql, temporal };
}

/** The row alias of the owning customer in `scope` (joining it when inside a record or event). */
export function ownerAlias(scope: Scope): string {
  if (scope.kind === 'customer') return scope.alias;
  scope.ownerRow!.used = true;
  return scope.ownerRow!.alias;
}

export function operand(c: Compilation, e: TypedExpr, scope: Scope): Operand {
  const q = (name: string) => c.q(name);
  switch (e.kind) {
    case 'literal':
      switch (e.type) {
        case 'string':
          return { kind: 'sql', sql: c.params.value('text', e.value) };
        case 'number':
          return { kind: 'sql', sql: c.params.value('number', e.value) };
        case 'boolean':
          return { kind: 'sql', sql: c.params.value('boolean', e.value) };
        case 'date': {
          const value = e.value;
          return { kind: 'date', key: `date:${value}`, date: () => value };
        }
        case 'timestamp': {
          const instant = timestampLiteral(e.value, c.zone);
          return { kind: 'instant', key: `ts:${e.value}`, at: () => instant };
        }
      }
      return assertNever(e);
    case 'ago': {
      const { amount, unit } = e;
      return { kind: 'instant', key: `ago:${amount}:${unit}`, at: (ctx) => instantBefore(ctx.at, amount, unit, c.zone) };
    }
    case 'customer_field':
      return column(`${ownerAlias(scope)}.${q(e.name)}`, e.fieldType);
    case 'record_field':
      return column(`${scope.alias}.${q(e.name)}`, e.fieldType);
    case 'event_property':
      return column(`${scope.alias}.${q(propertyColumn(e.eventType, e.name))}`, e.fieldType);
    case 'aggregate':
      return aggregateOperand(c, e, scope);
    case 'arith': {
      const l = sqlOf(c, operand(c, e.left, scope));
      const r = sqlOf(c, operand(c, e.right, scope));
      return { kind: 'sql', sql: e.op === '/' ? c.dialect.safeDivide(l, r) : `(${l} ${e.op} ${r})` };
    }
    case 'age':
      return { kind: 'sql', sql: age(c, sqlOf(c, operand(c, e.value, scope))) };
    case 'distance': {
      const a = geopoint(c, e.from, scope);
      const b = geopoint(c, e.to, scope);
      return { kind: 'sql', sql: haversine(a, b) };
    }
    case 'distance_literal':
      return { kind: 'sql', sql: c.params.value('number', e.km) };
    case 'segmentation_label':
      return { kind: 'sql', sql: segmentationColumn(c, e.segmentation, 'segment', scope) };
    case 'segmentation_score':
      return { kind: 'sql', sql: segmentationColumn(c, e.segmentation, SCORE_COLUMNS[e.score] ?? e.score, scope) };
    case 'model_label':
      return { kind: 'sql', sql: modelColumn(c, e.model, undefined, scope) };
    case 'model_output':
      return { kind: 'sql', sql: modelColumn(c, e.model, e.output, scope) };
    case 'place':
    case 'point':
    case 'duration':
      throw new CompileError(`a ${e.kind} is not a value by itself`);
    default:
      // Conditions used as values (`(a and b) = true`).
      return { kind: 'sql', sql: condition(c, e, scope) };
  }
}

/** Rule names of segmentation scores → columns of a segmentation state (value tiers call monetary `revenue`). */
const SCORE_COLUMNS: Record<string, string> = {
  r: 'r',
  f: 'f',
  m: 'm',
  recency_days: 'recency_days',
  frequency: 'frequency',
  monetary: 'monetary',
  revenue: 'monetary',
};

/** A column of a segmentation's state for the scope's customer: joined once at the top level, correlated elsewhere. */
function segmentationColumn(c: Compilation, id: string, column: string, scope: Scope): string {
  // Evaluated in the same row (a customer run's features row).
  const inRow = scope.features?.segmentations.get(id)?.[column];
  if (inRow !== undefined) return inRow;
  const state = c.options.segments.segmentation;
  if (state === undefined) throw new CompileError(`segmentation "${id}" cannot be used in this rule here`);
  if (scope.setBased && scope.joins && scope.joined) {
    let alias = scope.joined.get(id);
    if (alias === undefined) {
      alias = c.alias('g');
      scope.joins.push(`LEFT JOIN (${state(c, id)}) ${alias} ON ${alias}._customer = ${scope.owner}`);
      scope.joined.set(id, alias);
    }
    return `${alias}.${c.q(column)}`;
  }
  const inner = c.alias('g');
  return `(SELECT ${inner}.${c.q(column)} FROM (${state(c, id)}) ${inner} WHERE ${inner}._customer = ${scope.owner})`;
}

/**
 * A model's output (or a clusters model's segment when `output` is undefined) for the scope's
 * customer, from the resolver's sub-select: joined once at the top level, correlated elsewhere.
 */
function modelColumn(c: Compilation, id: string, output: string | undefined, scope: Scope): string {
  const select = c.options.segments.model;
  if (select === undefined) throw new CompileError(`model "${id}" has no outputs here: fit it first (segmenta model fit ${id})`);
  if (scope.setBased && scope.joins && scope.joined) {
    const key = `model:${id}:${output ?? ''}`;
    let alias = scope.joined.get(key);
    if (alias === undefined) {
      alias = c.alias('o');
      scope.joins.push(`LEFT JOIN (${select(c, id, output)}) ${alias} ON ${alias}._customer = ${scope.owner}`);
      scope.joined.set(key, alias);
    }
    return `${alias}.value`;
  }
  const inner = c.alias('o');
  return `(SELECT ${inner}.value FROM (${select(c, id, output)}) ${inner} WHERE ${inner}._customer = ${scope.owner})`;
}

/** Completed years between a date and the evaluation date (a 29 February birthday counts on 1 March). */
function age(c: Compilation, date: string): string {
  const zone = c.zone;
  const y = c.params.derived('integer', 'today:year', (ctx) => dateParts(ctx.at, zone).year);
  const m = c.params.derived('integer', 'today:month', (ctx) => dateParts(ctx.at, zone).month);
  const d = c.params.derived('integer', 'today:day', (ctx) => dateParts(ctx.at, zone).day);
  const part = (p: 'year' | 'month' | 'day') => c.dialect.datePart(p, date);
  return `(${y} - ${part('year')} - CASE WHEN ${m} < ${part('month')} OR (${m} = ${part('month')} AND ${d} < ${part('day')}) THEN 1 ELSE 0 END)`;
}

interface LatLon {
  readonly lat: string;
  readonly lon: string;
}

export function geopoint(c: Compilation, e: TypedExpr, scope: Scope): LatLon {
  const q = (name: string) => c.q(name);
  switch (e.kind) {
    case 'customer_field': {
      const row = ownerAlias(scope);
      return { lat: `${row}.${q(latColumn(e.name))}`, lon: `${row}.${q(lonColumn(e.name))}` };
    }
    case 'record_field':
      return { lat: `${scope.alias}.${q(latColumn(e.name))}`, lon: `${scope.alias}.${q(lonColumn(e.name))}` };
    case 'event_property': {
      const name = propertyColumn(e.eventType, e.name);
      return { lat: `${scope.alias}.${q(latColumn(name))}`, lon: `${scope.alias}.${q(lonColumn(name))}` };
    }
    case 'place': {
      const place = c.options.workspace.places.get(e.name);
      if (place === undefined) throw new CompileError(`unknown place "${e.name}"`);
      return { lat: c.params.value('number', place.lat), lon: c.params.value('number', place.lon) };
    }
    case 'point':
      return { lat: c.params.value('number', e.lat), lon: c.params.value('number', e.lon) };
    default:
      throw new CompileError(`${e.kind} is not a geopoint`);
  }
}

/**
 * Haversine great-circle distance in km. The argument of asin is clamped against rounding above 1
 * with CASE, not least(): least() ignores NULLs, which would turn a missing point into a distance.
 */
function haversine(a: LatLon, b: LatLon): string {
  const h = `sqrt(power(sin(radians(${b.lat} - ${a.lat}) / 2), 2) + cos(radians(${a.lat})) * cos(radians(${b.lat})) * power(sin(radians(${b.lon} - ${a.lon}) / 2), 2))`;
  return `(2 * ${EARTH_RADIUS_KM} * asin(CASE WHEN ${h} > 1 THEN 1 ELSE ${h} END))`;
}
