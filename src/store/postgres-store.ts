import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { postgresDialect, postgresDialectWith } from '../dialects/postgres.js';
import type { Dialect } from '../dialects/dialect.js';
import { characterRules } from './character-rules.js';
import { StatementQueue, type QueuedStatement } from './statement-queue.js';
import { StoreError, type ClusterSummary, type Queryable, type Row, type SqlValue, type StatementOptions, type StatementResult, type Store } from './store.js';
import { EVENTS_TABLE } from './tables.js';

export interface PostgresOptions {
  /** IANA zone of the workspace: the session's time zone, so that local dates are taken in it. */
  readonly timezone: string;
  /** Connections in the pool (default 4). */
  readonly poolSize?: number;
}

/** A session on PostgreSQL: what imports need beyond the portable `Queryable`. */
export interface PostgresQueryable extends Queryable {
  /** Streams CSV (with a header row) into `table` through `COPY … FROM STDIN`. */
  copyCsv(table: string, columns: readonly string[], csv: Readable): Promise<void>;
  /** Streams the rows of `select` as CSV (with a header row) into `out` through `COPY … TO STDOUT`. */
  copyOutCsv(select: string, out: Writable): Promise<void>;
}

// Result types as the rest of Segmenta expects them (see `Row`): 64-bit integers and numerics as
// numbers, dates as `YYYY-MM-DD` text (pg would make them local-midnight Dates), instants as Dates.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parsers: Record<number, (text: string) => unknown> = {
  [INT8]: (text) => {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  },
  [NUMERIC]: (text) => Number(text),
  [DATE]: (text) => text,
};
const types = {
  getTypeParser: ((oid: number, format?: string) => parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function toPgValue(value: SqlValue): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** How pg turns a bound value into text (exported by pg, missing from its type definitions). */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** The name a repeated statement is prepared under, on every connection. */
function preparedName(sql: string): string {
  return `segmenta_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
}

/** A statement for pg: named (prepared once per connection, its plan kept) when it is repeated. */
function statement(sql: string, params: readonly SqlValue[], options: StatementOptions): pg.QueryConfig {
  const values = params.map(toPgValue);
  if (!options.repeated) return { text: sql, values };
  return { name: preparedName(sql), text: sql, values };
}

/**
 * The repeated statements each connection has prepared, by name, so that a batch may `EXECUTE`
 * them; keyed by the pool's client, which is one connection. Only names that ran are recorded.
 */
const preparedOn = new WeakMap<object, Set<string>>();

class PostgresSession implements PostgresQueryable {
  private readonly queue = new StatementQueue(() => this.flush());

  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], options: StatementOptions = {}): Promise<T[]> {
    if (this.queue.length > 0) return (await this.afterQueued<T>(sql, params, options)).rows;
    return (await this.single(sql, params, options)).rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = [], options: StatementOptions = {}): Promise<number> {
    if (this.queue.length > 0) return (await this.afterQueued(sql, params, options)).changed;
    return (await this.single(sql, params, options)).rowCount ?? 0;
  }

  defer<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], options: StatementOptions = {}): PromiseLike<StatementResult<T>> {
    const result = this.queue.push<T>(sql, params, options);
    // On the pool, the next statement may take another connection: nothing can wait for it.
    if (!this.inTransaction()) void this.flush().catch(() => undefined);
    return result;
  }

  /**
   * Sends what `defer` queued, then `trailer` (COMMIT), in as few round trips as possible:
   * statements without values, and repeated ones this connection has already prepared (as
   * `EXECUTE name(values)`), go together in one simple query; any other statement goes alone, in
   * order, through the extended protocol (its values bound, and prepared when repeated, so that
   * the next customer run batches it). PostgreSQL stops at the first failure; the rest fails too.
   */
  async flush(trailer?: string): Promise<void> {
    const items = this.queue.take();
    let batch: Array<{ text: string; item?: QueuedStatement }> = [];
    const sendBatch = async () => {
      if (batch.length === 0) return;
      const sent = batch;
      batch = [];
      let results: pg.QueryResult[];
      try {
        const result = (await this.client.query(sent.map((s) => s.text).join(';\n'))) as pg.QueryResult | pg.QueryResult[];
        results = Array.isArray(result) ? result : [result];
      } catch (error) {
        for (const s of sent) s.item?.fail(error);
        throw error;
      }
      sent.forEach((s, i) => s.item?.settle({ rows: results[i]?.rows ?? [], changed: results[i]?.rowCount ?? 0 }));
    };
    const prepared = this.prepared();
    for (const [i, item] of items.entries()) {
      const name = item.options.repeated ? preparedName(item.sql) : undefined;
      try {
        if (item.params.length === 0) batch.push({ text: item.sql, item });
        else if (name !== undefined && prepared.has(name)) batch.push({ text: `EXECUTE ${name}(${item.params.map((v) => this.literal(v)).join(', ')})`, item });
        else {
          await sendBatch();
          const result = await this.single(item.sql, item.params, item.options);
          item.settle({ rows: result.rows, changed: result.rowCount ?? 0 });
        }
      } catch (error) {
        for (const rest of items.slice(i)) rest.fail(error);
        throw error;
      }
    }
    if (trailer !== undefined) batch.push({ text: trailer });
    await sendBatch();
  }

  /** Drops what `defer` queued (a transaction rolled back before sending it). */
  discard(error: unknown): void {
    this.queue.discard(error);
  }

  async copyCsv(table: string, columns: readonly string[], csv: Readable): Promise<void> {
    const q = postgresDialect.quoteIdentifier;
    if (!('release' in this.client)) throw new StoreError('COPY needs a transaction');
    await this.flush();
    const target = this.client.query(copyFrom(`COPY ${q(table)} (${columns.map(q).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`));
    await pipeline(csv, target);
  }

  async copyOutCsv(select: string, out: Writable): Promise<void> {
    if (!('release' in this.client)) throw new StoreError('COPY needs a transaction');
    await this.flush();
    await pipeline(this.client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true)`)), out);
  }

  /** One statement alone, through the extended protocol: its values bound, never spliced. */
  private async single(sql: string, params: readonly SqlValue[], options: StatementOptions): Promise<pg.QueryResult> {
    const config = statement(sql, params, options);
    const result = await this.client.query(config);
    if (config.name !== undefined && this.inTransaction()) this.prepared().add(config.name);
    return result;
  }

  /** A statement after everything queued: in the same round trip when it can be. */
  private async afterQueued<T extends Row>(sql: string, params: readonly SqlValue[], options: StatementOptions): Promise<StatementResult<T>> {
    const result = this.queue.push<T>(sql, params, options);
    await this.flush();
    return result;
  }

  private inTransaction(): boolean {
    return 'release' in this.client;
  }

  private prepared(): Set<string> {
    let names = preparedOn.get(this.client);
    if (names === undefined) preparedOn.set(this.client, (names = new Set()));
    return names;
  }

  /**
   * A value as an SQL literal for `EXECUTE`: converted as pg converts a bound value
   * (`prepareValue`: arrays as array literals, dates with their offset) and quoted by pg's
   * `escapeLiteral`; PostgreSQL casts it to the type of the prepared statement's parameter.
   */
  private literal(value: SqlValue): string {
    const text = prepareValue(toPgValue(value)) as string | null | undefined;
    if (text === null || text === undefined) return 'NULL';
    return pg.escapeLiteral(String(text));
  }
}

/** `postgres://…?schema=name`: the schema holding the workspace (default `public`), and the URL pg takes. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string; display: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(`"${url}" is not a PostgreSQL URL (postgres://user@host:port/database?schema=name)`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new StoreError(`the schema "${schema}" of ${url} must be a plain name (letters, digits, _)`);
  parsed.searchParams.delete('schema');
  const display = new URL(parsed.href);
  if (display.password) display.password = '***';
  display.searchParams.set('schema', schema);
  return { connectionString: parsed.href, schema, display: display.href };
}

/**
 * The server store: a workspace's tables in one schema of a PostgreSQL database, read through a
 * pool. Every writing transaction holds the workspace's advisory lock, so that imports and runs
 * from several processes queue instead of deadlocking or interleaving.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly session: PostgresSession;

  private constructor(
    readonly location: string,
    readonly schema: string,
    private readonly pool: pg.Pool,
    readonly dialect: Dialect,
  ) {
    this.session = new PostgresSession(pool);
  }

  static async open(url: string, options: PostgresOptions): Promise<PostgresStore> {
    const { connectionString, schema, display } = parsePostgresUrl(url);
    const q = postgresDialect.quoteIdentifier;
    // Every connection starts in the workspace's schema and time zone (startup parameters).
    // work_mem: set-based rules hash a million customer keys; the default 4 MB would make PostgreSQL
    // fall back to per-row sub-plans.
    const settings = `-c search_path=${schema} -c TimeZone=${options.timezone} -c work_mem=256MB`;
    const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 4, types, options: settings });
    // Idle clients can lose their server (a restart): log nothing, the next query reconnects.
    pool.on('error', () => undefined);
    let characters: string;
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${q(schema)}`);
      characters = await characterRules(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new StoreError(`cannot open the PostgreSQL store ${display}: ${(error as Error).message}`);
    }
    return new PostgresStore(display, schema, pool, characters === 'default' ? postgresDialect : postgresDialectWith(characters));
  }

  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[], options?: StatementOptions): Promise<T[]> {
    return this.session.query<T>(sql, params, options);
  }

  run(sql: string, params?: readonly SqlValue[], options?: StatementOptions): Promise<number> {
    return this.session.run(sql, params, options);
  }

  defer<T extends Row = Row>(sql: string, params?: readonly SqlValue[], options?: StatementOptions): PromiseLike<StatementResult<T>> {
    return this.session.defer<T>(sql, params, options);
  }

  async transaction<T>(work: (tx: PostgresQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const session = new PostgresSession(client);
    try {
      // Sent with the work's first statement. One writer per workspace at a time, across
      // processes; the lock is released at COMMIT or ROLLBACK.
      void session.defer('BEGIN');
      void session.defer(`SELECT pg_advisory_xact_lock(hashtext(${pg.escapeLiteral(`segmenta:${this.schema}`)}))`);
      const result = await work(session);
      await session.flush('COMMIT');
      return result;
    } catch (error) {
      session.discard(error);
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** PostgreSQL reads one customer's rows through its indexes: nothing to rewrite. */
  async clusterByCustomer(): Promise<ClusterSummary> {
    const [row] = await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${postgresDialect.quoteIdentifier(EVENTS_TABLE)}`);
    return { rewritten: [], events: Number(row?.n ?? 0) };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
