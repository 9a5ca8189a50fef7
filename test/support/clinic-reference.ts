/**
 * Hand-written SQL over the raw clinic CSV files, for expected counts. Views type the raw text
 * themselves (naive local times stay naive: the reference compares them in local time, an
 * independent route from the store's instants). `AT` is the evaluation instant as a naive local
 * timestamp literal.
 */
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FIXTURE } from './workspace.js';

const raw = (file: string) => `read_csv('${path.join(FIXTURE, file)}', all_varchar = true)`;

const VIEWS = [
  `CREATE VIEW cust AS SELECT id, first_name, last_name, email, language, CAST(birth_date AS DATE) AS birth_date, gender,
     CAST(home_lat AS DOUBLE) AS lat, CAST(home_lon AS DOUBLE) AS lon, postcode, CAST(created_at AS TIMESTAMP) AS created_at,
     email_opt_in = 'true' AS opt_in FROM ${raw('customers.csv')}`,
  `CREATE VIEW pet AS SELECT id, customer_id, name, species, CAST(birth_date AS DATE) AS birth_date,
     coalesce(string_split(conditions, '|'), []) AS conditions FROM ${raw('pets.csv')}`,
  `CREATE VIEW ev AS SELECT customer_id, type, CAST(time AS TIMESTAMP) AS time, CAST(amount AS DOUBLE) AS amount,
     coalesce(string_split(categories, '|'), []) AS categories, coalesce(string_split(products, '|'), []) AS products FROM ${raw('events.csv')}`,
];

/** One in-memory database per test process, the raw files read once into tables. */
let shared: Promise<DuckDBConnection> | undefined;
function connection(): Promise<DuckDBConnection> {
  shared ??= (async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    for (const view of VIEWS) await conn.run(view.replace('CREATE VIEW', 'CREATE TABLE'));
    return conn;
  })();
  return shared;
}

/** Counts customers matching `where` (SQL over `c`, a row of `cust`), existing at `at` (naive local time). */
export async function referenceCount(where: string, at: string): Promise<number> {
  const conn = await connection();
  const sql = `SELECT count(*) AS n FROM cust c WHERE c.created_at <= TIMESTAMP '${at}' AND (${where.replaceAll('$AT', `TIMESTAMP '${at}'`)})`;
  const reader = await conn.runAndReadAll(sql);
  return Number((reader.getRowObjectsJS()[0] as { n: bigint }).n);
}

/** For each condition of `wheres`, the keys of the customers among `keys` matching it, existing at `at` (as `referenceCount`). */
export async function referenceMembers(wheres: readonly string[], at: string, keys: readonly string[]): Promise<string[][]> {
  const conn = await connection();
  const list = keys.map((k) => `'${k.replaceAll("'", "''")}'`).join(', ');
  const members: string[][] = [];
  for (const where of wheres) {
    const reader = await conn.runAndReadAll(
      `SELECT id FROM cust c WHERE c.id IN (${list}) AND c.created_at <= TIMESTAMP '${at}' AND (${where.replaceAll('$AT', `TIMESTAMP '${at}'`)}) ORDER BY id`,
    );
    members.push((reader.getRowObjectsJS() as Array<{ id: string }>).map((r) => r.id));
  }
  return members;
}
