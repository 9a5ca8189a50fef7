/**
 * Gives the test run a token (inherited by the test processes) and drops the PostgreSQL schemas of
 * this run when it ends; a run that was killed leaves its own, which the next run's setup drops
 * when they are more than a day old (their token starts with the time they were made).
 */
import pg from 'pg';
import { checkShared } from './shared.js';
import { POSTGRES_URL, TEST_SCHEMA_PREFIX } from './stores.js';

const token = Date.now().toString(36);

async function dropSchemas(which: (token: string) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return; // no server: stores.ts reports it (or fails the suite under SEGMENTA_REQUIRE_POSTGRES)
  }
  try {
    const { rows } = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`, [TEST_SCHEMA_PREFIX]);
    for (const { name } of rows) {
      if (which(name.slice(TEST_SCHEMA_PREFIX.length).split('_')[0] ?? '')) await client.query(`DROP SCHEMA "${name}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  checkShared();
  process.env['SEGMENTA_TEST_RUN'] = token;
  const dayAgo = Date.now() - 86_400_000;
  await dropSchemas((t) => t === 'solo' || !(parseInt(t, 36) > dayAgo));
}

export async function teardown(): Promise<void> {
  await dropSchemas((t) => t === token);
}
