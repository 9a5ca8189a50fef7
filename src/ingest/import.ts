/**
 * `segmenta import ENTITY FILE`: reads a file with DuckDB, validates every row against the
 * workspace, writes rejected rows to a rejects file and merges the others, all in one transaction
 * (workspace.md, "Imports"). A failure at any point leaves the store as it was.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { didYouMean } from '../workspace/diagnostics.js';
import type { Workspace } from '../workspace/types.js';
import type { DuckDbQueryable, DuckDbStore } from '../store/duckdb-store.js';
import { IMPORTS_TABLE } from '../store/tables.js';
import { detectFormat, FILE_FORMATS, type FileFormat } from './formats.js';
import { ImportError } from './import-error.js';
import { mergeStage, type MergeCounts } from './merge.js';
import { collectRejects, dropRejects, firstRejects, writeRejects } from './rejects.js';
import { openSource } from './source.js';
import { planStage, STAGE, type ImportEntity } from './stage.js';

export interface ImportOptions {
  /** `csv`, `ndjson` or `parquet`; default from the file's extension. */
  readonly format?: string;
  /** Where to write rejected rows (default: `.segmenta/rejects/<file>.rejects.csv` beside the store). */
  readonly rejects?: string;
  /** Refuse the whole import when any row is rejected. */
  readonly strict?: boolean;
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
}

/** Raised by `--strict` imports with rejected rows: nothing was imported. */
export class ImportRefused extends ImportError {
  constructor(readonly summary: ImportSummary) {
    super(`${summary.rejected} row(s) rejected and --strict given: nothing imported (see ${summary.rejects})`);
  }
}

export function resolveEntity(ws: Workspace, name: string): ImportEntity {
  if (name === 'customers') return { kind: 'customers' };
  if (name === 'events') return { kind: 'events' };
  if (ws.collections.some((c) => c.id === name)) return { kind: 'collection', id: name };
  const known = ['customers', 'events', ...ws.collections.map((c) => c.id)];
  throw new ImportError(`cannot import "${name}": not customers, events or a collection of the workspace${didYouMean(name, known)} (known: ${known.join(', ')})`);
}

function defaultRejectsFile(store: DuckDbStore, ws: Workspace, file: string): string {
  const base = path.basename(file).replace(/\.[^.]*$/, '');
  const dir = store.location === ':memory:' ? path.join(ws.dir, '.segmenta') : path.dirname(store.location);
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

async function logImport(db: DuckDbQueryable, entity: string, file: string, format: string, counts: MergeCounts, rejected: number): Promise<void> {
  await db.run(
    `INSERT INTO ${IMPORTS_TABLE} SELECT coalesce(max(id), 0) + 1, $1, $2, $3, now(), $4, $5, $6, $7 FROM ${IMPORTS_TABLE}`,
    [entity, file, format, counts.inserted, counts.updated, counts.unchanged, rejected],
  );
}

/** Imports one file into the store. Throws `ImportError` (nothing kept) for a file that cannot be imported. */
export async function importFile(store: DuckDbStore, ws: Workspace, entityName: string, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
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
  const rejectsPath = await writableRejectsPath(options.rejects ? path.resolve(options.rejects) : defaultRejectsFile(store, ws, absolute), options.rejects !== undefined);

  return store.transaction(async (db) => {
    const source = await openSource(db, absolute, format);
    try {
      const plan = planStage(ws, entity, source, file);
      const params = [...source.params];
      try {
        if (options.onProgress) await db.runWithProgress(plan.sql, params, options.onProgress);
        else await db.run(plan.sql, params);
      } catch (error) {
        throw new ImportError(`cannot read ${file} as ${format}: ${(error as Error).message.split('\n')[0]}`);
      }
      const rejected = await collectRejects(db, source);
      if (rejected > 0) await writeRejects(db, rejectsPath);
      const examples = rejected > 0 ? await firstRejects(db, 5) : [];
      const base = { entity: entityName, file: absolute, format, rejected, rejects: rejected > 0 ? rejectsPath : null, examples };
      if (options.strict && rejected > 0) throw new ImportRefused({ ...base, inserted: 0, updated: 0, unchanged: 0 });
      const counts = await mergeStage(db, ws, entity, plan);
      await logImport(db, entityName, absolute, format, counts, rejected);
      return { ...base, ...counts };
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${STAGE}`).catch(() => undefined);
      await dropRejects(db).catch(() => undefined);
      await source.cleanup(db).catch(() => undefined);
    }
  });
}
