import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { clinicCopy, FIXTURE, load, open } from '../support/workspace.js';
import { reference } from '../support/reference.js';
import { STORES, type StoreKind } from '../support/stores.js';

/** Rows in a canonical order (sorted here: the stores' text collations may differ). */
function canonical(rows: Array<Record<string, unknown>>): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** Every table of a store, rows sorted, as plain JSON (import ids and provenance left out). */
async function snapshot(dir: string, store: StoreKind) {
  const ws = await open(dir, store);
  try {
    const out: Record<string, unknown[]> = {};
    out['customers'] = canonical(await ws.store.query(`SELECT * FROM customers`));
    out['pets'] = canonical(await ws.store.query(`SELECT * FROM rec_pets`));
    out['events'] = canonical((await ws.store.query(`SELECT * FROM events`)).map(({ _import, ...event }) => (void _import, event)));
    return out;
  } finally {
    await ws.close();
  }
}

async function importAll(dir: string, ext: string, store: StoreKind) {
  const ws = await open(dir, store);
  try {
    for (const [entity, file] of [['customers', 'customers'], ['pets', 'pets'], ['events', 'events']] as const) {
      const summary = await load(ws, entity, `${file}.${ext}`);
      expect(summary.rejected).toBe(0);
    }
  } finally {
    await ws.close();
  }
}

describe('NDJSON and Parquet produce the same store as CSV, on every store', () => {
  test.each(STORES)('the clinic fixture in three formats (%s), equal to CSV on DuckDB', async (store) => {
    const csvDir = await clinicCopy();
    const parquetDir = await clinicCopy();
    const ndjsonDir = await clinicCopy();
    // Typed Parquet, as an export tool would write it: lists as lists, times as naive timestamps.
    const src = (f: string) => `read_csv('${path.join(FIXTURE, f)}', all_varchar = true)`;
    await reference(`COPY (SELECT * REPLACE (CAST(home_lat AS DOUBLE) AS home_lat, CAST(birth_date AS DATE) AS birth_date, CAST(created_at AS TIMESTAMP) AS created_at, CAST(email_opt_in AS BOOLEAN) AS email_opt_in) FROM ${src('customers.csv')}) TO '${parquetDir}/customers.parquet' (FORMAT parquet)`);
    await reference(`COPY (SELECT * REPLACE (string_split(conditions, '|') AS conditions) FROM ${src('pets.csv')}) TO '${parquetDir}/pets.parquet' (FORMAT parquet)`);
    await reference(`COPY (SELECT * REPLACE (CAST(time AS TIMESTAMP) AS time, CAST(amount AS DOUBLE) AS amount, string_split(categories, '|') AS categories, string_split(products, '|') AS products) FROM ${src('events.csv')}) TO '${parquetDir}/events.parquet' (FORMAT parquet)`);
    // NDJSON with JSON numbers, booleans and arrays.
    await reference(`COPY (SELECT * REPLACE (CAST(home_lat AS DOUBLE) AS home_lat, CAST(email_opt_in AS BOOLEAN) AS email_opt_in) FROM ${src('customers.csv')}) TO '${ndjsonDir}/customers.ndjson' (FORMAT json)`);
    await reference(`COPY (SELECT * REPLACE (string_split(conditions, '|') AS conditions) FROM ${src('pets.csv')}) TO '${ndjsonDir}/pets.ndjson' (FORMAT json)`);
    await reference(`COPY (SELECT * REPLACE (CAST(amount AS DOUBLE) AS amount) FROM ${src('events.csv')}) TO '${ndjsonDir}/events.ndjson' (FORMAT json)`);

    const duckdbDir = await clinicCopy();
    await importAll(duckdbDir, 'csv', 'duckdb');
    await importAll(csvDir, 'csv', store);
    await importAll(parquetDir, 'parquet', store);
    await importAll(ndjsonDir, 'ndjson', store);
    const expected = await snapshot(duckdbDir, 'duckdb');
    expect(expected['events']).toHaveLength(13911);
    expect(await snapshot(csvDir, store)).toEqual(expected);
    expect(await snapshot(parquetDir, store)).toEqual(expected);
    expect(await snapshot(ndjsonDir, store)).toEqual(expected);
  });
});
