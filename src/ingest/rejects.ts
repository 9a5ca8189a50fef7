/**
 * The rejects file: one CSV row per rejected record with its line (or record) number, the first
 * column at fault, every reason, and the record as it was, so that it can be fixed and imported.
 */
import type { DuckDbQueryable } from '../store/duckdb-store.js';
import type { Source } from './source.js';
import { STAGE } from './stage.js';

const REJECTS = '_rejects';

/** Gathers the rejected records of the staged import; returns how many there are. */
export async function collectRejects(db: DuckDbQueryable, source: Source): Promise<number> {
  const fromReader = await source.readerRejects(db);
  await db.run(`CREATE TEMP TABLE ${REJECTS} (line BIGINT, "column" VARCHAR, reason VARCHAR, raw VARCHAR)`);
  await db.run(`INSERT INTO ${REJECTS}
    SELECT ${source.lineOf('_ord')}, _problems[1]."column", array_to_string(list_transform(_problems, p -> p.reason), '; '), _raw
    FROM ${STAGE} WHERE len(_problems) > 0`);
  if (fromReader !== null) await db.run(`INSERT INTO ${REJECTS} ${fromReader}`);
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${REJECTS}`);
  return Number(row!.n);
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
