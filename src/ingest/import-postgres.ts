/**
 * Imports into PostgreSQL. A scratch DuckDB database (a temporary file) reads and validates the
 * file exactly as an import into the embedded store does: one reader and one set of validation
 * rules for both stores, DuckDB's fast CSV, NDJSON and Parquet readers, rejects with their lines.
 * The valid rows then travel to PostgreSQL by `COPY`, its bulk path, and are merged there by
 * set-based SQL, all inside one PostgreSQL transaction that holds the workspace's lock: a failed
 * import leaves nothing, and two processes never import into one workspace at once.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDbStore, type DuckDbQueryable } from '../store/duckdb-store.js';
import type { PostgresQueryable, PostgresStore } from '../store/postgres-store.js';
import { ensureSchema } from '../store/schema.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, EVENT_ID, EVENT_TYPE, EVENTS_TABLE, IMPORT_ID, TIME, userTables, type StoredColumn } from '../store/tables.js';
import type { Workspace } from '../workspace/types.js';
import type { ImportJob, ImportTarget, ReadAndStore } from './import.js';
import type { ImportSummary } from './import.js';
import type { EventCounts } from './load-events.js';
import { applyLatest, LATEST, latestByKey, latestColumns, latestLike, type MergeResult } from './merge.js';
import { DEFAULT_MEMORY_LIMIT } from '../store/open-store.js';
import { postgresDialect } from '../dialects/postgres.js';
import { refreshCustomerStatistics } from '../store/statistics.js';
import { sameEvent } from './event-identity.js';
import { q } from './sql-names.js';

/** A column crossing from DuckDB to PostgreSQL: lists are written as PostgreSQL array literals. */
interface Crossing {
  readonly name: string;
  readonly list?: 'text' | 'number';
}

function crossing(column: StoredColumn | { name: string; type: 'key' }): Crossing {
  if (column.type === 'list<string>') return { name: column.name, list: 'text' };
  if (column.type === 'list<number>') return { name: column.name, list: 'number' };
  return { name: column.name };
}

/** DuckDB SQL writing a column as PostgreSQL reads it from CSV. */
function asPostgresText(column: Crossing): string {
  const c = `t.${q(column.name)}`;
  if (column.list === 'number') return `CASE WHEN ${c} IS NOT NULL THEN '{' || array_to_string(${c}, ',') || '}' END AS ${q(column.name)}`;
  if (column.list === 'text') {
    // Every element double-quoted, with backslashes and quotes escaped (PostgreSQL array syntax).
    const element = `'"' || replace(replace(x, '\\', '\\\\'), '"', '\\"') || '"'`;
    return `CASE WHEN ${c} IS NOT NULL THEN '{' || array_to_string(list_transform(${c}, x -> ${element}), ',') || '}' END AS ${q(column.name)}`;
  }
  return c;
}

let transfers = 0;

/** Copies the rows of `select` (DuckDB SQL over the scratch database) into the PostgreSQL table `table`. */
async function transfer(db: DuckDbQueryable, select: string, params: readonly unknown[], pg: PostgresQueryable, table: string, columns: readonly Crossing[], dir: string): Promise<void> {
  const file = path.join(dir, `transfer-${++transfers}.csv`);
  await db.run(`COPY (SELECT ${columns.map(asPostgresText).join(', ')} FROM (${select}) t) TO '${file.replaceAll("'", "''")}' (FORMAT csv, HEADER true)`, params as never);
  await pg.copyCsv(table, columns.map((c) => c.name), createReadStream(file));
  await rm(file, { force: true });
}

/** Columns of the events table, as the workspace declares them (the same in both stores). */
function eventColumns(ws: Workspace): Crossing[] {
  const events = userTables(ws).find((t) => t.name === EVENTS_TABLE)!;
  const fixed = [CUSTOMER, EVENT_TYPE, TIME, ...(ws.events.id !== undefined ? [EVENT_ID] : []), IMPORT_ID].map((name) => ({ name }));
  return [...fixed, ...events.columns.map(crossing)];
}

function postgresTarget(pg: PostgresQueryable, ws: Workspace, dir: string): ImportTarget {
  return {
    async resolveCustomers(db, keysSql, params) {
      // The distinct keys of the file go to PostgreSQL; those that are customers come back. A key
      // holding a NUL is no customer (PostgreSQL text cannot hold one): it stays behind, unknown.
      await pg.run(`CREATE TEMP TABLE _keys (k TEXT)`);
      try {
        await transfer(db, `SELECT * FROM (${keysSql}) k(k) WHERE k IS NOT NULL AND NOT contains(k, chr(0))`, params, pg, '_keys', [{ name: 'k' }], dir);
        const known = path.join(dir, `known-${++transfers}.csv`);
        await pg.copyOutCsv(`SELECT k FROM _keys WHERE k IN (SELECT ${q(CUSTOMER)} FROM ${q(CUSTOMERS_TABLE)})`, createWriteStream(known));
        await db.run(`INSERT INTO ${q(CUSTOMERS_TABLE)} (${q(CUSTOMER)}) SELECT k FROM read_csv($1, header = true, columns = {'k': 'VARCHAR'}, auto_detect = false) EXCEPT SELECT ${q(CUSTOMER)} FROM ${q(CUSTOMERS_TABLE)}`, [known]);
        await rm(known, { force: true });
      } finally {
        await pg.run(`DROP TABLE IF EXISTS _keys`);
      }
    },

    async merge(db, entity, plan): Promise<MergeResult> {
      const valid = await latestByKey(db, entity);
      await pg.run(latestLike(entity, plan));
      const types = new Map<string, StoredColumn['type']>();
      for (const f of plan.fields) f.typed.columns.forEach((c, i) => types.set(f.stageColumns[i]!, storedType(f.typed.field.type)));
      const columns = latestColumns(entity, plan).map((name) => crossing({ name, type: types.get(name) ?? 'string' }));
      await transfer(db, `SELECT ${columns.map((c) => q(c.name)).join(', ')} FROM ${LATEST}`, [], pg, LATEST, columns, dir);
      await db.run(`DROP TABLE ${LATEST}`);
      const counts = await applyLatest(pg, entity, plan, valid);
      await refreshStatistics(pg, entity.kind === 'customers' ? CUSTOMERS_TABLE : collectionTable(entity.id), counts.inserted + counts.updated);
      return counts;
    },

    async storeEvents(db, importId, counts): Promise<EventCounts> {
      const columns = eventColumns(ws);
      await pg.run(`CREATE TEMP TABLE _incoming AS SELECT * FROM ${q(EVENTS_TABLE)} WHERE false`);
      try {
        // In index order: PostgreSQL then appends to its btree pages instead of writing all over them.
        await transfer(db, `SELECT * FROM ${q(EVENTS_TABLE)} WHERE ${q(IMPORT_ID)} = ${Math.floor(importId)} ORDER BY ${[CUSTOMER, EVENT_TYPE, TIME].map(q).join(', ')}`, [], pg, '_incoming', columns, dir);
        // Events already stored (same id, or the same values when there are no ids) are skipped.
        const names = columns.map((c) => q(c.name)).join(', ');
        const [{ stored }] = (await pg.query<{ stored: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${q(EVENTS_TABLE)}) AS stored`)) as [{ stored: boolean }];
        const rebuilt = await withoutIndexesForBulkLoads(pg, EVENTS_TABLE, counts.inserted);
        const inserted = await pg.run(
          `INSERT INTO ${q(EVENTS_TABLE)} (${names}) SELECT ${columns.map((c) => `i.${q(c.name)}`).join(', ')} FROM _incoming i
           ${stored ? `WHERE NOT EXISTS (SELECT 1 FROM ${q(EVENTS_TABLE)} o WHERE ${sameEvent(ws, 'o', 'i')})` : ''}`,
        );
        await rebuilt();
        await refreshStatistics(pg, EVENTS_TABLE, inserted);
        return { inserted, unchanged: counts.unchanged + (counts.inserted - inserted) };
      } finally {
        await pg.run(`DROP TABLE IF EXISTS _incoming`);
      }
    },
  };
}

/**
 * A load of a million rows or more, when the table holds fewer than twice as many: its indexes are
 * dropped before the insert and built again after it (one sort instead of millions of btree
 * insertions). The drop locks the table
 * until the import commits: other processes' reads of it wait meanwhile. Returns the rebuild.
 */
async function withoutIndexesForBulkLoads(pg: PostgresQueryable, table: string, incoming: number): Promise<() => Promise<void>> {
  if (incoming < 1_000_000) return async () => undefined;
  const [{ rows }] = (await pg.query<{ rows: number }>(`SELECT greatest(reltuples, 0) AS rows FROM pg_class WHERE oid = to_regclass($1)`, [table])) as [{ rows: number }];
  if (Number(rows) > 2 * incoming) return async () => undefined;
  const indexes = await pg.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`,
    [table],
  );
  for (const index of indexes) await pg.run(`DROP INDEX ${q(index.name)}`);
  return async () => {
    for (const index of indexes) await pg.run(index.definition);
  };
}

/** After a large load the planner's statistics are stale until autovacuum passes: refresh them now. */
async function refreshStatistics(pg: PostgresQueryable, table: string, changed: number): Promise<void> {
  if (changed >= 10_000) await refreshCustomerStatistics(pg, postgresDialect, table);
}

function storedType(type: Workspace['customers']['fields'][number]['type']): StoredColumn['type'] {
  return type === 'geopoint' ? 'number' : type;
}

/** Imports `job` into a PostgreSQL store through a scratch DuckDB database. */
export async function importThroughScratch(store: PostgresStore, job: ImportJob, read: ReadAndStore): Promise<ImportSummary> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segmenta-import-'));
  const scratch = await DuckDbStore.open(path.join(dir, 'scratch.duckdb'), { timezone: job.ws.timezone, memoryLimit: process.env['SEGMENTA_MEMORY_LIMIT'] || DEFAULT_MEMORY_LIMIT });
  try {
    await ensureSchema(scratch, job.ws);
    return await store.transaction((pg) => scratch.transaction((db) => read(db, pg, postgresTarget(pg, job.ws, dir), job)));
  } finally {
    await scratch.close();
    await rm(dir, { recursive: true, force: true });
  }
}
