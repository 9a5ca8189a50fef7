/**
 * What the models' SQL shares with the rule compiler: bound parameters, the existence of customers
 * at the evaluation instant, the restriction to a few customers (customer runs). A model query is
 * written against a {@link Compilation} so that values are bound, never spliced, and so that the
 * same query serves a full fit and a customer run.
 */
import { Compilation, CompileError } from '../compiler/compilation.js';
import { existsCondition } from '../compiler/conditions.js';
import { bindParams } from '../compiler/params.js';
import type { Dialect } from '../dialects/dialect.js';
import { mapDeferred } from '../store/statement-queue.js';
import type { Queryable, SqlValue, StatementOptions } from '../store/store.js';
import type { Workspace } from '../workspace/types.js';
import { modelOutputSql } from './model-outputs.js';

/** Where and when a model is fitted or scored: inside a transaction of the store, as of an instant. */
export interface ModelContext {
  readonly db: Queryable;
  readonly dialect: Dialect;
  readonly workspace: Workspace;
  /** The evaluation instant. */
  readonly at: Date;
  /** The run writing the outputs (null for `segmenta model fit`). */
  readonly run: number | null;
  /**
   * A customer run of a few customers named by key: its statement texts come back run after run
   * (the keys are bound), so the store may keep their plans (see `StatementOptions.repeated`).
   */
  readonly repeated?: boolean;
}

/** Which customers a model query covers: all, or a few (keys, or SQL selecting `_customer`). */
export type CustomerSubset = string | readonly string[] | undefined;

/** A compilation for a model's queries (no rule segments can be named in them). */
export function modelCompilation(ws: Workspace, dialect: Dialect, subset?: CustomerSubset): Compilation {
  return new Compilation({
    workspace: ws,
    dialect,
    segments: {
      rule: (id) => {
        throw new CompileError(`segment "${id}" cannot be used in a model's query`);
      },
      // A feature may read another model's outputs (its latest fit at the instant).
      model: (c, id, output) => {
        const def = ws.models.find((m) => m.id === id);
        if (def === undefined) throw new CompileError(`unknown model "${id}"`);
        return modelOutputSql(def, output, c.params.value('text', id), c.params.at(), c.restrict('o._customer'));
      },
    },
    ...(subset !== undefined ? { subset } : {}),
  });
}

/** `alias._customer IN (existing customers at the bound instant [of the subset])`, or ''. */
export function existingFilter(c: Compilation, owner: string): string {
  const alias = c.alias('x');
  const conditions = [existsCondition(c, alias), c.restrict(`${alias}.${c.q('_customer')}`)].filter((f) => f !== '');
  if (conditions.length === 0) return '';
  return `${owner} IN (SELECT ${alias}.${c.q('_customer')} FROM ${c.q('customers')} ${alias} WHERE ${conditions.join(' AND ')})`;
}

/**
 * `AND <column> IN (…)` for the customers of a subset: named by key, the keys bound from `$first`
 * (`AND false` for none; constants let DuckDB skip the row groups of other customers, a semi-join
 * on a temporary table of the same customers does not); selected by SQL, that SQL; all, nothing.
 */
export function subsetFilter(subset: CustomerSubset, column: string, first: number): { sql: string; params: string[] } {
  if (subset === undefined) return { sql: '', params: [] };
  if (typeof subset === 'string') return { sql: ` AND ${column} IN (${subset})`, params: [] };
  const keys = subset as readonly string[];
  if (keys.length === 0) return { sql: ' AND false', params: [] };
  return { sql: ` AND ${column} IN (${keys.map((_, i) => `$${first + i}`).join(', ')})`, params: [...keys] };
}

/** Runs `sql` written with `c`'s parameters, bound for the instant `at`. */
export function runBound(db: Queryable, c: Compilation, sql: string, at: Date, options: StatementOptions = {}): Promise<number> {
  return db.run(sql, boundValues(c, sql, at), options);
}

/**
 * Queues `sql` written with `c`'s parameters, bound for the instant `at` (`Queryable.defer`): a
 * write whose result nobody reads, sent with the next statement or the commit; if it fails, that
 * statement or the commit fails and the transaction rolls back.
 */
export function deferBound(db: Queryable, c: Compilation, sql: string, at: Date, options: StatementOptions = {}): void {
  void db.defer(sql, boundValues(c, sql, at), options);
}

/** Queues a query written with `c`'s parameters, bound for the instant `at` (`Queryable.defer`): its rows once sent. */
export function queueBound<T extends Record<string, unknown>>(db: Queryable, c: Compilation, sql: string, at: Date, options: StatementOptions = {}): PromiseLike<T[]> {
  return mapDeferred(db.defer<T>(sql, boundValues(c, sql, at), options), ({ rows }) => rows);
}

/** Queries `sql` written with `c`'s parameters, bound for the instant `at`. */
export function queryBound<T extends Record<string, unknown>>(db: Queryable, c: Compilation, sql: string, at: Date, options: StatementOptions = {}): Promise<T[]> {
  return db.query<T>(sql, boundValues(c, sql, at), options);
}

/**
 * A customer run replaces every row its customers have in a fit's output table: they are deleted
 * here, and the model writes the rows of those who have outputs as of the run's instant (a customer
 * deleted since the fit keeps none).
 */
export function deleteCustomerOutputs(ctx: ModelContext, table: string, fitId: number, subset: Exclude<CustomerSubset, undefined>): void {
  const only = subsetFilter(subset, '_customer', 2);
  // Queued: sent with the model's next statement (Queryable.defer).
  void ctx.db.defer(`DELETE FROM ${table} WHERE fit = $1${only.sql}`, [fitId, ...only.params], { repeated: ctx.repeated ?? false });
}

function boundValues(c: Compilation, sql: string, at: Date): SqlValue[] {
  return bindParams({ sql, params: c.params.sources }, { at });
}

/**
 * Gives the planner the statistics of tables just filled, before they are queried (see
 * `Dialect.analyze`: PostgreSQL never gathers them for temporary tables by itself).
 */
export async function analyzeTables(db: Queryable, dialect: Dialect, ...tables: string[]): Promise<void> {
  for (const table of tables) {
    const sql = dialect.analyze(table);
    if (sql !== undefined) await db.run(sql);
  }
}

/** A column of values to insert in bulk. */
export interface BulkColumn {
  readonly name: string;
  readonly type: 'text' | 'number';
  readonly values: readonly string[] | readonly number[];
}

/** Rows per statement of {@link insertColumns}. */
const CHUNK = 100_000;

/**
 * Inserts columns of values as rows, a chunk per statement: each column bound as one array and
 * unnested (`INSERT … SELECT unnest($1), unnest($2)`; both databases unnest several arrays of one
 * select list in step). No statement per row.
 */
export async function insertColumns(db: Queryable, dialect: Dialect, table: string, columns: readonly BulkColumn[]): Promise<void> {
  const n = columns[0]?.values.length ?? 0;
  if (columns.some((col) => col.values.length !== n)) throw new RangeError('insertColumns: columns of different lengths');
  const names = columns.map((col) => dialect.quoteIdentifier(col.name)).join(', ');
  const select = columns.map((col, i) => `unnest(${dialect.param(i + 1, col.type === 'text' ? 'text[]' : 'number[]')})`).join(', ');
  for (let start = 0; start < n; start += CHUNK) {
    const values = columns.map((col) => col.values.slice(start, start + CHUNK) as string[] | number[]);
    await db.run(`INSERT INTO ${table} (${names}) SELECT ${select}`, values);
  }
}
