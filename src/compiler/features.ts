/**
 * Shared per-customer aggregates ("features"): every count, sum, first/last… that the rules need,
 * computed in one pass over each source (the events table, each collection table) with `FILTER`
 * clauses, grouped by customer. Rules then read single columns. For a few customers this is one
 * short scan per source instead of one sub-query per test, which is what makes re-evaluating a
 * customer fast; the sets of customers are the compilation's `subset`.
 */
import type { TypedExpr } from '../rules/index.js';
import { CUSTOMER, CUSTOMERS_TABLE } from '../store/tables.js';
import type { Compilation, Scope } from './compilation.js';
import { condition, existsCondition } from './conditions.js';

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

/**
 * One row per customer of the compilation's subset: its key and, for each rule, whether the
 * customer satisfies it, as the columns `names` (in the order of `rules`). Sources are read once each, through
 * shared aggregates; segmentations are read through the compilation's resolver.
 */
export function featuresQuery(c: Compilation, rules: ReadonlyArray<readonly [string, TypedExpr]>, names: readonly string[]): string {
  const features = new Features(c);
  const alias = c.alias('c');
  const scope: Scope = { kind: 'customer', alias, owner: `${alias}.${c.q(CUSTOMER)}`, setBased: false, features };
  const flags = rules.map(([, rule]) => condition(c, rule, scope));
  const filters = [existsCondition(c, alias), c.restrict(`${alias}.${c.q(CUSTOMER)}`)].filter((f) => f !== '');
  const columns = [`${alias}.${c.q(CUSTOMER)} AS ${c.q(CUSTOMER)}`, ...flags.map((flag, i) => `${flag} AS ${c.q(names[i]!)}`)];
  return `SELECT ${columns.join(', ')} FROM ${c.q(CUSTOMERS_TABLE)} ${alias} ${features.joins(alias)}${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}`;
}
