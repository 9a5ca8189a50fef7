/**
 * The store a demo fills, and how it knows one it may fill again. The demo writes customers under
 * the keys C000001…, so it must never write into a store holding someone's data: a PostgreSQL
 * schema named by `SEGMENTA_DATABASE_URL`, a DuckDB file, or a demo's store into which someone
 * imported their own files. A demo marks its store in `meta` (key `demo`); a store with customers
 * is written into only under that mark, with nothing imported but the demo's own files, and is then
 * emptied of Segmenta's tables (never of tables Segmenta did not make) before it is filled again.
 */
import path from 'node:path';
import { StoreError, type Queryable, type Store } from '../store/store.js';
import { CUSTOMERS_TABLE, IMPORTS_TABLE, META_TABLE, userTables } from '../store/tables.js';
import { MIGRATION_TABLES } from '../store/migrations.js';
import type { Workspace } from '../workspace/types.js';

/** The key of the `meta` row that marks a store a demo fills. */
const DEMO_MARK = 'demo';

/** The files a demo writes and imports, with their entities, in import order. */
export const DEMO_FILES = [['customers', 'customers.csv'], ['pets', 'pets.csv'], ['events', 'events.csv']] as const;

/**
 * The mark's value, JSON: the seed, the files the demo imports and, once it has finished, the id
 * of its last import, after which any import is someone else's. Demos made before this was
 * recorded wrote the seed alone (`42`).
 */
export interface DemoMark {
  readonly seed: number;
  readonly files: readonly string[];
  readonly lastImport?: number;
}

function readDemoMark(value: string): Partial<DemoMark> {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<DemoMark>) : {};
  } catch {
    return {};
  }
}

/**
 * Refuses a store that holds data no demo made: customers without a demo's mark, or an import
 * other than the demo's own (after a finished demo: any import; after one stopped half-way, or
 * under a mark of the seed alone, an import of a file not named as the demo's). Says whether a
 * demo marked the store (`false`: an unmarked store without customers, nothing of a demo's to empty).
 */
export async function requireDemoStore(db: Queryable, location: string): Promise<boolean> {
  const [customers] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${CUSTOMERS_TABLE} LIMIT 1) c`);
  const [mark] = await db.query<{ value: string }>(`SELECT value FROM ${META_TABLE} WHERE key = '${DEMO_MARK}'`);
  if (mark === undefined) {
    if (Number(customers?.n ?? 0) === 0) return false;
    throw new StoreError(`the store ${location} holds customers that no demo made: give the demo an empty database or schema`);
  }
  const { lastImport, files } = readDemoMark(mark.value);
  let other: { file: string } | undefined;
  if (typeof lastImport === 'number') {
    [other] = await db.query<{ file: string }>(`SELECT file FROM ${IMPORTS_TABLE} WHERE id > $1 ORDER BY id LIMIT 1`, [lastImport]);
  } else {
    // One row per import: a few for a demo.
    const imports = await db.query<{ file: string }>(`SELECT file FROM ${IMPORTS_TABLE} ORDER BY id`);
    const names: readonly string[] = DEMO_FILES.map(([, file]) => file);
    other = Array.isArray(files)
      ? imports.find((i) => !files.includes(i.file))
      : (imports[DEMO_FILES.length] ?? imports.find((i) => !names.includes(path.basename(i.file))));
  }
  if (other !== undefined) throw new StoreError(`the store ${location} holds an import made after the demo (${other.file}): choose another folder, database or schema`);
  return true;
}

/**
 * Takes a store for a demo, in one transaction (on PostgreSQL under the workspace's lock, so that
 * no import slips in between the check and the emptying): checked as above, emptied of Segmenta's
 * tables when an earlier demo filled it (its customers, events and runs would otherwise stay beside
 * the new ones), and marked as this demo's.
 */
export async function claimDemoStore(store: Store, ws: Workspace, mark: DemoMark): Promise<void> {
  await store.transaction(async (tx) => {
    if (await requireDemoStore(tx, store.location)) {
      for (const table of [...userTables(ws).map((t) => t.name), ...MIGRATION_TABLES]) await tx.run(`DELETE FROM ${store.dialect.quoteIdentifier(table)}`);
    }
    await writeDemoMark(tx, mark);
  });
}

/** Records the demo's mark (again, once it has finished, with its last import). */
export async function writeDemoMark(tx: Queryable, mark: DemoMark): Promise<void> {
  await tx.run(`DELETE FROM ${META_TABLE} WHERE key = '${DEMO_MARK}'`);
  await tx.run(`INSERT INTO ${META_TABLE} (key, value) VALUES ('${DEMO_MARK}', $1)`, [JSON.stringify(mark)]);
}
