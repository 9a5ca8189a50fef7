import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURE, clinicCopy, load, open } from '../support/workspace.js';
import { referenceCount, reference } from '../support/reference.js';
import { cli, cliJson } from '../support/cli.js';
import type { OpenWorkspace } from '../../src/open.js';
import { STORES, storeEnv } from '../support/stores.js';

const raw = (file: string) => `read_csv('${path.join(FIXTURE, file)}', all_varchar = true)`;

describe.each(STORES)('the clinic fixture imports exactly (%s)', (store) => {
  let ws: OpenWorkspace;
  let dir: string;
  beforeAll(async () => {
    dir = await clinicCopy();
    ws = await open(dir, store);
  });
  afterAll(() => ws.close());

  test('every row of the three files, counted independently', async () => {
    const customers = await load(ws, 'customers', 'customers.csv');
    const pets = await load(ws, 'pets', 'pets.csv');
    const events = await load(ws, 'events', 'events.csv');
    expect([customers.inserted, pets.inserted, events.inserted]).toEqual([
      await referenceCount(`SELECT count(*) AS n FROM ${raw('customers.csv')}`),
      await referenceCount(`SELECT count(*) AS n FROM ${raw('pets.csv')}`),
      await referenceCount(`SELECT count(*) AS n FROM (SELECT DISTINCT * FROM ${raw('events.csv')})`),
    ]);
    expect([customers.inserted, pets.inserted, events.inserted]).toEqual([2000, 3133, 13911]);
    for (const s of [customers, pets, events]) expect(s).toMatchObject({ updated: 0, unchanged: 0, rejected: 0, rejects: null });
  });

  test('stored values equal the raw files, typed', async () => {
    const [expected] = await reference<{ amount: number; items: string; times: string; opt: string; cats: string }>(`
      SELECT round(sum(TRY_CAST(amount AS DOUBLE)), 2) AS amount,
             sum(len(string_split(products, '|'))) AS items,
             count(*) FILTER (WHERE CAST(time AS TIMESTAMPTZ) < TIMESTAMPTZ '2025-06-01 00:00:00+02') AS times,
             (SELECT count(*) FROM ${raw('customers.csv')} WHERE email_opt_in = 'true') AS opt,
             (SELECT count(*) FROM ${raw('pets.csv')} WHERE species = 'cat' AND contains(conditions, 'chronic kidney disease')) AS cats
      FROM ${raw('events.csv')}`);
    const [actual] = await ws.store.query<{ amount: number; items: number; times: number; opt: number; cats: number }>(`
      SELECT round(CAST(sum("purchase.amount") AS NUMERIC(18, 4)), 2) AS amount, sum(array_length("purchase.products", 1)) AS items,
             count(*) FILTER (WHERE _time < TIMESTAMPTZ '2025-06-01 00:00:00+02') AS times,
             (SELECT count(*) FROM customers WHERE email_opt_in) AS opt,
             (SELECT count(*) FROM rec_pets WHERE species = 'cat' AND 'chronic kidney disease' = ANY(conditions)) AS cats
      FROM events`);
    expect({ ...actual, amount: Number(actual!.amount), items: Number(actual!.items) }).toEqual({ amount: expected!.amount, items: Number(expected!.items), times: Number(expected!.times), opt: Number(expected!.opt), cats: Number(expected!.cats) });
  });

  test('naive times are read in the workspace zone (Europe/Zurich)', async () => {
    // C000001's first purchase: 2026-01-08T05:48:21 local = 04:48:21 UTC (CET, +01:00).
    const rows = await ws.store.query<{ t: Date }>(`SELECT min(_time) AS t FROM events WHERE _customer = 'C000001'`);
    expect(rows[0]!.t.toISOString()).toBe('2026-01-08T04:48:21.000Z');
  });

  test('importing any file again changes nothing', async () => {
    const before = await ws.store.query(`SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM rec_pets) p, (SELECT count(*) FROM events) e`);
    for (const [entity, file, rows] of [['customers', 'customers.csv', 2000], ['pets', 'pets.csv', 3133], ['events', 'events.csv', 13911]] as const) {
      const again = await load(ws, entity, file);
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: rows, rejected: 0 });
    }
    expect(await ws.store.query(`SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM rec_pets) p, (SELECT count(*) FROM events) e`)).toEqual(before);
  });

  test('bad_customers.csv: 2 good rows imported, 5 rejected with their lines and reasons', async () => {
    const summary = await load(ws, 'customers', path.join(FIXTURE, 'bad_customers.csv'));
    expect(summary).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: 5 });
    const rejects = await reference<{ line: string; column: string; reason: string; raw: string }>(`SELECT * FROM read_csv('${summary.rejects}', all_varchar = true) ORDER BY line::INT`);
    expect(rejects.map((r) => [Number(r.line), r.column, r.reason])).toEqual([
      [3, 'birth_date', 'impossible date: "1980-02-30"'],
      [4, 'id', 'missing customer key'],
      [5, 'home_lat', 'latitude outside [-90, 90]: "146.5"'],
      [6, 'email_opt_in', 'not a boolean (true/false, 1/0, yes/no, oui/non): "maybe"'],
      [8, 'email', 'wrong number of columns: expected 12, found 3'],
    ]);
    expect(rejects[4]!.raw).toBe('B000007,Short,Row');
    const good = await ws.store.query(`SELECT _customer, first_name, email_opt_in, birth_date FROM customers WHERE _customer LIKE 'B%' ORDER BY 1`);
    expect(good).toEqual([
      { _customer: 'B000001', first_name: 'Ana', email_opt_in: true, birth_date: '1980-02-29' },
      { _customer: 'B000006', first_name: 'Zoë, "the" second', email_opt_in: false, birth_date: '1975-12-31' },
    ]);
  });

  test('the CLI prints the contract JSON and --strict refuses the whole file with status 1', async () => {
    await ws.close();
    const strict = await cliJson<Record<string, unknown>>(['import', 'customers', path.join(FIXTURE, 'bad_customers.csv'), '-w', dir, '--strict', '--rejects', path.join(dir, 'strict-rejects.csv')], { env: storeEnv(store, dir) });
    expect(strict.code).toBe(1);
    expect(strict.json).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, rejected: 5, rejects: path.join(dir, 'strict-rejects.csv') });
    const again = await cliJson<Record<string, unknown>>(['import', 'customers', path.join(FIXTURE, 'bad_customers.csv'), '-w', dir], { env: storeEnv(store, dir) });
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 5 });
    expect(Object.keys(again.json)).toEqual(expect.arrayContaining(['inserted', 'updated', 'unchanged', 'rejected', 'rejects']));
    ws = await open(dir, store);
  });
});

describe.each(STORES)('the fixture saved as Windows-1252, imported with segmenta import --encoding (%s)', (store) => {
  test('every customer as in the UTF-8 file; without the option, exactly the rows with accents are rejected', async () => {
    const utf8 = await readFile(path.join(FIXTURE, 'customers.csv'), 'utf8');
    const windows = iconv.encode(utf8, 'windows-1252');
    // The premise: every character of the file has a Windows-1252 byte (nothing replaced by "?").
    expect(iconv.decode(windows, 'windows-1252')).toBe(utf8);
    const dir = await clinicCopy(store);
    await writeFile(path.join(dir, 'customers-1252.csv'), windows);
    const env = storeEnv(store, dir);
    const accented = utf8.split(/\r?\n/).slice(1).filter((line) => /[^\x00-\x7f]/.test(line)).length;
    expect(accented).toBeGreaterThan(100);
    const plain = await cliJson<Record<string, number>>(['import', 'customers', 'customers-1252.csv', '-w', dir], { env });
    expect(plain.json).toMatchObject({ inserted: 2000 - accented, rejected: accented });
    const read = await cliJson<Record<string, number>>(['import', 'customers', 'customers-1252.csv', '--encoding', 'windows-1252', '-w', dir], { env });
    expect(read.json).toMatchObject({ inserted: accented, unchanged: 2000 - accented, rejected: 0 });
    expect((await cli(['import', 'customers', 'customers-1252.csv', '--encoding', 'cp1252', '-w', dir], { env })).code).toBe(2);
    const ws = await open(dir, store);
    try {
      const stored = await ws.store.query<{ id: string; first_name: string; last_name: string; email: string }>(
        `SELECT _customer AS id, first_name, last_name, email FROM customers ORDER BY 1`,
      );
      const expected = await reference<{ id: string; first_name: string; last_name: string; email: string }>(
        `SELECT id, first_name, last_name, email FROM ${raw('customers.csv')} ORDER BY 1`,
      );
      expect(stored).toEqual(expected);
    } finally {
      await ws.close();
    }
  });
});
