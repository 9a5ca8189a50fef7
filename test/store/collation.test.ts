/**
 * Text compares and sorts byte by byte on both stores, whatever the PostgreSQL database's
 * collation. Many databases are created as en_US.UTF-8 (cloud services' default), where "a" < "B";
 * in DuckDB, and in the test database (C.UTF-8), "B" < "a". This test makes a database whose
 * collation is ICU's en-US and checks there what the test database cannot show: a rule comparing
 * text (rules.md: "text compares exactly"), value tiers' ties broken by key ascending
 * (segmentations.md), case-insensitive matching of accented letters, and a store made by an earlier Segmenta, whose columns the migration to
 * schema version 6 turns to byte order. A second database, made with LC_CTYPE "C" (whose lower()
 * lowers ASCII only), checks that case-insensitive matching still lowers every letter there.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { cli, cliJson } from '../support/cli.js';
import { workspaceWith } from '../support/workspace.js';
import { POSTGRES_URL, STORES, TEST_RUN } from '../support/stores.js';

const YAML = `name: Collation
timezone: Europe/Zurich
customers:
  key: id
  fields:
    name: string
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
segmentations:
  tiers:
    model: value_tiers
    event: purchase
    amount: amount
`;

// Five customers, each with one purchase of 100: the running total reaches 80 % (400) before the
// fifth in key order, which alone is in tier B. In byte order the keys sort A1, B2, C0, a2, b1
// (so b1 is B); in en-US they sort A1, a2, b1, B2, C0 (C0 would be B).
const FILES = {
  'customers.csv': 'id,name\nb1,apple\nA1,Banana\na2,banana\nB2,Apple\nC0,cherry\nD9,Élodie\n',
  'events.csv': ['customer_id,type,time,amount', ...['b1', 'A1', 'a2', 'B2', 'C0'].map((k) => `${k},purchase,2026-01-10T10:00:00,100`)].join('\n') + '\n',
};

/** Byte order: "Apple" (A = 65), "Banana" (B = 66), then "apple" (a = 97) are before "b" (98). */
const BEFORE_B = ['A1', 'B2', 'b1'];

const ICU_DATABASE = 'segmenta_test_icu';
const C_DATABASE = 'segmenta_test_ctype_c';
const SCHEMA = `segmenta_collation_${TEST_RUN}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
const databaseUrl = (database: string) => {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
};
const icuUrl = () => databaseUrl(ICU_DATABASE);

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database created once with these options (kept between runs; a concurrent creation is fine). */
async function database(name: string, options: string): Promise<string> {
  await withClient(POSTGRES_URL, async (client) => {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${name} ${options} TEMPLATE template0`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505') throw error;
    }
  });
  return databaseUrl(name);
}

/** The en-US database. */
async function icuDatabase(): Promise<string> {
  const url = await database(ICU_DATABASE, `LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
  // The premise: this database sorts as en-US does, not byte by byte.
  expect(await withClient(url, async (c) => (await c.query(`SELECT 'a' < 'B' AS en_us`)).rows[0].en_us)).toBe(true);
  return url;
}

async function dropSchema(schema: string, url = icuUrl()): Promise<void> {
  await withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}

/** Imports the workspace's files, makes a run, and reads what depends on text order. */
async function results(dir: string, env: NodeJS.ProcessEnv) {
  for (const [entity, file] of [['customers', 'customers.csv'], ['events', 'events.csv']]) {
    expect((await cli(['import', entity!, file!, '-w', dir], { env })).code).toBe(0);
  }
  expect((await cli(['run', '--at', '2026-02-01', '-w', dir], { env })).code).toBe(0);
  const members = async (rule: string) => (await cliJson<Array<{ id: string }>>(['members', rule, '-w', dir], { env })).json.map((r) => r.id);
  const tierB = await members('tiers = "B"');
  const storedTier = async (key: string) => (await cliJson<{ segmentations: Record<string, string> }>(['customer', key, '-w', dir], { env })).json.segmentations['tiers'];
  // A purchase of 0 for the last key of A (a2 in byte order) and for b1: the import's customer run
  // keeps both tiers, the cut point's key taken in byte order (en-US would take C0 and demote a2).
  await writeFile(path.join(dir, 'zero.csv'), 'customer_id,type,time,amount\na2,purchase,2026-01-20T10:00:00,0\nb1,purchase,2026-01-20T10:00:00,0\n');
  const zero = await cliJson<{ reevaluated: { customers: number } | null }>(['import', 'events', 'zero.csv', '--at', '2026-02-01', '-w', dir], { env });
  expect(zero.json.reevaluated?.customers).toBe(2);
  return {
    beforeB: await members('name < "b"'),
    tierB,
    // What the customer run stored (members evaluates rules afresh; the profile shows the memberships).
    tiersAfterCustomerRun: [await storedTier('a2'), await storedTier('b1')],
    // Case-insensitive matching still lowers every letter (under "C", PostgreSQL's lower() would not lower É).
    insensitive: [...(await members('name contains "élo"')), ...(await members('name starts with "éLODIE"')), ...(await members('name ends with "DIE"'))],
  };
}

describe.runIf(STORES.includes('postgres'))('text order on a PostgreSQL database whose collation is en-US', () => {
  afterAll(async () => {
    await dropSchema(`${SCHEMA}_new`);
    await dropSchema(`${SCHEMA}_old`);
  });

  test('rules and value tiers give what DuckDB gives: byte order', async () => {
    const url = await icuDatabase();
    const duck = await results(await workspaceWith(YAML, FILES), {});
    expect(duck).toEqual({ beforeB: BEFORE_B, tierB: ['b1'], tiersAfterCustomerRun: ['A', 'B'], insensitive: ['D9', 'D9', 'D9'] });
    await dropSchema(`${SCHEMA}_new`);
    const postgres = await results(await workspaceWith(YAML, FILES), { SEGMENTA_DATABASE_URL: `${url}?schema=${SCHEMA}_new` });
    expect(postgres).toEqual(duck);
  });

  test('a store made before schema version 6 is turned to byte order when opened', async () => {
    const url = await icuDatabase();
    const schema = `${SCHEMA}_old`;
    await dropSchema(schema);
    const env = { SEGMENTA_DATABASE_URL: `${url}?schema=${schema}` };
    const dir = await workspaceWith(YAML, FILES);
    expect((await cli(['import', 'customers', 'customers.csv', '-w', dir], { env })).code).toBe(0);
    // As an earlier Segmenta left it: text columns in the database's collation, schema version 5.
    await withClient(url, async (c) => {
      const { rows } = await c.query<{ table_name: string; column_name: string; list: boolean }>(
        `SELECT table_name, column_name, data_type = 'ARRAY' AS list FROM information_schema.columns
          WHERE table_schema = $1 AND (data_type = 'text' OR udt_name = '_text')`,
        [schema],
      );
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) await c.query(`ALTER TABLE ${schema}."${r.table_name}" ALTER COLUMN "${r.column_name}" TYPE ${r.list ? 'TEXT[]' : 'TEXT'} COLLATE "default"`);
      await c.query(`UPDATE ${schema}.meta SET value = '5' WHERE key = 'schema_version'`);
    });
    expect((await cliJson<Array<{ id: string }>>(['members', 'name < "b"', '-w', dir], { env })).json.map((r) => r.id)).toEqual(BEFORE_B);
    await withClient(url, async (c) => {
      const { rows } = await c.query(
        `SELECT c.relname, a.attname, co.collname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_collation co ON co.oid = a.attcollation
          WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND a.atttypid IN ('text'::regtype, 'text[]'::regtype) AND co.collname <> 'C'`,
        [schema],
      );
      expect(rows).toEqual([]);
      expect((await c.query(`SELECT value FROM ${schema}.meta WHERE key = 'schema_version'`)).rows).toEqual([{ value: String(SCHEMA_VERSION) }]);
    });
  });
});

describe.runIf(STORES.includes('postgres'))('case-insensitive rules on a PostgreSQL database whose LC_CTYPE is "C"', () => {
  afterAll(async () => {
    await dropSchema(`${SCHEMA}_ctype`, databaseUrl(C_DATABASE));
  });

  test('lower every letter, as DuckDB does', async () => {
    const url = await database(C_DATABASE, `ENCODING 'UTF8' LOCALE 'C'`);
    // The premise: this database's own lower() leaves É as it is.
    expect(await withClient(url, async (c) => (await c.query(`SELECT lower('É') AS l`)).rows[0].l)).toBe('É');
    await dropSchema(`${SCHEMA}_ctype`, url);
    const postgres = await results(await workspaceWith(YAML, FILES), { SEGMENTA_DATABASE_URL: `${url}?schema=${SCHEMA}_ctype` });
    expect(postgres).toEqual({ beforeB: BEFORE_B, tierB: ['b1'], tiersAfterCustomerRun: ['A', 'B'], insensitive: ['D9', 'D9', 'D9'] });
  });
});
