/**
 * An import that changes a few customers re-evaluates them at once (a customer run), whatever it
 * imports: new events, new or updated customers, new, updated or moved records (both owners of a
 * moved record). An import that changes nothing makes no run; customers it did not change get no
 * row. Expected memberships are worked out by hand from the files below; on the clinic fixture, a
 * customer run of more than 100 customers must leave exactly what a full run of the same instant
 * computes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli, cliJson, importedByCli } from '../support/cli.js';
import { STORES, storeEnv } from '../support/stores.js';
import { open, workspaceWith } from '../support/workspace.js';

const YAML = `name: Small clinic
timezone: Europe/Zurich
locale: en
customers:
  key: id
  fields:
    language: string
collections:
  pets:
    key: id
    parent: owner
    fields:
      species: string
events:
  customer: customer_id
  type: type
  time: time
  types:
    purchase: { amount: number }
segmentations:
  rf6: { model: rfm, event: purchase, amount: amount, scoring: { recency_days: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] }, map: rf6 }
segments:
  french:
    rule: language = "fr"
  cat-owners:
    rule: any(pets where species = "cat")
`;

const FILES = {
  'customers.csv': 'id,language\na,fr\nb,en\n',
  'pets.csv': 'id,owner,species\np1,a,cat\np2,b,dog\n',
  'events.csv': 'customer_id,type,time,amount\na,purchase,2024-01-10T10:00:00,20\nb,purchase,2024-01-12T10:00:00,30\n',
  // a now speaks German, c is new (and French); b is as it was.
  'customers-2.csv': 'id,language\na,de\nb,en\nc,fr\n',
  // The cat moves from a to b; the dog stays.
  'pets-2.csv': 'id,owner,species\np1,b,cat\np2,b,dog\n',
};

interface Imported {
  inserted: number;
  updated: number;
  unchanged: number;
  reevaluated?: { run: number; customers: number } | null;
}

describe.each(STORES)('imports re-evaluate the customers they change (%s)', (store) => {
  let dir: string;
  const json = async <T>(args: string[]) => {
    const result = await cliJson<T>([...args, '-w', dir], { env: storeEnv(store, dir) });
    expect(result.code, result.stderr).toBe(0);
    return result.json;
  };
  /** Members of `key` at `run`, and the customers with a row opened or closed at `run`. */
  const state = async (key: string, run: number) => {
    const ws = await open(dir, store);
    try {
      const members = await ws.store.query<{ _customer: string; segment: string }>(
        `SELECT _customer, segment FROM memberships WHERE key = $1 AND from_run <= $2 AND (to_run IS NULL OR to_run > $2) ORDER BY _customer`,
        [key, run],
      );
      const touched = await ws.store.query<{ _customer: string }>(`SELECT DISTINCT _customer FROM memberships WHERE from_run = $1 OR to_run = $1 ORDER BY _customer`, [run]);
      return { members: members.map((m) => (key === 'rf6' ? `${m._customer}:${m.segment}` : m._customer)), touched: touched.map((t) => t._customer) };
    } finally {
      await ws.close();
    }
  };

  beforeAll(async () => {
    dir = await workspaceWith(YAML, FILES, store);
    for (const [entity, file] of [['customers', 'customers.csv'], ['pets', 'pets.csv'], ['events', 'events.csv']]) {
      // Before any full run there is nothing to re-evaluate against.
      expect((await json<Imported>(['import', entity!, file!])).reevaluated).toBeNull();
    }
    expect((await json<{ run: number }>(['run', '--at', '2024-01-31'])).run).toBe(1);
    expect(await state('french', 1)).toEqual({ members: ['a'], touched: ['a', 'b'] });
  });

  test('new and updated customers: re-evaluated at once, the others untouched', async () => {
    const imported = await json<Imported>(['import', 'customers', 'customers-2.csv', '--at', '2024-02-01']);
    expect(imported).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, reevaluated: { run: 2, customers: 2 } });
    expect(await state('french', 2)).toEqual({ members: ['c'], touched: ['a', 'c'] });
    // c has no purchase: a prospect; a and b keep their segments (r 5, f 1 on 2024-02-01: new).
    expect((await state('rf6', 2)).members).toEqual(['a:new', 'b:new', 'c:prospect']);
    expect(await json(['transitions', 'french', '--from', '1', '--to', '2'])).toEqual({ from: 1, to: 2, entered: 1, left: 1, stayed: 0 });
    const human = await cli(['customer', 'c', '-w', dir], { env: storeEnv(store, dir) });
    expect(human.stdout).toContain('\n  french\n    member  run 2 (2024-02-01T00:00:00+01:00) → ongoing\n');
  });

  test('a record that moves re-evaluates both owners', async () => {
    const imported = await json<Imported>(['import', 'pets', 'pets-2.csv', '--at', '2024-02-02']);
    expect(imported).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, reevaluated: { run: 3, customers: 2 } });
    expect(await state('cat-owners', 3)).toEqual({ members: ['b'], touched: ['a', 'b'] });
    expect((await json<Array<{ run: number; kind: string; customers: number }>>(['runs', '--all']))[0]).toMatchObject({ run: 3, kind: 'customers', customers: 2 });
    const listed = await cli(['runs', '--all', '-w', dir, '--lang', 'fr'], { env: storeEnv(store, dir) });
    expect(listed.stdout.split('\n')[0]).toMatch(/^ {4}3 {2}2024-02-02T00:00:00\+01:00 {2}fait le .+, 2 clients, par client$/);
    const inEnglish = await cli(['runs', '--all', '-w', dir, '--lang', 'en'], { env: storeEnv(store, dir) });
    expect(inEnglish.stdout.split('\n')[0]).toMatch(/^ {4}3 {2}2024-02-02T00:00:00\+01:00 {2}created .+, 2 customers, per customer$/);
  });

  test('an import that changes nothing makes no run', async () => {
    for (const [entity, file] of [['customers', 'customers-2.csv'], ['pets', 'pets-2.csv'], ['events', 'events.csv']]) {
      const imported = await json<Imported>(['import', entity!, file!, '--at', '2024-02-03']);
      expect(imported.inserted + imported.updated, entity).toBe(0);
      expect(imported, entity).toHaveProperty('reevaluated', null);
    }
    expect((await json<Array<{ run: number }>>(['runs', '--all']))[0]!.run).toBe(3);
    // --no-reevaluate: the change is stored, no run is made, and the JSON says so with null.
    await writeFile(path.join(dir, 'customers-skip.csv'), 'id,language\na,it\n');
    const skipped = await json<Imported>(['import', 'customers', 'customers-skip.csv', '--at', '2024-02-03', '--no-reevaluate']);
    expect(skipped).toMatchObject({ updated: 1 });
    expect(skipped).toHaveProperty('reevaluated', null);
    expect((await json<Array<{ run: number }>>(['runs', '--all']))[0]!.run).toBe(3);
  });
});

describe.each(STORES)('an import changing more than 100 customers of the clinic (%s)', (store) => {
  test('their customer run leaves what a full run of the same instant computes', async () => {
    const { dir, env } = await importedByCli(store);
    const json = async <T>(args: string[]) => {
      const result = await cliJson<T>([...args, '-w', dir], { env });
      expect(result.code, result.stderr).toBe(0);
      return result.json;
    };
    const at = '2026-06-30T00:00:00+02:00';
    expect((await json<{ run: number }>(['run', '--at', at])).run).toBe(1);
    const ws = await open(dir, store);
    const [{ _customer: leaving }] = (await ws.store.query<{ _customer: string }>(
      `SELECT _customer FROM memberships WHERE key = 'cats-ckd-fr-20km' AND to_run IS NULL ORDER BY _customer LIMIT 1`,
    )) as [{ _customer: string }];
    await ws.close();
    // 150 customers get a new e-mail (no rule reads it) and one member of cats-ckd-fr-20km now speaks German.
    const lines = (await readFile(path.join(dir, 'customers.csv'), 'utf8')).split(/\r?\n/).filter((l) => l !== '');
    const changed = lines.map((line, i) => {
      const cells = line.split(',');
      if (i >= 1 && i <= 150) cells[3] = `new${i}@example.org`;
      if (cells[0] === leaving) cells[4] = 'de';
      return cells.join(',');
    });
    await writeFile(path.join(dir, 'customers-2.csv'), changed.join('\r\n') + '\r\n');
    const imported = await json<Imported>(['import', 'customers', 'customers-2.csv', '--at', at]);
    const customers = Number(leaving.slice(1)) <= 150 ? 150 : 151;
    expect(imported).toMatchObject({ updated: customers, reevaluated: { run: 2, customers } });
    const check = await open(dir, store);
    try {
      expect(await check.store.query(`SELECT _customer FROM memberships WHERE to_run = 2 ORDER BY _customer`)).toEqual([{ _customer: leaving }]);
      expect(await check.store.query(`SELECT count(*) AS n FROM memberships WHERE from_run = 2`)).toEqual([{ n: 0 }]);
    } finally {
      await check.close();
    }
    // Everyone else is as the full run left them: a full run of the same instant writes nothing.
    expect((await json<{ run: number; rowsWritten: number }>(['run', '--at', at])).rowsWritten).toBe(0);

    // 1,001 customers changed (more than 1,000 and than 1 % of 2,000): left to the next full run, and said so.
    const many = lines.map((line, i) => (i >= 1 && i <= 1001 ? line.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, `$1many${i}@example.org`) : line));
    await writeFile(path.join(dir, 'customers-3.csv'), many.join('\r\n') + '\r\n');
    const human = await cli(['import', 'customers', 'customers-3.csv', '--at', at, '-w', dir, '--lang', 'en'], { env });
    expect(human.code, human.stderr).toBe(0);
    // (The German speaker of the first file gets French back from these lines unless among the 1,001.)
    const manyChanged = Number(leaving.slice(1)) <= 1001 ? 1001 : 1002;
    expect(human.stdout).toContain(`\n${manyChanged} customers changed: run "segmenta run" to re-evaluate them\n`);
    expect((await json<Array<{ run: number }>>(['runs', '--all']))[0]!.run).toBe(3);
    const four = lines.map((line, i) => (i >= 1 && i <= 1001 ? line.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, `$1four${i}@example.org`) : line));
    await writeFile(path.join(dir, 'customers-4.csv'), four.join('\r\n') + '\r\n');
    expect(await json<Imported>(['import', 'customers', 'customers-4.csv', '--at', at])).toMatchObject({ updated: 1001, reevaluated: null });
  });
});
