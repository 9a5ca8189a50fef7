/**
 * Shared per-customer aggregates ("features"): every count, sum, first/last… that the rules need,
 * computed in one pass over each source (the events table, each collection table) with `FILTER`
 * clauses, grouped by customer. Rules then read single columns. For a few customers this is one
 * short scan per source instead of one sub-query per test, which is what makes re-evaluating a
 * customer fast; the sets of customers are the compilation's `subset`.
 */
import type { TypedExpr } from '../rules/index.js';
import { CUSTOMER, CUSTOMERS_TABLE, EVENT_TYPE, EVENTS_TABLE, propertyColumn, TIME } from '../store/tables.js';
import { instantBefore } from '../time/calendar.js';
import type { Compilation, Scope } from './compilation.js';
import { condition, existsCondition } from './conditions.js';

/**
 * What a segmentation needs of one customer's events of a type: aggregates over the customer's
 * rows, to combine into expressions that `column` adds to the grouped source (so that a score is
 * computed once, and a segment's CASE reads plain columns).
 */
export interface RowMeasures {
  /** Aggregates: the number of events, the instants of the last and first, the exact sum of the amount. */
  readonly count: string;
  readonly last: string;
  readonly first: string;
  readonly amount: string;
  /** The column holding an expression over those aggregates; NULL for a customer without any row of the source. */
  column(aggregate: string): string;
}

interface SourceFeatures {
  readonly table: string;
  readonly alias: string;
  /** Alias of the owning customer's row, joined when a filter names customer fields. */
  readonly ownerRow: { alias: string; used: boolean };
  readonly columns: string[];
  /** Conditions on every row of this source (evaluation time for events). */
  readonly filters: string[];
  readonly joined: string;
}

export class Features {
  private readonly sources = new Map<string, SourceFeatures>();
  /** Segmentations evaluated in the same row: id → state column → SQL. */
  readonly segmentations = new Map<string, Readonly<Record<string, string>>>();
  private readonly measures = new Map<string, RowMeasures>();

  constructor(private readonly c: Compilation) {}

  /** The source for a table, created on first use; its rows are aliased `alias`. */
  source(table: string, filters: (alias: string) => string[]): SourceFeatures {
    let s = this.sources.get(table);
    if (s === undefined) {
      const alias = this.c.alias('x');
      s = { table, alias, ownerRow: { alias: this.c.alias('o'), used: false }, columns: [], filters: filters(alias), joined: this.c.alias('f') };
      this.sources.set(table, s);
    }
    return s;
  }

  /** Adds an aggregate (already written with its FILTER) and returns the column to read. */
  add(source: SourceFeatures, aggregate: string): string {
    source.columns.push(aggregate);
    return `${source.joined}.v${source.columns.length}`;
  }

  /** One customer's measures of an event type (segmentations/row.ts), each aggregate added once. */
  measuresOf(event: string, amount: string | undefined, windowDays?: number): RowMeasures {
    const key = JSON.stringify([event, amount, windowDays]);
    const known = this.measures.get(key);
    if (known !== undefined) return known;
    const c = this.c;
    const src = this.source(EVENTS_TABLE, (a) => [`${a}.${c.q(TIME)} <= ${c.params.at()}`]);
    const time = `${src.alias}.${c.q(TIME)}`;
    const tests = [`${src.alias}.${c.q(EVENT_TYPE)} = ${c.params.value('text', event)}`];
    if (windowDays !== undefined) tests.push(`${time} >= ${c.params.derived('timestamp', `ago:${windowDays}:days`, (ctx) => instantBefore(ctx.at, windowDays, 'days', c.zone))}`);
    const filter = tests.join(' AND ');
    const columns = new Map<string, string>();
    const measures: RowMeasures = {
      count: `count(*) FILTER (WHERE ${filter})`,
      last: `max(${time}) FILTER (WHERE ${filter})`,
      first: `min(${time}) FILTER (WHERE ${filter})`,
      amount: amount === undefined ? '0' : `COALESCE(${c.dialect.exactSum(`${src.alias}.${c.q(propertyColumn(event, amount))}`, filter)}, 0)`,
      column: (aggregate) => {
        let column = columns.get(aggregate);
        if (column === undefined) columns.set(aggregate, (column = this.add(src, aggregate)));
        return column;
      },
    };
    this.measures.set(key, measures);
    return measures;
  }

  /** LEFT JOINs of the grouped sources onto the customers aliased `customer`. */
  joins(customer: string): string {
    const q = (n: string) => this.c.q(n);
    return [...this.sources.values()]
      .map((s) => {
        const owner = s.ownerRow.used ? ` JOIN ${q(CUSTOMERS_TABLE)} ${s.ownerRow.alias} ON ${s.ownerRow.alias}.${q(CUSTOMER)} = ${s.alias}.${q(CUSTOMER)}` : '';
        const filters = [...s.filters, this.c.restrict(`${s.alias}.${q(CUSTOMER)}`)].filter((f) => f !== '');
        const columns = s.columns.map((col, i) => `${col} AS v${i + 1}`).join(', ');
        return `LEFT JOIN (SELECT ${s.alias}.${q(CUSTOMER)} AS k, ${columns} FROM ${q(s.table)} ${s.alias}${owner}${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''} GROUP BY ${s.alias}.${q(CUSTOMER)}) ${s.joined} ON ${s.joined}.k = ${customer}.${q(CUSTOMER)}`;
      })
      .join(' ');
  }

  get empty(): boolean {
    return [...this.sources.values()].every((s) => s.columns.length === 0);
  }
}

/** A segmentation evaluated per customer in the same row (see segmentations/row.ts). */
export interface RowSegmentation {
  readonly id: string;
  /** Its state columns as SQL over the features and the customer's key; computed once the `Features` exist. */
  readonly state: (features: Features, customer: string) => Readonly<Record<string, string>> | undefined;
}

/** The columns of segmentation `i` in a features row: `g<i>_segment`, `g<i>_r`, …. */
export function segmentationColumnName(i: number, column: string): string {
  return `g${i}_${column}`;
}

/**
 * One row per customer of the compilation's subset: its key, the state of each segmentation
 * (columns `g<i>_<column>`), and for each rule whether the customer satisfies it (the columns
 * `names`, in the order of `rules`). Every source is read once, through shared aggregates, and a
 * rule naming a segmentation reads that segmentation's columns of the same row. Undefined when a
 * segmentation has no per-customer form.
 */
export function featuresQuery(
  c: Compilation,
  rules: ReadonlyArray<readonly [string, TypedExpr]>,
  names: readonly string[],
  segmentations: readonly RowSegmentation[] = [],
): string | undefined {
  const features = new Features(c);
  const alias = c.alias('c');
  const columns = [`${alias}.${c.q(CUSTOMER)} AS ${c.q(CUSTOMER)}`];
  for (const [i, segmentation] of segmentations.entries()) {
    const state = segmentation.state(features, `${alias}.${c.q(CUSTOMER)}`);
    if (state === undefined) return undefined;
    features.segmentations.set(segmentation.id, state);
    for (const [column, sql] of Object.entries(state)) columns.push(`${sql} AS ${c.q(segmentationColumnName(i, column))}`);
  }
  const scope: Scope = { kind: 'customer', alias, owner: `${alias}.${c.q(CUSTOMER)}`, setBased: false, features };
  rules.forEach(([, rule], i) => columns.push(`${condition(c, rule, scope)} AS ${c.q(names[i]!)}`));
  const filters = [existsCondition(c, alias), c.restrict(`${alias}.${c.q(CUSTOMER)}`)].filter((f) => f !== '');
  return `SELECT ${columns.join(', ')} FROM ${c.q(CUSTOMERS_TABLE)} ${alias} ${features.joins(alias)}${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}`;
}
