/**
 * The stores every store-touching test runs against: DuckDB always, PostgreSQL when the local
 * server answers (127.0.0.1:5432, user postgres, database test; `SEGMENTA_TEST_POSTGRES` names
 * another). A missing server skips the PostgreSQL half with a notice, unless
 * `SEGMENTA_REQUIRE_POSTGRES=1` (set by `.ci/run`), under which it fails the suite.
 *
 * Each test workspace gets its own PostgreSQL schema, named from its folder, so that the test and
 * the command-line processes it starts open the same store (`storeEnv`).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

export type StoreKind = 'duckdb' | 'postgres';

export const POSTGRES_URL = process.env['SEGMENTA_TEST_POSTGRES'] || 'postgres://postgres@127.0.0.1:5432/test';
/** Prefix of the schemas the tests create (dropped by test/support/global-setup.ts). */
export const TEST_SCHEMA_PREFIX = 'segmenta_test_';

async function postgresAnswers(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function availableStores(): Promise<StoreKind[]> {
  const problem = await postgresAnswers();
  if (problem === undefined) return ['duckdb', 'postgres'];
  if (process.env['SEGMENTA_REQUIRE_POSTGRES'] === '1') throw new Error(`PostgreSQL is required (SEGMENTA_REQUIRE_POSTGRES=1) but ${POSTGRES_URL} does not answer: ${problem}`);
  process.stderr.write(`\n[segmenta tests] PostgreSQL at ${POSTGRES_URL} does not answer (${problem}): the PostgreSQL half of the suite is SKIPPED.\n`);
  return ['duckdb'];
}

/** The stores to run on, for `describe.each(STORES)`. */
export const STORES: readonly StoreKind[] = await availableStores();

/**
 * This test run's token (set by test/support/global-setup.ts, inherited by the test processes):
 * each run drops only its own schemas, so that two suites running at once do not disturb each other.
 */
export const TEST_RUN = process.env['SEGMENTA_TEST_RUN'] ?? 'solo';

/** The schema of the test workspace in `dir`. */
export function testSchema(dir: string): string {
  return `${TEST_SCHEMA_PREFIX}${TEST_RUN}_${createHash('sha1').update(dir).digest('hex').slice(0, 16)}`;
}

/** The environment that makes Segmenta open the workspace in `dir` on `store`. */
export function storeEnv(store: StoreKind, dir: string): NodeJS.ProcessEnv {
  return store === 'postgres' ? { SEGMENTA_DATABASE_URL: `${POSTGRES_URL}?schema=${testSchema(dir)}` } : {};
}

/** The store each test workspace folder was made for, so that command-line runs (`-w DIR`) open the same one. */
const storeOfDir = new Map<string, StoreKind>();

/** Records that the workspace in `dir` lives on `store`; returns `dir`. */
export function useStore(dir: string, store: StoreKind): string {
  storeOfDir.set(path.resolve(dir), store);
  return dir;
}

/** The environment for a command line whose arguments name a workspace (`-w DIR`), on its recorded store. */
export function cliStoreEnv(args: readonly string[], cwd?: string): NodeJS.ProcessEnv {
  const i = args.findIndex((a) => a === '-w' || a === '--workspace');
  const dir = path.resolve(cwd ?? process.cwd(), i >= 0 ? args[i + 1]! : '.');
  const store = storeOfDir.get(dir);
  return store === undefined ? {} : storeEnv(store, dir);
}
