/**
 * `segmenta import ENTITY FILE`: reads a file with DuckDB, validates every row against the
 * workspace, writes rejected rows to a rejects file and merges the others, all in one transaction
 * (workspace.md, "Imports"). A failure at any point leaves the store as it was.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { didYouMean } from '../rules/suggest.js';
import type { Workspace } from '../workspace/types.js';
import { DuckDbStore, type DuckDbQueryable } from '../store/duckdb-store.js';
import { PostgresStore } from '../store/postgres-store.js';
import type { Queryable, Store } from '../store/store.js';
import { IMPORTS_TABLE } from '../store/tables.js';
import { CSV_ENCODINGS, detectFormat, FILE_FORMATS, type FileFormat, type ReaderEncoding } from './formats.js';
import { ImportError } from './import-error.js';
import { transcodedToUtf8 } from './transcode.js';
import { isWholeFileFailure, unreadable } from './unreadable.js';
import { loadEvents, type CustomerResolver, type EventCounts } from './load-events.js';
import { mergeStage, type ChangedCustomers, type MergeCounts, type MergeEntity, type MergeResult } from './merge.js';
import { importThroughScratch } from './import-postgres.js';
import { addReaderRejects, addStagedRejects, countRejects, createRejects, dropRejects, firstRejects, writeRejects } from './rejects.js';
import { openSource } from './source.js';
import { ignoredColumns, nearestReadColumns } from './ignored-columns.js';
import { planStage, STAGE, type ImportEntity, type StagePlan } from './stage.js';

export interface ImportOptions {
  /** `csv`, `ndjson` or `parquet`; default from the file's extension. */
  readonly format?: string;
  /** Where to write rejected rows (default: `.segmenta/rejects/<file>.rejects.csv` beside the store). */
  readonly rejects?: string;
  /** Refuse the whole import when any row is rejected. */
  readonly strict?: boolean;
  /** Text encoding of a CSV file (default UTF-8; NDJSON and Parquet are UTF-8 by definition). */
  readonly encoding?: string;
  /** Called with the share of the file read so far (0..1). */
  readonly onProgress?: (fraction: number) => void;
}

/** The `--json` output of `segmenta import`. */
export interface ImportSummary {
  readonly entity: string;
  readonly file: string;
  readonly format: FileFormat;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** The rejects file, or null when no row was rejected. */
  readonly rejects: string | null;
  /** The first rejected rows, for a quick look. */
  readonly examples: ReadonlyArray<{ line: number; column: string; reason: string }>;
  /** The id of the import in the `imports` log (events carry it). */
  readonly importId: number;
  /** Customers and records: the customers whose data changed (events: see `importId`). */
  readonly changed?: ChangedCustomers;
  /** Columns of the file that the workspace does not read for this entity (ignored-columns.ts). */
  readonly ignoredColumns: readonly string[];
  /** The nearest declared column of each ignored column that has one close (a header typo's fix). */
  readonly nearestColumns: Readonly<Record<string, string>>;
}

/** Raised by `--strict` imports with rejected rows: nothing was imported. */
export class ImportRefused extends ImportError {
  constructor(readonly summary: ImportSummary) {
    super(`${summary.rejected} ${summary.rejected === 1 ? 'row' : 'rows'} rejected and --strict given: nothing imported (see ${summary.rejects})`);
  }
}

export function resolveEntity(ws: Workspace, name: string): ImportEntity {
  if (name === 'customers') return { kind: 'customers' };
  if (name === 'events') return { kind: 'events' };
  if (ws.collections.some((c) => c.id === name)) return { kind: 'collection', id: name };
  const known = ['customers', 'events', ...ws.collections.map((c) => c.id)];
  throw new ImportError(`cannot import "${name}": not customers, events or a collection of the workspace${didYouMean(name, known)} (known: ${known.join(', ')})`);
}

function defaultRejectsFile(store: Store, ws: Workspace, file: string): string {
  const base = path.basename(file).replace(/\.[^.]*$/, '');
  const dir = store.kind === 'duckdb' && store.location !== ':memory:' ? path.dirname(store.location) : path.join(ws.dir, '.segmenta');
  return path.join(dir, 'rejects', `${base}.rejects.csv`);
}

async function writableRejectsPath(wanted: string, explicit: boolean): Promise<string> {
  try {
    await mkdir(path.dirname(wanted), { recursive: true });
    return wanted;
  } catch (error) {
    if (explicit) throw new ImportError(`cannot write the rejects file ${wanted}: ${(error as Error).message}`);
    const fallback = path.join(os.tmpdir(), 'segmenta-rejects', path.basename(wanted));
    await mkdir(path.dirname(fallback), { recursive: true });
    return fallback;
  }
}

async function nextImportId(db: Queryable): Promise<number> {
  const [row] = await db.query<{ id: number }>(`SELECT coalesce(max(id), 0) + 1 AS id FROM ${IMPORTS_TABLE}`);
  return Number(row!.id);
}

async function logImport(db: Queryable, id: number, entity: string, file: string, format: string, counts: MergeCounts, rejected: number): Promise<void> {
  await db.run(`INSERT INTO ${IMPORTS_TABLE} VALUES ($1, $2, $3, $4, now(), $5, $6, $7, $8)`, [
    id,
    entity,
    file,
    format,
    counts.inserted,
    counts.updated,
    counts.unchanged,
    rejected,
  ]);
}

/** Imports one file into the store. Throws `ImportError` (nothing kept) for a file that cannot be imported. */
export async function importFile(store: Store, ws: Workspace, entityName: string, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const entity = resolveEntity(ws, entityName);
  const absolute = path.resolve(file);
  const format = detectFormat(absolute, options.format);
  if (format === undefined) {
    throw new ImportError(
      options.format !== undefined
        ? `unknown format "${options.format}" (formats: ${FILE_FORMATS.join(', ')})`
        : `cannot tell the format of ${file} from its extension: give --format ${FILE_FORMATS.join('|')}`,
    );
  }
  const encoding = options.encoding ?? 'utf-8';
  if (!(CSV_ENCODINGS as readonly string[]).includes(encoding)) throw new ImportError(`unknown encoding "${encoding}" (encodings: ${CSV_ENCODINGS.join(', ')})`);
  if (encoding !== 'utf-8' && format !== 'csv') throw new ImportError(`--encoding applies to CSV files: ${format} files are UTF-8`);
  const rejectsPath = await writableRejectsPath(options.rejects ? path.resolve(options.rejects) : defaultRejectsFile(store, ws, absolute), options.rejects !== undefined);
  if (!(store instanceof DuckDbStore) && !(store instanceof PostgresStore)) throw new ImportError(`imports into a ${store.kind} store are not supported`);
  const transcoded = encoding === 'windows-1252' ? await transcodedToUtf8(absolute, encoding) : undefined;
  const job: ImportJob = {
    ws, entity, entityName, file: absolute, displayName: file, format, rejectsPath, options,
    read: transcoded ? { file: transcoded.path, encoding: 'utf-8' } : { file: absolute, encoding: encoding as ReaderEncoding },
  };
  try {
    if (store instanceof DuckDbStore) return await store.transaction((db) => readAndStore(db, db, { merge: mergeStage }, job));
    return await importThroughScratch(store, job, readAndStore);
  } finally {
    await transcoded?.remove();
  }
}

/** Where the rows read from a file go: the store's own DuckDB session, or another store. */
export interface ImportTarget {
  /** Teaches the reading session which customers exist (for unknown owners and event customers). */
  readonly resolveCustomers?: CustomerResolver;
  /** Customers and records: upserts the file's valid rows (staged in the reading session). */
  merge(db: DuckDbQueryable, entity: MergeEntity, plan: StagePlan): Promise<MergeResult>;
  /** Events: stores those loaded into the reading session's `events` under the import id. */
  storeEvents?(db: DuckDbQueryable, importId: number, counts: EventCounts): Promise<EventCounts>;
}

export interface ImportJob {
  readonly ws: Workspace;
  readonly entity: ImportEntity;
  readonly entityName: string;
  readonly file: string;
  /** The file as the user named it, for messages. */
  readonly displayName: string;
  readonly format: FileFormat;
  readonly rejectsPath: string;
  readonly options: ImportOptions;
  /** What is read, and in which encoding: the file itself, or its UTF-8 copy (Windows-1252). */
  readonly read: { readonly file: string; readonly encoding: ReaderEncoding };
}

/**
 * Reads and validates the file in the DuckDB session `db`, hands the valid rows to `target`, logs
 * the import in `log` (the store's transaction) and writes the rejects file.
 */
async function readAndStore(db: DuckDbQueryable, log: Queryable, target: ImportTarget, job: ImportJob): Promise<ImportSummary> {
  const { ws, entity, file, format, options } = job;
  const source = await openSource(db, job.read.file, format, job.read.encoding);
  try {
    const importId = await nextImportId(log);
    await createRejects(db);
    let counts: MergeCounts & { changed?: ChangedCustomers };
    if (entity.kind === 'events') {
      const loaded = await loadEvents(db, ws, source, job.displayName, importId, options.onProgress, target.resolveCustomers);
      counts = { ...(target.storeEvents ? await target.storeEvents(db, importId, loaded) : loaded), updated: 0 };
    } else {
      const plan = planStage(ws, entity, source, job.displayName);
      if (plan.parentKeys !== undefined) await target.resolveCustomers?.(db, `SELECT DISTINCT ${plan.parentKeys} FROM ${source.from}`, source.params);
      await readFile(() => (options.onProgress ? db.runWithProgress(plan.sql, source.params, options.onProgress) : db.run(plan.sql, source.params)), job);
      await addReaderRejects(db, source);
      await addStagedRejects(db, source);
      counts = await target.merge(db, entity, plan);
    }
    const rejected = await countRejects(db);
    if (rejected > 0) await writeRejects(db, job.rejectsPath);
    const examples = rejected > 0 ? await firstRejects(db, 5) : [];
    const ignored = ignoredColumns(ws, entity, source.columns);
    const summary = { entity: job.entityName, file, format, rejected, rejects: rejected > 0 ? job.rejectsPath : null, examples, importId, ignoredColumns: ignored, nearestColumns: nearestReadColumns(ws, entity, ignored), ...counts };
    if (options.strict && rejected > 0) throw new ImportRefused({ ...summary, inserted: 0, updated: 0, unchanged: 0 });
    await logImport(log, importId, job.entityName, file, format, counts, rejected);
    return summary;
  } catch (error) {
    // Events, and the owners of records in a PostgreSQL store, are read by statements of their own.
    throw isWholeFileFailure(error) ? await unreadable(error, job.read.file, job.displayName, job.format) : error;
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${STAGE}`).catch(() => undefined);
    await dropRejects(db).catch(() => undefined);
    await source.cleanup(db).catch(() => undefined);
  }
}

export type ReadAndStore = typeof readAndStore;

/** Runs the scan of the file, turning DuckDB's reading errors into an import error. */
async function readFile(scan: () => Promise<unknown>, job: ImportJob): Promise<void> {
  try {
    await scan();
  } catch (error) {
    throw await unreadable(error, job.read.file, job.displayName, job.format);
  }
}
