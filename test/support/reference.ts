/**
 * An independent DuckDB, used by tests to compute expected results straight from raw files with
 * hand-written SQL — never through Segmenta's own code.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export async function reference<T = Record<string, unknown>>(sql: string, timezone = 'Europe/Zurich'): Promise<T[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`SET TimeZone = '${timezone}'`);
    const reader = await c.runAndReadAll(sql);
    return reader.getRowObjectsJson() as T[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

export async function referenceCount(sql: string): Promise<number> {
  const [row] = await reference<{ n: string | number }>(sql);
  return Number(row!.n);
}
