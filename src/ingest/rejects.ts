/**
 * Rejected records, gathered in a temporary table while importing, then written to the rejects
 * file: one CSV row per record with its line (or record) number, the first column at fault, every
 * reason, and the record as it was, so that it can be fixed and imported again.
 */
import type { DuckDbQueryable } from '../store/duckdb-store.js';
import type { Source } from './source.js';
import { reasonsText } from './field-values.js';
import { STAGE } from './stage.js';

export const REJECTS = '_rejects';

export async function createRejects(db: DuckDbQueryable): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${REJECTS} (line BIGINT, "column" VARCHAR, reason VARCHAR, raw VARCHAR)`);
}

/** Records the reader refused by itself (CSV rows with a wrong number of fields). Call right after the scan. */
export async function addReaderRejects(db: DuckDbQueryable, source: Source): Promise<void> {
  const sql = await source.readerRejects(db);
  if (sql !== null) await db.run(`INSERT INTO ${REJECTS} ${sql}`);
}

/** The staged records (customers, collections) with failed checks. */
export async function addStagedRejects(db: DuckDbQueryable, source: Source): Promise<void> {
  await db.run(`INSERT INTO ${REJECTS}
    SELECT ${source.lineOf('_ord')}, _problems[1]."column", ${reasonsText('_problems')}, _raw
    FROM ${STAGE} WHERE len(_problems) > 0`);
}

export async function countRejects(db: DuckDbQueryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${REJECTS}`);
  return Number(row?.n ?? 0);
}

export async function writeRejects(db: DuckDbQueryable, file: string): Promise<void> {
  await db.run(`COPY (SELECT line, "column", reason, raw FROM ${REJECTS} ORDER BY line) TO $1 (HEADER, DELIMITER ',')`, [file]);
}

/** The first few rejects, for messages. */
export async function firstRejects(db: DuckDbQueryable, limit: number): Promise<Array<{ line: number; column: string; reason: string }>> {
  return db.query(`SELECT line, "column" AS column, reason FROM ${REJECTS} ORDER BY line LIMIT ${Math.floor(limit)}`);
}

export async function dropRejects(db: DuckDbQueryable): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${REJECTS}`);
}
