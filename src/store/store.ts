/**
 * The store: where a workspace's data, runs and history live. DuckDB (one file, embedded) and
 * PostgreSQL (a server) implement the same interface; SQL differences go through `dialect`.
 */
import type { Dialect } from '../dialects/dialect.js';

/** A value bound to a `$n` placeholder. Arrays bind as lists; Dates as instants. */
export type SqlValue = string | number | boolean | bigint | Date | null | readonly string[] | readonly number[];

/** A result row. Numbers come back as `number` (64-bit integers too, when exact), dates as `YYYY-MM-DD`, instants as `Date`. */
export type Row = Record<string, unknown>;

export interface StatementOptions {
  /**
   * The same text runs again and again with other values (a customer run): the store may keep
   * its plan. PostgreSQL prepares it once per connection; planning a large statement costs more
   * than running it for one customer. DuckDB does not keep it: its prepared statements (1.5.6) may
   * answer from the statistics the data had when they were prepared (duckdb/duckdb#23704;
   * docs/scaling.md, test/store/repeated.test.ts).
   */
  readonly repeated?: boolean;
}

export interface Queryable {
  /** Runs one statement and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[], options?: StatementOptions): Promise<T[]>;
  /** Runs one statement for its effect; resolves to the number of rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlValue[], options?: StatementOptions): Promise<number>;
  /**
   * Queues a statement whose result the caller does not need before its next statement: it runs,
   * in order, just before the session's next `query` or `run`, or the commit; awaiting its result
   * sends the queue at once. PostgreSQL sends everything queued with that next statement in one
   * round trip (a one-customer run: 2 round trips instead of 21); DuckDB, in process, just runs
   * them in order. Outside a transaction a store runs it at once. A queued statement that fails
   * fails that next statement (or the commit), so the transaction rolls back. The promise (never
   * left unhandled) resolves once it has run.
   */
  defer<T extends Row = Row>(sql: string, params?: readonly SqlValue[], options?: StatementOptions): PromiseLike<StatementResult<T>>;
}

/** What a deferred statement gave: its rows (a SELECT) and the rows it changed (INSERT, UPDATE, DELETE). */
export interface StatementResult<T extends Row = Row> {
  readonly rows: T[];
  readonly changed: number;
}

export interface Store extends Queryable {
  readonly kind: 'duckdb' | 'postgres';
  readonly dialect: Dialect;
  /** A human description (file path or URL without password) for messages. */
  readonly location: string;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. On
   * DuckDB there is one writer per file; on PostgreSQL the work also holds the workspace's
   * advisory lock, so that two processes never import or run at the same time on one workspace.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Keeps one customer's rows fast to read (events, collection records, memberships): DuckDB
   * rewrites a table sorted by customer once enough rows were added since the last time;
   * PostgreSQL relies on its indexes. Called before full runs; `force` rewrites every table.
   */
  clusterByCustomer(options?: { force?: boolean }): Promise<ClusterSummary>;
  close(): Promise<void>;
}

export interface ClusterSummary {
  /** The tables rewritten. */
  readonly rewritten: readonly string[];
  /** Events in the store. */
  readonly events: number;
}

/** Raised for a store that cannot be opened or used; the message says what to do. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** The `code` of its `--json` refusal. */
  readonly code = 'store-error';
}
