import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { postgresDialect } from '../dialects/postgres.js';
import { StoreError, type ClusterSummary, type Queryable, type Row, type SqlValue, type StatementOptions, type Store } from './store.js';
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

/** A statement for pg: named (prepared once per connection, its plan kept) when it is repeated. */
function statement(sql: string, params: readonly SqlValue[], options: StatementOptions): pg.QueryConfig {
  const values = params.map(toPgValue);
  if (!options.repeated) return { text: sql, values };
  return { name: `segmenta_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`, text: sql, values };
}

class PostgresSession implements PostgresQueryable {
  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], options: StatementOptions = {}): Promise<T[]> {
    const result = await this.client.query(statement(sql, params, options));
    return result.rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = [], options: StatementOptions = {}): Promise<number> {
    const result = await this.client.query(statement(sql, params, options));
    return result.rowCount ?? 0;
  }

  async copyCsv(table: string, columns: readonly string[], csv: Readable): Promise<void> {
    const q = postgresDialect.quoteIdentifier;
    if (!('release' in this.client)) throw new StoreError('COPY needs a transaction');
    const target = this.client.query(copyFrom(`COPY ${q(table)} (${columns.map(q).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`));
    await pipeline(csv, target);
  }

  async copyOutCsv(select: string, out: Writable): Promise<void> {
    if (!('release' in this.client)) throw new StoreError('COPY needs a transaction');
    await pipeline(this.client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true)`)), out);
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
  readonly dialect = postgresDialect;
  private readonly session: PostgresSession;

  private constructor(
    readonly location: string,
    readonly schema: string,
    private readonly pool: pg.Pool,
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
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${q(schema)}`);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new StoreError(`cannot open the PostgreSQL store ${display}: ${(error as Error).message}`);
    }
    return new PostgresStore(display, schema, pool);
  }

  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[], options?: StatementOptions): Promise<T[]> {
    return this.session.query<T>(sql, params, options);
  }

  run(sql: string, params?: readonly SqlValue[], options?: StatementOptions): Promise<number> {
    return this.session.run(sql, params, options);
  }

  async transaction<T>(work: (tx: PostgresQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One writer per workspace at a time, across processes; released at COMMIT or ROLLBACK.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`segmenta:${this.schema}`]);
      const result = await work(new PostgresSession(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
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
