/**
 * Bound parameters of compiled SQL. User values enter SQL only here: each becomes a placeholder
 * (`$n`, cast by the dialect) and a value. Values that depend on the evaluation instant (`at`,
 * `6 months ago`, today's date for `age()`) are derived when the query is bound, so that one
 * compiled rule serves any `--at`.
 */
import type { Dialect, ParamType } from '../dialects/dialect.js';
import type { SqlValue } from '../store/store.js';

/** What binding needs: the evaluation instant. (The time zone is the workspace's, fixed at compile time.) */
export interface BindContext {
  readonly at: Date;
  /**
   * The customers a query compiled for a few keys is run for, when it is reused for other
   * customers than those it was compiled for (as many of them): see `Compilation.restrict`.
   */
  readonly keys?: readonly string[];
}

export type ParamSource =
  | { readonly type: ParamType; readonly value: SqlValue }
  | { readonly type: ParamType; readonly derive: (ctx: BindContext) => SqlValue };

/** A compiled query: SQL text with placeholders, and where each parameter's value comes from. */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly ParamSource[];
}

/** Collects the parameters of one query; derived ones are shared by key (`at` is bound once). */
export class Params {
  readonly sources: ParamSource[] = [];
  private readonly byKey = new Map<string, string>();

  constructor(private readonly dialect: Dialect) {}

  /** A placeholder for a fixed value. */
  value(type: ParamType, value: SqlValue): string {
    this.sources.push({ type, value });
    return this.dialect.param(this.sources.length, type);
  }

  /** A placeholder for a value derived from the evaluation instant, shared by all uses of `key`. */
  derived(type: ParamType, key: string, derive: (ctx: BindContext) => SqlValue): string {
    const known = this.byKey.get(`${type}:${key}`);
    if (known !== undefined) return known;
    this.sources.push({ type, derive });
    const placeholder = this.dialect.param(this.sources.length, type);
    this.byKey.set(`${type}:${key}`, placeholder);
    return placeholder;
  }

  /** The evaluation instant. */
  at(): string {
    return this.derived('timestamp', 'at', (ctx) => ctx.at);
  }
}

/** The values of a compiled query's parameters, for an evaluation instant. */
export function bindParams(query: CompiledQuery, ctx: BindContext): SqlValue[] {
  return query.params.map((p) => ('derive' in p ? p.derive(ctx) : p.value));
}
