/**
 * Collections and events: `any/all/none(...)` and `count/sum/avg/min/max/first/last(...)`.
 *
 * At the top level the query is set-based, the forms measured fastest here
 * (shared/notes/sql-performance.md): a quantifier is a semi-join `key IN (SELECT …)` or an anti-join
 * (the dialect's form); an aggregate
 * compared with a constant is `key IN (SELECT … GROUP BY … HAVING …)` (or the anti-join of the complement
 * when customers without any row satisfy the comparison, as `count(...) < 3` does); any other
 * aggregate is a grouped sub-select joined to the customers. Inside a `where`, and for `explain`,
 * they are correlated sub-queries on the owning customer. Time windows are in `WHERE`, so that
 * DuckDB skips old row groups.
 */
import type { AggregateFn, CompareOp, IrAggregate, IrQuantifier, IrSource, IrWindow, TypedExpr } from '../rules/index.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, EVENT_TYPE, EVENTS_TABLE, propertyColumn, TIME } from '../store/tables.js';
import { dayStart, instantBefore, nextDate, timestampLiteral } from '../time/calendar.js';
import type { Compilation, Scope } from './compilation.js';
import type { Features } from './features.js';
import { condition } from './conditions.js';
import { compareNumbers, compareOperands, type Operand } from './temporal.js';
import { operand } from './values.js';

interface SourceRows {
  readonly alias: string;
  /** `FROM` items (the source table, and its owner's row when the rule names customer fields). */
  readonly from: string;
  /** Conditions on the source rows: type, evaluation time, window, one customer. */
  readonly filters: string[];
  /** The compiled `where`, if any. */
  readonly where?: string;
}

/** The rows of a source for a customer; with `negate`, those that do NOT satisfy `where` (for `all`). */
function sourceRows(c: Compilation, source: IrSource, where: TypedExpr | undefined, window: IrWindow | undefined, negate = false): SourceRows {
  const isEvent = source.kind === 'event_type';
  const alias = c.alias(isEvent ? 'e' : 'r');
  const owner = `${alias}.${c.q(CUSTOMER)}`;
  const ownerRow = { alias: c.alias('o'), used: false };
  const scope: Scope = { kind: isEvent ? 'event' : 'record', alias, owner, setBased: false, ownerRow };
  const filters: string[] = [];
  if (isEvent) {
    filters.push(`${alias}.${c.q(EVENT_TYPE)} = ${c.params.value('text', source.name)}`);
    filters.push(`${alias}.${c.q(TIME)} <= ${c.params.at()}`);
    if (window) filters.push(...windowFilters(c, `${alias}.${c.q(TIME)}`, window));
  }
  const only = c.restrict(owner);
  if (only !== '') filters.push(only);
  const compiledWhere = where === undefined ? undefined : negate ? `NOT ${condition(c, where, scope)}` : condition(c, where, scope);
  const table = isEvent ? EVENTS_TABLE : collectionTable(source.name);
  const join = ownerRow.used ? ` JOIN ${c.q(CUSTOMERS_TABLE)} ${ownerRow.alias} ON ${ownerRow.alias}.${c.q(CUSTOMER)} = ${owner}` : '';
  return { alias, from: `${c.q(table)} ${alias}${join}`, filters, ...(compiledWhere !== undefined ? { where: compiledWhere } : {}) };
}

/** `within N units` (from that long ago to the evaluation time) or `between A and B` (whole days for dates). */
function windowFilters(c: Compilation, time: string, window: IrWindow): string[] {
  if (window.kind === 'within') {
    const { amount, unit } = window.duration;
    return [`${time} >= ${c.params.derived('timestamp', `ago:${amount}:${unit}`, (ctx) => instantBefore(ctx.at, amount, unit, c.zone))}`];
  }
  const bound = (literal: IrWindow & { kind: 'between' } extends { from: infer L } ? L : never, end: boolean): string => {
    if (literal.type === 'timestamp') return c.params.value('timestamp', timestampLiteral(literal.value, c.zone));
    return c.params.value('timestamp', dayStart(end ? nextDate(literal.value) : literal.value, c.zone));
  };
  const upper = window.to.type === 'timestamp' ? `${time} <= ${bound(window.to, true)}` : `${time} < ${bound(window.to, true)}`;
  return [`${time} >= ${bound(window.from, false)}`, upper];
}

function rowsWhere(rows: SourceRows, extra: string[] = []): string {
  const all = [...rows.filters, ...(rows.where !== undefined ? [rows.where] : []), ...extra];
  return all.length ? ` WHERE ${all.join(' AND ')}` : '';
}

/** The filter, inside a features source, selecting the rows of a quantifier or aggregate. */
function featureFilter(c: Compilation, features: Features, source: IrSource, where: TypedExpr | undefined, window: IrWindow | undefined, negate = false) {
  const isEvent = source.kind === 'event_type';
  const src = features.source(isEvent ? EVENTS_TABLE : collectionTable(source.name), (alias) => (isEvent ? [`${alias}.${c.q(TIME)} <= ${c.params.at()}`] : []));
  const scope: Scope = { kind: isEvent ? 'event' : 'record', alias: src.alias, owner: `${src.alias}.${c.q(CUSTOMER)}`, setBased: false, ownerRow: src.ownerRow };
  const conditions: string[] = [];
  if (isEvent) conditions.push(`${src.alias}.${c.q(EVENT_TYPE)} = ${c.params.value('text', source.name)}`);
  if (window) conditions.push(...windowFilters(c, `${src.alias}.${c.q(TIME)}`, window));
  if (where) conditions.push(negate ? `NOT ${condition(c, where, scope)}` : condition(c, where, scope));
  return { src, filter: conditions.length ? conditions.join(' AND ') : 'true' };
}

export function quantifierCondition(c: Compilation, e: IrQuantifier, scope: Scope): string {
  if (e.quantifier === 'all' && e.where === undefined) return 'true';
  if (scope.features) {
    const { src, filter } = featureFilter(c, scope.features, e.source, e.where, e.window, e.quantifier === 'all');
    const rows = `COALESCE(${scope.features.add(src, `count(*) FILTER (WHERE ${filter})`)}, 0)`;
    return `(${rows} ${e.quantifier === 'any' ? '>' : '='} 0)`;
  }
  // all(S where C) holds when no row of S fails C (and so when S is empty).
  const rows = sourceRows(c, e.source, e.where, e.window, e.quantifier === 'all');
  const extra: string[] = [];
  const wantRows = e.quantifier === 'any';
  if (scope.setBased) {
    return c.dialect.keyIn(scope.owner, `SELECT ${rows.alias}.${c.q(CUSTOMER)} FROM ${rows.from}${rowsWhere(rows, extra)}`, !wantRows);
  }
  return `(${wantRows ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${rows.from}${rowsWhere(rows, [...extra, `${rows.alias}.${c.q(CUSTOMER)} = ${scope.owner}`])}))`;
}

function aggregateSql(c: Compilation, fn: AggregateFn, alias: string, e: IrAggregate): string {
  const property = e.property === undefined ? '' : `${alias}.${c.q(e.source.kind === 'event_type' ? propertyColumn(e.source.name, e.property.name) : e.property.name)}`;
  switch (fn) {
    case 'count':
      return 'count(*)';
    case 'sum':
      return `COALESCE(${c.dialect.exactSum(property)}, 0)`;
    case 'avg':
      return `(${c.dialect.exactSum(property)} / NULLIF(count(${property}), 0))`;
    case 'min':
    case 'max':
      return `${fn}(${property})`;
    case 'first':
      return `min(${alias}.${c.q(TIME)})`;
    case 'last':
      return `max(${alias}.${c.q(TIME)})`;
  }
}

function temporalOf(e: IrAggregate): 'instant' | 'date' | undefined {
  if (e.fn === 'first' || e.fn === 'last') return 'instant';
  if (e.fn === 'min' || e.fn === 'max') return e.property?.fieldType === 'date' ? 'date' : e.property?.fieldType === 'timestamp' ? 'instant' : undefined;
  return undefined;
}

/** Counts and sums are 0 over no rows; the others are missing. */
const ZERO_OVER_NONE = new Set<AggregateFn>(['count', 'sum']);

export function aggregateOperand(c: Compilation, e: IrAggregate, scope: Scope): Operand {
  if (scope.features) {
    const { src, filter } = featureFilter(c, scope.features, e.source, e.where, e.window);
    const property = e.property === undefined ? '' : `${src.alias}.${c.q(e.source.kind === 'event_type' ? propertyColumn(e.source.name, e.property.name) : e.property.name)}`;
    const f = `FILTER (WHERE ${filter})`;
    const column = (agg: string) => scope.features!.add(src, agg);
    let sql: string;
    switch (e.fn) {
      case 'count':
        sql = `COALESCE(${column(`count(*) ${f}`)}, 0)`;
        break;
      case 'sum':
        sql = `COALESCE(${column(c.dialect.exactSum(property, filter))}, 0)`;
        break;
      case 'avg':
        sql = `(${column(c.dialect.exactSum(property, filter))} / NULLIF(${column(`count(${property}) ${f}`)}, 0))`;
        break;
      case 'min':
      case 'max':
        sql = column(`${e.fn}(${property}) ${f}`);
        break;
      case 'first':
      case 'last':
        sql = column(`${e.fn === 'first' ? 'min' : 'max'}(${src.alias}.${c.q(TIME)}) ${f}`);
        break;
    }
    const temporal = temporalOf(e);
    return temporal === undefined ? { kind: 'sql', sql } : { kind: 'sql', sql, temporal };
  }
  const rows = sourceRows(c, e.source, e.where, e.window);
  const agg = aggregateSql(c, e.fn, rows.alias, e);
  const temporal = temporalOf(e);
  let sql: string;
  if (scope.setBased && scope.joins) {
    const joined = c.alias('a');
    scope.joins.push(
      `LEFT JOIN (SELECT ${rows.alias}.${c.q(CUSTOMER)} AS k, ${agg} AS v FROM ${rows.from}${rowsWhere(rows)} GROUP BY ${rows.alias}.${c.q(CUSTOMER)}) ${joined} ON ${joined}.k = ${scope.owner}`,
    );
    sql = ZERO_OVER_NONE.has(e.fn) ? `COALESCE(${joined}.v, 0)` : `${joined}.v`;
  } else {
    sql = `(SELECT ${agg} FROM ${rows.from}${rowsWhere(rows, [`${rows.alias}.${c.q(CUSTOMER)} = ${scope.owner}`])})`;
  }
  return temporal === undefined ? { kind: 'sql', sql } : { kind: 'sql', sql, temporal };
}

const MIRROR: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** A value that does not depend on the row: a literal, a relative instant, a distance. */
function isConstant(e: TypedExpr): boolean {
  return e.kind === 'literal' || e.kind === 'ago' || e.kind === 'distance_literal' || (e.kind === 'arith' && isConstant(e.left) && isConstant(e.right));
}

/**
 * `aggregate op constant` at the top level as a grouped semi-join, or undefined when another form
 * is needed (not at the top level, or not an aggregate against a constant).
 */
export function aggregateComparison(c: Compilation, op: CompareOp, left: TypedExpr, right: TypedExpr, scope: Scope): string | undefined {
  if (!scope.setBased) return undefined;
  if (right.kind === 'aggregate' && left.kind !== 'aggregate') return aggregateComparison(c, MIRROR[op], right, left, scope);
  if (left.kind !== 'aggregate' || !isConstant(right)) return undefined;
  // Whether a customer without any row satisfies the comparison decides IN or NOT IN.
  let noneSatisfies = false;
  if (ZERO_OVER_NONE.has(left.fn)) {
    if (right.kind !== 'literal' || right.type !== 'number') return undefined;
    noneSatisfies = compareNumbers(op, 0, right.value);
  }
  const rows = sourceRows(c, left.source, left.where, left.window);
  const temporal = temporalOf(left);
  const agg: Operand = { kind: 'sql', sql: aggregateSql(c, left.fn, rows.alias, left), ...(temporal ? { temporal } : {}) };
  const test = `COALESCE(${compareOperands(c, op, agg, operand(c, right, scope))}, false)`;
  const grouped = `SELECT ${rows.alias}.${c.q(CUSTOMER)} FROM ${rows.from}${rowsWhere(rows)} GROUP BY ${rows.alias}.${c.q(CUSTOMER)} HAVING ${noneSatisfies ? `NOT ${test}` : test}`;
  return c.dialect.keyIn(scope.owner, grouped, noneSatisfies);
}

