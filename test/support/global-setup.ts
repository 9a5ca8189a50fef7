/** Drops the PostgreSQL schemas of earlier test runs, before the suite and after it. */
import pg from 'pg';
import { POSTGRES_URL, TEST_SCHEMA_PREFIX } from './stores.js';

async function dropTestSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return; // no server: stores.ts reports it (or fails the suite under SEGMENTA_REQUIRE_POSTGRES)
  }
  try {
    const { rows } = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`, [TEST_SCHEMA_PREFIX]);
    for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  await dropTestSchemas();
}

export async function teardown(): Promise<void> {
  await dropTestSchemas();
}
