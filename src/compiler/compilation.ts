/**
 * The state of compiling one query: its parameters, the joins the top level needs, fresh aliases,
 * and the scope names resolve in. Scopes: the customer (top level, alias `c`), a collection record
 * or an event inside a `where`.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { TypedExpr } from '../rules/index.js';
import type { Workspace } from '../workspace/types.js';
import { Params } from './params.js';
import type { Features } from './features.js';

/** Where names resolve: a customer row, or a record/event row owned by a customer. */
export interface Scope {
  readonly kind: 'customer' | 'record' | 'event';
  /** Alias of the row. */
  readonly alias: string;
  /** SQL of the owning customer's key. */
  readonly owner: string;
  /**
   * Top level only: the query is set-based (sources become `IN` sub-selects and joined aggregates).
   * Elsewhere sources are correlated sub-queries on `owner`.
   */
  readonly setBased: boolean;
  /** Inside a record or event: alias of the owning customer's row, joined when a rule names it. */
  readonly ownerRow?: { alias: string; used: boolean };
  /** Set-based scopes: the joins their query needs (grouped aggregates, segmentation states). */
  readonly joins?: string[];
  /** Set-based scopes: the alias each segmentation's state is joined as, so it is joined once. */
  readonly joined?: Map<string, string>;
  /** Customer scope of a per-customer evaluation: sources become columns of shared aggregates. */
  readonly features?: Features;
}

/** How to compile `in segment "id"` and segmentation references. */
export interface SegmentResolver {
  /** The checked rule of a workspace segment. */
  rule(id: string): TypedExpr;
  /** A table (or sub-select) already holding the segment's members as `_customer`, when one exists. */
  members?(id: string): string | undefined;
  /**
   * The state of a segmentation at the bound instant: `SELECT _customer, segment, r, f, m,
   * recency_days, frequency, monetary`, written with this compilation's parameters.
   */
  segmentation?(c: Compilation, id: string): string;
  /**
   * A model's output for each customer at the bound instant: `SELECT _customer, value`, `value`
   * being the output named (or, when `output` is undefined, the segment of a clusters model).
   */
  model?(c: Compilation, id: string, output: string | undefined): string;
}

export interface CompileOptions {
  readonly workspace: Workspace;
  readonly dialect: Dialect;
  readonly segments: SegmentResolver;
  /**
   * Restrict every scan to some customers, for re-evaluating a few: their keys (bound as
   * constants, so that DuckDB's zone maps skip other customers' rows) or SQL selecting them.
   */
  readonly subset?: string | readonly string[];
}

/** A rule that cannot be compiled (a form that needs something the store does not have yet). */
export class CompileError extends Error {
  override readonly name = 'CompileError';
}

export class Compilation {
  readonly params: Params;
  private readonly compiling: string[] = [];

  /** `aliases`: the count of aliases given, shared with the compilations of the same statement. */
  constructor(
    readonly options: CompileOptions,
    params?: Params,
    private readonly aliases = { given: 0 },
  ) {
    this.params = params ?? new Params(options.dialect);
  }

  /**
   * The same statement's compilation over every customer (same parameters and alias numbering):
   * for what a few customers cannot be evaluated without, such as ranks among the whole base.
   */
  wholeBase(): Compilation {
    const { subset, ...options } = this.options;
    void subset;
    return new Compilation(options, this.params, this.aliases);
  }

  get dialect(): Dialect {
    return this.options.dialect;
  }

  get zone(): string {
    return this.options.workspace.timezone;
  }

  q(name: string): string {
    return this.options.dialect.quoteIdentifier(name);
  }

  /** A condition keeping only the customers of `subset` (for `owner`, SQL of a customer key), or ''. */
  restrict(owner: string): string {
    const subset = this.options.subset;
    if (subset === undefined) return '';
    if (typeof subset === 'string') return `${owner} IN (${subset})`;
    // Keys are bound, the i-th from the bind context's keys when given: the query then serves any customers.
    const key = (i: number) => this.params.derived('text', `subset:${i}`, (ctx) => ctx.keys?.[i] ?? subset[i]!);
    if (subset.length === 1) return `${owner} = ${key(0)}`;
    return `${owner} IN (${subset.map((_, i) => key(i)).join(', ')})`;
  }

  /** Whether the compilation evaluates a few customers only. */
  get partial(): boolean {
    return this.options.subset !== undefined;
  }

  alias(prefix: string): string {
    this.aliases.given += 1;
    return `${prefix}${this.aliases.given}`;
  }

  /** Guards `in segment` recursion (the checker refuses cycles; this is a second line). */
  enterSegment(id: string): () => void {
    if (this.compiling.includes(id)) throw new CompileError(`segment cycle through "${id}"`);
    this.compiling.push(id);
    return () => void this.compiling.pop();
  }
}
