import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { load, open, workspaceWith } from '../support/workspace.js';
import { reference } from '../support/reference.js';
import { ImportError } from '../../src/ingest/import-error.js';
import { STORES, type StoreKind } from '../support/stores.js';

const YAML = `name: Shop
timezone: Europe/Zurich
customers:
  key: id
  fields:
    name: string
    age: integer
    score: number
    vip: boolean
    born: date
    seen: timestamp
    home: geopoint
    tags: list<string>
    sizes: list<number>
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
    purchase: { amount: number, items: list<string> }
    visit: {}
`;

const HEADER = 'id,name,age,score,vip,born,seen,home_lat,home_lon,tags,sizes';
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

async function shopOn(store: StoreKind, files: Record<string, string | Buffer>, yaml = YAML) {
  const ws = await open(await workspaceWith(yaml, files), store);
  opened.push(ws);
  return ws;
}

async function rejectsOf(file: string | null) {
  if (file === null) return [];
  const rows = await reference<{ line: string; column: string; reason: string }>(`SELECT line, "column", reason FROM read_csv('${file}', all_varchar = true) ORDER BY line::INT`);
  return rows.map((r) => [Number(r.line), r.column ?? '', r.reason]);
}

describe.each(STORES)('imports into %s', (store) => {
  const shop = (files: Record<string, string | Buffer>, yaml = YAML) => shopOn(store, files, yaml);

  describe('typed validation: each rejection reason, with line and column', () => {
    test('customers', async () => {
      const csv = [
        HEADER,
        'c1,Ann,41,2.5,yes,1980-02-29,2024-02-29T10:30:00,46.5,6.6,a|b,1|2.5',
        ',NoKey,1,1,true,,,,,,',
        'c3,Age,forty,1,true,,,,,,',
        'c4,Score,1,1.2.3,true,,,,,,',
        'c5,Vip,1,1,perhaps,,,,,,',
        'c6,Born,1,1,true,31/12/1980,,,,,',
        'c7,Feb,1,1,true,2023-02-29,,,,,',
        'c8,Seen,1,1,true,,yesterday,,,,',
        'c9,Lat,1,1,true,,,91,6.6,,',
        'c10,Lon,1,1,true,,,46,-181,,',
        'c11,Half,1,1,true,,,46,,,',
        'c12,Sizes,1,1,true,,,,,,1|big',
        'c13,Short,1',
        'c14,Long,1,1,true,,,,,,,extra',
        'c15,Oui,007,-0.5,NON,,2024-03-31T02:30:00+02:00,,,,',
      ].join('\n');
      const ws = await shop({ 'c.csv': csv });
      const summary = await load(ws, 'customers', 'c.csv');
      expect(summary).toMatchObject({ inserted: 2, rejected: 13 });
      expect(await rejectsOf(summary.rejects)).toEqual([
        [3, 'id', 'missing customer key'],
        [4, 'age', 'not a whole number (or out of range): "forty"'],
        [5, 'score', 'not a number: "1.2.3"'],
        [6, 'vip', 'not a boolean (true/false, 1/0, yes/no, oui/non): "perhaps"'],
        [7, 'born', 'not a date (YYYY-MM-DD): "31/12/1980"'],
        [8, 'born', 'impossible date: "2023-02-29"'],
        [9, 'seen', 'not a valid timestamp (ISO 8601, e.g. 2024-02-29T10:30:00): "yesterday"'],
        [10, 'home_lat', 'latitude outside [-90, 90]: "91"'],
        [11, 'home_lon', 'longitude outside [-180, 180]: "-181"'],
        [12, 'home_lon', 'longitude missing for geopoint "home"'],
        [13, 'sizes', 'not a list of numbers: "1|big"'],
        [14, 'score', 'wrong number of columns: expected 11, found 3'],
        [15, '', 'wrong number of columns: expected 11, found 12'],
      ]);
      const rows = await ws.store.query(`SELECT * FROM customers ORDER BY _customer`);
      expect(rows[0]).toMatchObject({ _customer: 'c1', name: 'Ann', age: 41, score: 2.5, vip: true, born: '1980-02-29', 'home.lat': 46.5, 'home.lon': 6.6, tags: ['a', 'b'], sizes: [1, 2.5] });
      expect((rows[0]!['seen'] as Date).toISOString()).toBe('2024-02-29T09:30:00.000Z');
      expect(rows[1]).toMatchObject({ _customer: 'c15', age: 7, score: -0.5, vip: false });
      expect((rows[1]!['seen'] as Date).toISOString()).toBe('2024-03-31T00:30:00.000Z');
    });

    test('whole numbers written 3.0 or 3.00 are integers (1.000 is not); times to the minute may carry an offset, as in --at', async () => {
      const csv = [HEADER, 'c1,A,3.0,,,,2024-06-01T12:00Z,,,,', 'c2,B,-4.00,,,,2024-06-01T12:00+02:00,,,,', 'c3,C,1.000,,,,2024-06-01 12:00-05,,,,', 'c4,D,3.5,,,,2024-06-01T12Z,,,,', 'c5,E,7,,,,2024-06-01T12:00,,,,'].join('\n');
      const ws = await shop({ 'c.csv': csv, 'c.ndjson': '{"id":"c6","age":12.0,"seen":"2024-06-01T12:00+0200"}\n' });
      const summary = await load(ws, 'customers', 'c.csv');
      expect(summary).toMatchObject({ inserted: 3, rejected: 2 });
      expect(await rejectsOf(summary.rejects)).toEqual([
        [4, 'age', 'not a whole number (or out of range): "1.000"'],
        [5, 'age', 'not a whole number (or out of range): "3.5"; not a valid timestamp (ISO 8601, e.g. 2024-02-29T10:30:00): "2024-06-01T12Z"'],
      ]);
      expect(await load(ws, 'customers', 'c.ndjson')).toMatchObject({ inserted: 1, rejected: 0 });
      const rows = await ws.store.query<{ _customer: string; age: number; seen: Date }>(`SELECT _customer, age, seen FROM customers ORDER BY 1`);
      expect(rows.map((r) => [r._customer, r.age, r.seen.toISOString()])).toEqual([
        ['c1', 3, '2024-06-01T12:00:00.000Z'],
        ['c2', -4, '2024-06-01T10:00:00.000Z'],
        ['c5', 7, '2024-06-01T10:00:00.000Z'], // naive: Zurich, summer time
        ['c6', 12, '2024-06-01T10:00:00.000Z'],
      ]);
    });

    test('records and events: unknown parents, unknown types, missing times', async () => {
      const ws = await shop({
        'c.csv': 'id,name\nc1,Ann\n',
        'p.csv': 'id,owner,species\np1,c1,cat\np2,c404,dog\np3,,dog\n,c1,bird\n',
        'e.csv': 'customer_id,type,time,amount,items\nc1,purchase,2024-01-01T10:00:00,12.5,a|b\nc404,purchase,2024-01-01T10:00:00,1,\nc1,refund,2024-01-02T10:00:00,1,\nc1,visit,,,\nc1,purchase,2024-13-01T00:00:00,1,\nc1,purchase,2024-01-03T10:00:00,lots,\n,visit,2024-01-04T10:00:00,,\nc1,visit,2024-01-05T10:00:00,,\n',
      });
      await load(ws, 'customers', 'c.csv');
      const pets = await load(ws, 'pets', 'p.csv');
      expect(pets).toMatchObject({ inserted: 1, rejected: 3 });
      expect(await rejectsOf(pets.rejects)).toEqual([
        [3, 'owner', 'unknown customer: "c404"'],
        [4, 'owner', 'missing customer key'],
        [5, 'id', 'missing pets key'],
      ]);
      const events = await load(ws, 'events', 'e.csv');
      expect(events).toMatchObject({ inserted: 2, rejected: 6 });
      expect(await rejectsOf(events.rejects)).toEqual([
        [3, 'customer_id', 'unknown customer: "c404"'],
        [4, 'type', 'unknown event type (known: purchase, visit): "refund"'],
        [5, 'time', 'missing time'],
        [6, 'time', 'not a valid timestamp (ISO 8601, e.g. 2024-02-29T10:30:00): "2024-13-01T00:00:00"'],
        [7, 'amount', 'not a number: "lots"'],
        [8, 'customer_id', 'missing customer key'],
      ]);
      expect(await ws.store.query(`SELECT _type, "purchase.amount" AS amount, "purchase.items" AS items FROM events ORDER BY _time`)).toEqual([
        { _type: 'purchase', amount: 12.5, items: ['a', 'b'] },
        { _type: 'visit', amount: null, items: null },
      ]);
    });

    test('timestamps: infinities and years past 9999 cast in SQL but are rejected (no ISO 8601 instant, no JavaScript Date)', async () => {
      const ws = await shop({
        'c.csv': `${HEADER}\nc1,,,,,,9999-12-31T23:59:59,,,,\nc2,,,,,,infinity,,,,\nc3,,,,,,-infinity,,,,\nc4,,,,,,294247-01-01T00:00:00,,,,\nc5,,,,,,2024-06-30,,,,\n`,
        'e.csv': 'customer_id,type,time\nc1,visit,infinity\nc1,visit,2024-01-01T10:00:00\n',
      });
      const customers = await load(ws, 'customers', 'c.csv');
      expect(customers).toMatchObject({ inserted: 2, rejected: 3 });
      const reason = 'not a valid timestamp (ISO 8601, e.g. 2024-02-29T10:30:00)';
      expect(await rejectsOf(customers.rejects)).toEqual([
        [3, 'seen', `${reason}: "infinity"`],
        [4, 'seen', `${reason}: "-infinity"`],
        [5, 'seen', `${reason}: "294247-01-01T00:00:00"`],
      ]);
      const events = await load(ws, 'events', 'e.csv');
      expect(events).toMatchObject({ inserted: 1, rejected: 1 });
      expect(await rejectsOf(events.rejects)).toEqual([[2, 'time', `${reason}: "infinity"`]]);
      // Every stored instant is one JavaScript can read (the store's rows come back as Dates).
      const seen = await ws.store.query<{ seen: Date }>(`SELECT seen FROM customers ORDER BY _customer`);
      expect(seen.map((r) => r.seen.toISOString())).toEqual(['9999-12-31T22:59:59.000Z', '2024-06-29T22:00:00.000Z']);
    });

    test('naive times around clock changes: a skipped time moves forward by the gap, a doubled one is the later (as --at reads them)', async () => {
      // Zurich, 2024: 02:00 → 03:00 on 31 March, 03:00 → 02:00 on 27 October (worked out by hand).
      const ws = await shop({
        'c.csv': 'id,name\nc1,Ann\n',
        'e.csv': 'customer_id,type,time\nc1,visit,2024-03-31T02:30:00\nc1,visit,2024-03-31 03:00\nc1,visit,2024-10-27T01:30:00\nc1,visit,2024-10-27T02:30:00\nc1,visit,2024-10-27T03:30:00\n',
      });
      await load(ws, 'customers', 'c.csv');
      expect(await load(ws, 'events', 'e.csv')).toMatchObject({ inserted: 5, rejected: 0 });
      const times = await ws.store.query<{ _time: Date }>(`SELECT _time FROM events ORDER BY _time`);
      expect(times.map((r) => r._time.toISOString())).toEqual([
        '2024-03-31T01:00:00.000Z', // 03:00 +02:00
        '2024-03-31T01:30:00.000Z', // 02:30 read with +01:00, that is 03:30 +02:00
        '2024-10-26T23:30:00.000Z', // 01:30 +02:00
        '2024-10-27T01:30:00.000Z', // 02:30 +01:00, the second 02:30
        '2024-10-27T02:30:00.000Z', // 03:30 +01:00
      ]);
    });

    test('a NUL character (byte 0) in a text value rejects its row on both stores (PostgreSQL text cannot hold one)', async () => {
      const nul = '\u0000';
      const ws = await shop({
        'c.csv': `id,name,tags\nc1,Ann,\nc${nul}2,Bob,\nc3,B${nul}ob,\nc4,Cy,a|b${nul}c\nc5,Dee,\n`,
        'c.ndjson': `{"id":"c6","name":"E\\u0000ve"}\n{"id":"c7","tags":["x","y\\u0000"]}\n`,
        'p.csv': `id,owner,species\np1,c1,cat\np2,c${nul}1,dog\np3,c1,d${nul}g\np${nul}4,c1,cat\n`,
        'e.csv': `customer_id,type,time,amount,items\nc1,purchase,2024-01-01T10:00:00,1,a|b${nul}\nc${nul}1,visit,2024-01-02T10:00:00,,\nc1,visit,2024-01-03T10:00:00,,\n`,
      });
      const reason = 'a NUL character (byte 0), which text cannot hold';
      const customers = await load(ws, 'customers', 'c.csv');
      expect(customers).toMatchObject({ inserted: 2, rejected: 3 });
      expect(await rejectsOf(customers.rejects)).toEqual([
        [3, 'id', reason],
        [4, 'name', reason],
        [5, 'tags', reason],
      ]);
      const json = await load(ws, 'customers', 'c.ndjson');
      expect(json).toMatchObject({ inserted: 0, rejected: 2 });
      expect(await rejectsOf(json.rejects)).toEqual([
        [1, 'name', reason],
        [2, 'tags', reason],
      ]);
      const pets = await load(ws, 'pets', 'p.csv');
      expect(pets).toMatchObject({ inserted: 1, rejected: 3 });
      expect(await rejectsOf(pets.rejects)).toEqual([
        [3, 'owner', `unknown customer: "c${nul}1"`],
        [4, 'species', reason],
        [5, 'id', reason],
      ]);
      const events = await load(ws, 'events', 'e.csv');
      expect(events).toMatchObject({ inserted: 1, rejected: 2 });
      expect(await rejectsOf(events.rejects)).toEqual([
        [2, 'items', reason],
        [3, 'customer_id', `unknown customer: "c${nul}1"`],
      ]);
      expect(await ws.store.query(`SELECT _customer FROM customers ORDER BY 1`)).toEqual([{ _customer: 'c1' }, { _customer: 'c5' }]);
    });

    test('a missing key column refuses the whole file', async () => {
      const ws = await shop({ 'c.csv': 'ident,name\nc1,Ann\n' });
      await expect(load(ws, 'customers', 'c.csv')).rejects.toThrow(ImportError);
      await expect(load(ws, 'customers', 'c.csv')).rejects.toThrow('c.csv has no column "id" (the customer key); its columns are: ident, name');
      await expect(load(ws, 'animals', 'c.csv')).rejects.toThrow('cannot import "animals"');
    });
  });

  describe('CSV dialects', () => {
    const rows = ['c1,"Smith, Ann",1,,,,,,,"a|b",', 'c2,"He said ""hi""",2,,,,,,,,', 'c3,"Two\nlines",3,,,,,,,,'];

    test('BOM, CRLF, quoted separators, quotes and line breaks', async () => {
      const csv = `\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\nc4,Bad,x,,,,,,,,\r\n`;
      const ws = await shop({ 'c.csv': csv });
      const summary = await load(ws, 'customers', 'c.csv');
      expect(summary).toMatchObject({ inserted: 3, rejected: 1 });
      // Lines count records (header = 1), as DuckDB's reader does: the two-line record is one.
      expect(await rejectsOf(summary.rejects)).toEqual([[5, 'age', 'not a whole number (or out of range): "x"']]);
      expect(await ws.store.query(`SELECT _customer, name, tags FROM customers ORDER BY 1`)).toEqual([
        { _customer: 'c1', name: 'Smith, Ann', tags: ['a', 'b'] },
        { _customer: 'c2', name: 'He said "hi"', tags: null },
        { _customer: 'c3', name: 'Two\nlines', tags: null },
      ]);
    });

    test('mixed line endings refuse the whole file, naming the first line that ends otherwise; nothing is kept', async () => {
      // Lines count records, as for rejected rows: c3's quoted line break is its text, not a line
      // ending, so c2's LF ends line 4. (DuckDB reads a line that changes its
      // ending after an empty last field, or rejects it alone when that field is quoted: not these.)
      const customers = `${HEADER}\r\n${rows[0]}\r\n${rows[2]}\r\nc2,Bob,2,,,,,,,,7\nc4,Dan,4,,,,,,,,8\r\n`;
      const events = 'customer_id,type,time\nc1,visit,2024-01-01T10:00:00\nc1,visit,2024-01-02T10:00:00\r\n';
      const pets = 'id,owner,species\r\np1,c1,cat\rp2,c1,dog\r\n';
      const ws = await shop({ 'c.csv': customers, 'e.csv': events, 'p.csv': pets, 'ok.csv': `${HEADER}\n${rows[0]}\n` });
      const refusal = load(ws, 'customers', 'c.csv');
      await expect(refusal).rejects.toThrow(ImportError);
      await expect(refusal).rejects.toThrow(
        '/c.csv, line 4: this line ends with LF (Unix) but line 1 with CRLF (Windows); the CSV reader needs one kind of line ending throughout the file: convert it (for example with dos2unix) and import it again',
      );
      expect(await load(ws, 'customers', 'ok.csv')).toMatchObject({ inserted: 1 });
      await expect(load(ws, 'events', 'e.csv')).rejects.toThrow('e.csv, line 3: this line ends with CRLF (Windows) but line 1 with LF (Unix);');
      await expect(load(ws, 'pets', 'p.csv')).rejects.toThrow('p.csv, line 2: this line ends with CR (classic Mac) but line 1 with CRLF (Windows);');
      expect(await ws.store.query(`SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM rec_pets) AS pets, (SELECT count(*) FROM imports) AS imports`)).toEqual([
        { customers: 1, events: 0, pets: 0, imports: 1 },
      ]);
    });

    test('malformed quoting rejects its record alone, saying what is wrong; a quote left open keeps what it swallowed', async () => {
      const csv = `${HEADER}\nc1,"Ann" Lee,1,,,,,,,,\nc2,Bob,2,,,,,,,,\nc3,"Cy,3,,,,,,,,\nc4,Dan,4,,,,,,,,\n`;
      const ws = await shop({ 'c.csv': csv });
      const summary = await load(ws, 'customers', 'c.csv');
      expect(summary).toMatchObject({ inserted: 1, rejected: 2 });
      const reason = 'malformed quoting: a quoted value not closed, or text after its closing quote';
      expect(await rejectsOf(summary.rejects)).toEqual([
        [2, 'name', reason],
        [4, 'name', reason],
      ]);
      const raw = await reference<{ raw: string }>(`SELECT raw FROM read_csv('${summary.rejects}', all_varchar = true) ORDER BY line::INT`);
      expect(raw.map((r) => r.raw)).toEqual(['c1,"Ann" Lee,1,,,,,,,,', 'c3,"Cy,3,,,,,,,,\nc4,Dan,4,,,,,,,,\n']);
    });

    test('Latin-1 and Windows-1252 files: accented rows rejected as not UTF-8, saying what to do; imported whole with their encoding', async () => {
      const latin1 = Buffer.from(`id,name\nc1,Zoé\nc2,Bob\nc3,François\n`, 'latin1');
      const ws = await shop({ 'c.csv': latin1, 'c.ndjson': '{"id":"c9"}\n' });
      const utf8 = await load(ws, 'customers', 'c.csv');
      expect(utf8).toMatchObject({ inserted: 1, rejected: 2 });
      const reason = 'invalid UTF-8 text (a file saved as Latin-1 imports with --encoding latin-1)';
      expect(await rejectsOf(utf8.rejects)).toEqual([
        [2, 'name', reason],
        [4, 'name', reason],
      ]);
      expect(await load(ws, 'customers', 'c.csv', { encoding: 'latin-1' })).toMatchObject({ inserted: 2, unchanged: 1, rejected: 0 });
      expect(await ws.store.query(`SELECT _customer, name FROM customers ORDER BY 1`)).toEqual([
        { _customer: 'c1', name: 'Zoé' },
        { _customer: 'c2', name: 'Bob' },
        { _customer: 'c3', name: 'François' },
      ]);
      await expect(load(ws, 'customers', 'c.ndjson', { encoding: 'latin-1' })).rejects.toThrow('--encoding applies to CSV files: ndjson files are UTF-8');
      // Windows-1252's œ (0x9C) is no Latin-1 character: DuckDB refuses the whole file; the error says where.
      await writeFile(path.join(ws.workspace.dir, 'w.csv'), Buffer.concat([Buffer.from('id,name\nc4,"Two\nlines"\nc5,C', 'latin1'), Buffer.from([0x9c]), Buffer.from('ur\n')]));
      const refusal = load(ws, 'customers', 'w.csv', { encoding: 'latin-1' });
      await expect(refusal).rejects.toThrow(ImportError);
      await expect(refusal).rejects.toThrow(
        '/w.csv, line 3: the byte 0x9C is no Latin-1 character (it is œ in Windows-1252, which this reader does not know); import it with --encoding windows-1252',
      );
      expect(await ws.store.query(`SELECT count(*) AS n FROM customers`)).toEqual([{ n: 3 }]);
      // Read as Windows-1252 (transcoded to UTF-8 first): œ and € as meant, lines numbered as in the file.
      await writeFile(path.join(ws.workspace.dir, 'w.csv'), Buffer.concat([Buffer.from('id,name\nc4,"Two\nlines"\nc5,C', 'latin1'), Buffer.from([0x9c]), Buffer.from('ur \x80\nc6,"open\n', 'latin1')]));
      const windows = await load(ws, 'customers', 'w.csv', { encoding: 'windows-1252' });
      expect(windows).toMatchObject({ inserted: 2, rejected: 1, file: path.join(ws.workspace.dir, 'w.csv') });
      expect(await rejectsOf(windows.rejects)).toEqual([[4, 'name', 'malformed quoting: a quoted value not closed, or text after its closing quote']]);
      expect(await ws.store.query(`SELECT _customer, name FROM customers WHERE _customer IN ('c4', 'c5') ORDER BY 1`)).toEqual([
        { _customer: 'c4', name: 'Two\nlines' },
        { _customer: 'c5', name: 'Cœur €' },
      ]);
      await expect(load(ws, 'customers', 'c.csv', { encoding: 'cp1252' })).rejects.toThrow('unknown encoding "cp1252" (encodings: utf-8, latin-1, windows-1252)');
    });

    test('semicolon and tab separators are detected', async () => {
      const semi = `${HEADER.replaceAll(',', ';')}\nc1;Müller, Zoé;1;2,5;;;;;;;\n`;
      const tab = `${HEADER.replaceAll(',', '\t')}\nc2\tO'Neil; Jr\t2\t3.5\t\t\t\t\t\t\t\n`;
      const ws = await shop({ 'semi.csv': semi, 'tab.tsv': tab });
      const a = await load(ws, 'customers', 'semi.csv');
      expect(a).toMatchObject({ inserted: 0, rejected: 1 });
      expect(await rejectsOf(a.rejects)).toEqual([[2, 'score', 'not a number (decimals are written with ".", without thousands separators): "2,5"']]);
      // A thousands separator is refused the same way, never read as another number; other shapes as before.
      await writeFile(path.join(ws.workspace.dir, 'thousands.csv'), `${HEADER.replaceAll(',', ';')}\nc7;T;1;1,000;;;;;;;\nc8;U;1;1.000,5;;;;;;;\nc9;V;1,000;-2,5;;;;;;;\n`);
      expect(await rejectsOf((await load(ws, 'customers', 'thousands.csv')).rejects)).toEqual([
        [2, 'score', 'not a number (decimals are written with ".", without thousands separators): "1,000"'],
        [3, 'score', 'not a number: "1.000,5"'],
        // Both cells of the row, each with its reason (a negative number too).
        [4, 'age', 'not a whole number (decimals are written with ".", without thousands separators): "1,000"; not a number (decimals are written with ".", without thousands separators): "-2,5"'],
      ]);
      await writeFile(path.join(ws.workspace.dir, 'semi.csv'), semi.replace('2,5', '2.5'));
      expect(await load(ws, 'customers', 'semi.csv')).toMatchObject({ inserted: 1, rejected: 0 });
      expect(await load(ws, 'customers', 'tab.tsv')).toMatchObject({ inserted: 1, rejected: 0 });
      expect(await ws.store.query(`SELECT _customer, name, score FROM customers ORDER BY 1`)).toEqual([
        { _customer: 'c1', name: 'Müller, Zoé', score: 2.5 },
        { _customer: 'c2', name: "O'Neil; Jr", score: 3.5 },
      ]);
    });
  });

  describe('idempotent imports', () => {
    test('customers are upserted by key, the last row of a file winning', async () => {
      const ws = await shop({
        'a.csv': 'id,name,age\nc1,Ann,40\nc2,Bob,30\n',
        'b.csv': 'id,name,age\nc1,Ann,41\nc2,Bob,30\nc3,Cy,1\nc3,Cy,2\n',
        'partial.csv': 'id,age\nc2,31\n',
      });
      expect(await load(ws, 'customers', 'a.csv')).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
      expect(await load(ws, 'customers', 'b.csv')).toMatchObject({ inserted: 1, updated: 1, unchanged: 2 });
      // A file without a column leaves that field as it is.
      expect(await load(ws, 'customers', 'partial.csv')).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await ws.store.query(`SELECT _customer, name, age FROM customers ORDER BY 1`)).toEqual([
        { _customer: 'c1', name: 'Ann', age: 41 },
        { _customer: 'c2', name: 'Bob', age: 31 },
        { _customer: 'c3', name: 'Cy', age: 2 },
      ]);
    });

    test('a record that changes owner moves', async () => {
      const ws = await shop({ 'c.csv': 'id\nc1\nc2\n', 'p1.csv': 'id,owner,species\np1,c1,cat\n', 'p2.csv': 'id,owner,species\np1,c2,cat\n' });
      await load(ws, 'customers', 'c.csv');
      await load(ws, 'pets', 'p1.csv');
      expect(await load(ws, 'pets', 'p2.csv')).toMatchObject({ inserted: 0, updated: 1 });
      expect(await ws.store.query(`SELECT _customer, _key FROM rec_pets`)).toEqual([{ _customer: 'c2', _key: 'p1' }]);
    });

    test('events without id: identity is all their values, within the file and across imports', async () => {
      const ws = await shop({
        'c.csv': 'id\nc1\n',
        'e1.csv': 'customer_id,type,time,amount,items\nc1,purchase,2024-01-01T10:00:00,10,a\nc1,purchase,2024-01-01T10:00:00,10,a\nc1,purchase,2024-01-01T10:00:00,11,a\nc1,visit,2024-01-01T10:00:00,,\n',
        'e2.csv': 'customer_id,type,time,amount,items\nc1,purchase,2024-01-01T10:00:00,10,a\nc1,purchase,2024-01-01T10:00:00,10,a|b\nc1,visit,2024-01-01T10:00:00,,\nc1,visit,2024-01-02T10:00:00,,\n',
      });
      await load(ws, 'customers', 'c.csv');
      expect(await load(ws, 'events', 'e1.csv')).toMatchObject({ inserted: 3, unchanged: 1 });
      expect(await load(ws, 'events', 'e2.csv')).toMatchObject({ inserted: 2, unchanged: 2 });
      expect(await load(ws, 'events', 'e2.csv')).toMatchObject({ inserted: 0, unchanged: 4 });
      const [row] = await ws.store.query<{ n: number }>(`SELECT count(*) AS n FROM events`);
      expect(row!.n).toBe(5);
    });

    test('events without id: a value in a column of another type is no value of the event (visits equal but for `amount` are one)', async () => {
      const ws = await shop({
        'c.csv': 'id\nc1\n',
        // `amount` and `items` are properties of purchases only; on a visit they are not its values.
        'e1.csv': 'customer_id,type,time,amount,items\nc1,visit,2024-01-01T10:00:00,5,x\nc1,visit,2024-01-01T10:00:00,7,\nc1,visit,2024-01-01T10:00:00,,y\n',
        'e2.csv': 'customer_id,type,time\nc1,visit,2024-01-01T10:00:00\n',
        'e3.csv': 'customer_id,type,time,amount\nc1,visit,2024-01-01T10:00:00,9\n',
      });
      await load(ws, 'customers', 'c.csv');
      expect(await load(ws, 'events', 'e1.csv')).toMatchObject({ inserted: 1, unchanged: 2 });
      expect(await load(ws, 'events', 'e2.csv')).toMatchObject({ inserted: 0, unchanged: 1 });
      expect(await load(ws, 'events', 'e3.csv')).toMatchObject({ inserted: 0, unchanged: 1 });
      expect(await load(ws, 'events', 'e1.csv')).toMatchObject({ inserted: 0, unchanged: 3 });
      const [row] = await ws.store.query<{ n: number }>(`SELECT count(*) AS n FROM events`);
      expect(Number(row!.n)).toBe(1);
    });

    test('events without id: a file without a property column gives that property missing, compared as such on both stores', async () => {
      const ws = await shop({
        'c.csv': 'id\nc1\n',
        'full.csv': 'customer_id,type,time,amount,items\nc1,purchase,2024-01-01T10:00:00,10,a\nc1,purchase,2024-01-02T10:00:00,,\n',
        'bare.csv': 'customer_id,type,time\nc1,purchase,2024-01-01T10:00:00\nc1,purchase,2024-01-02T10:00:00\n',
      });
      await load(ws, 'customers', 'c.csv');
      expect(await load(ws, 'events', 'full.csv')).toMatchObject({ inserted: 2, unchanged: 0 });
      // The first has an amount and items the bare row has not: another event. The second is the same.
      expect(await load(ws, 'events', 'bare.csv')).toMatchObject({ inserted: 1, unchanged: 1 });
      expect(await load(ws, 'events', 'bare.csv')).toMatchObject({ inserted: 0, unchanged: 2 });
    });

    test('columns the workspace does not read are listed, in the file\'s order, for every entity', async () => {
      const ws = await shop({
        'c.csv': 'id,nmae,age,shoe_size\nc1,Ann,3,38\n',
        'p.csv': 'id,owner,species,colour\np1,c1,cat,grey\n',
        'e.csv': 'customer_id,type,time,amount,items,channel\nc1,purchase,2024-01-01T10:00:00,10,a,web\n',
        'all.csv': `${HEADER}\nc2,Bob,4,1.5,true,2000-01-01,2024-01-01T10:00:00,46.5,6.6,a,1\n`,
      });
      expect((await load(ws, 'customers', 'c.csv')).ignoredColumns).toEqual(['nmae', 'shoe_size']);
      expect((await load(ws, 'customers', 'c.csv')).nearestColumns).toEqual({ nmae: 'name' });
      expect((await load(ws, 'pets', 'p.csv')).ignoredColumns).toEqual(['colour']);
      expect((await load(ws, 'events', 'e.csv')).ignoredColumns).toEqual(['channel']);
      expect((await load(ws, 'customers', 'all.csv')).ignoredColumns).toEqual([]);
    });

    test('rows the CSV reader rejects count once, as rejected, when events are already stored', async () => {
      const header = 'customer_id,type,time,amount,items\n';
      const good = 'c1,purchase,2024-01-05T10:00:00,10,a\n';
      const ws = await shop({
        'c.csv': 'id\nc1\n',
        'e0.csv': `${header}c1,visit,2024-01-01T10:00:00,,\n`,
        // A short row, a long row, invalid UTF-8 in a cell, a quote left open over two lines.
        'bad.csv': Buffer.concat([
          Buffer.from(`${header}${good}c1,purchase,2024-01-06T10:00:00\nc1,purchase,2024-01-07T10:00:00,10,a,extra\nc1,purchase,2024-01-08T10:00:00,10,`),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(`\n"c1,visit,2024-01-09T10:00:00,,\nc1,visit,2024-01-10T10:00:00,,\n`),
        ]),
      });
      await load(ws, 'customers', 'c.csv');
      await load(ws, 'events', 'e0.csv');
      // Six data lines, five records (the open quote joins the last two lines).
      expect(await load(ws, 'events', 'bad.csv')).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, rejected: 4 });
      expect(await load(ws, 'events', 'bad.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, rejected: 4 });
    });

    test('events with an id: the first row of an id is kept, known ids are skipped', async () => {
      const yaml = YAML.replace('  time: time\n', '  time: time\n  id: event_id\n');
      const ws = await shop(
        {
          'c.csv': 'id\nc1\n',
          'e1.csv': 'event_id,customer_id,type,time,amount\ne1,c1,purchase,2024-01-01T10:00:00,10\ne1,c1,purchase,2024-01-02T10:00:00,99\ne2,c1,visit,2024-01-01T10:00:00,\n,c1,visit,2024-01-03T10:00:00,\n',
          'e2.csv': 'event_id,customer_id,type,time,amount\ne2,c1,visit,2024-01-09T10:00:00,\ne3,c1,visit,2024-01-09T10:00:00,\n',
        },
        yaml,
      );
      await load(ws, 'customers', 'c.csv');
      const first = await load(ws, 'events', 'e1.csv');
      expect(first).toMatchObject({ inserted: 2, unchanged: 1, rejected: 1 });
      expect(await rejectsOf(first.rejects)).toEqual([[5, 'event_id', 'missing event id']]);
      expect(await load(ws, 'events', 'e2.csv')).toMatchObject({ inserted: 1, unchanged: 1 });
      expect(await ws.store.query(`SELECT _id, "purchase.amount" AS amount FROM events ORDER BY _id`)).toEqual([
        { _id: 'e1', amount: 10 },
        { _id: 'e2', amount: null },
        { _id: 'e3', amount: null },
      ]);
    });
  });

  describe('NDJSON and Parquet', () => {
    test('NDJSON: values, JSON lists, malformed lines rejected by line', async () => {
      const ndjson = [
        '{"id":"c1","name":"Zoé","age":3,"vip":true,"tags":["x","y"],"home_lat":46.5,"home_lon":6.6,"seen":"2024-06-01T12:00:00"}',
        '{"id":"c2","name":"O\'Neil","age":"4","tags":"a|b"}',
        'not json',
        '',
        '{"id":"c3","age":"old"}',
        '[1,2]',
      ].join('\n');
      const ws = await shop({ 'c.ndjson': ndjson });
      const summary = await load(ws, 'customers', 'c.ndjson');
      expect(summary).toMatchObject({ inserted: 2, rejected: 4 });
      expect(await rejectsOf(summary.rejects)).toEqual([
        [3, '', 'malformed JSON'],
        [4, '', 'empty line'],
        [5, 'age', 'not a whole number (or out of range): "old"'],
        [6, '', 'not a JSON object'],
      ]);
      const rows = await ws.store.query(`SELECT _customer, name, age, vip, tags, "home.lat" AS lat FROM customers ORDER BY 1`);
      expect(rows).toEqual([
        { _customer: 'c1', name: 'Zoé', age: 3, vip: true, tags: ['x', 'y'], lat: 46.5 },
        { _customer: 'c2', name: "O'Neil", age: 4, vip: null, tags: ['a', 'b'], lat: null },
      ]);
    });

    test('NDJSON: an object or array where one value belongs, and an object or nested list where a list belongs, reject the row (never read as text or as missing)', async () => {
      const ndjson = [
        '{"id":"c1","name":{"first":"Ann"}}',
        '{"id":"c2","age":[3],"born":["2000-01-01"]}',
        '{"id":["c3"]}',
        '{"id":"c4","tags":{"a":1}}',
        '{"id":"c5","tags":["x",{"a":1}],"sizes":[[1,2]]}',
        '{"id":"c6","home_lat":{"v":46.5},"home_lon":6.6}',
        '{"id":"c7","tags":5,"sizes":7,"vip":false}',
        '{"id":"c8","tags":[1,"two",null],"sizes":"1|2"}',
      ].join('\n');
      const ws = await shop({ 'c.ndjson': ndjson, 'p.ndjson': '{"id":"p1","owner":["c7"],"species":"cat"}\n{"id":"p2","owner":"c7","species":["cat"]}\n{"id":"p3","owner":"c7","species":"dog"}\n' });
      const summary = await load(ws, 'customers', 'c.ndjson');
      expect(summary).toMatchObject({ inserted: 2, rejected: 6 });
      const array = 'a JSON array, where one value belongs (a field holding a list is declared list<string> or list<number>)';
      expect(await rejectsOf(summary.rejects)).toEqual([
        [1, 'name', 'a JSON object, where one value belongs: {"first":"Ann"}'],
        [2, 'age', `${array}: [3]; ${array}: ["2000-01-01"]`],
        [3, 'id', `${array}: ["c3"]`],
        [4, 'tags', 'a JSON object, where a list belongs: {"a":1}'],
        [5, 'tags', 'a list holding a JSON object or array, where its elements are single values: ["x",{"a":1}]; a list holding a JSON object or array, where its elements are single values: [[1,2]]'],
        [6, 'home_lat', 'a JSON object, where one value belongs: {"v":46.5}'],
      ]);
      // A single value where a list belongs is read as a CSV cell is: split on the separator.
      expect(await ws.store.query(`SELECT _customer, vip, tags, sizes FROM customers ORDER BY 1`)).toEqual([
        { _customer: 'c7', vip: false, tags: ['5'], sizes: [7] },
        { _customer: 'c8', vip: null, tags: ['1', 'two'], sizes: [1, 2] },
      ]);
      const pets = await load(ws, 'pets', 'p.ndjson');
      expect(pets).toMatchObject({ inserted: 1, rejected: 2 });
      expect(await rejectsOf(pets.rejects)).toEqual([
        [1, 'owner', `${array}: ["c7"]`],
        [2, 'species', `${array}: ["cat"]`],
      ]);
      const events = [
        '{"customer_id":["c7"],"type":"visit","time":"2024-06-01T12:00:00"}',
        '{"customer_id":"c7","type":{"t":"visit"},"time":"2024-06-01T12:00:00"}',
        '{"customer_id":"c7","type":"visit","time":{"at":"2024-06-01T12:00:00"}}',
        '{"customer_id":"c7","type":"purchase","time":"2024-06-01T12:00:00","amount":{"chf":5},"items":"a|b"}',
        '{"customer_id":"c7","type":"purchase","time":"2024-06-02T12:00:00","amount":5,"items":{"a":1}}',
        '{"customer_id":"c7","type":"visit","time":"2024-06-03T12:00:00","amount":{"of":"another type"}}',
      ].join('\n');
      await writeFile(path.join(ws.workspace.dir, 'e.ndjson'), events);
      const loaded = await load(ws, 'events', 'e.ndjson');
      expect(loaded).toMatchObject({ inserted: 1, rejected: 5 });
      expect(await rejectsOf(loaded.rejects)).toEqual([
        [1, 'customer_id', `${array}: ["c7"]`],
        [2, 'type', 'a JSON object, where one value belongs: {"t":"visit"}'],
        [3, 'time', 'a JSON object, where one value belongs: {"at":"2024-06-01T12:00:00"}'],
        [4, 'amount', 'a JSON object, where one value belongs: {"chf":5}'],
        [5, 'items', 'a JSON object, where a list belongs: {"a":1}'],
      ]);
    });

    test('Parquet: a struct, map or list where one value belongs, and a list of structs where a list belongs, reject the row', async () => {
      const ws = await shop({});
      const file = path.join(ws.workspace.dir, 'c.parquet');
      await reference(`COPY (SELECT * FROM (VALUES
          ('c1', {'first': 'Ann'}, ['x'], [{'a': 1}]),
          ('c2', NULL, ['y', 'z'], NULL),
          ('c3', NULL, NULL, [{'a': 2}, NULL])) t(id, name, tags, sizes)) TO '${file}' (FORMAT parquet)`);
      const summary = await load(ws, 'customers', 'c.parquet');
      expect(summary).toMatchObject({ inserted: 1, rejected: 2 });
      expect(await rejectsOf(summary.rejects)).toEqual([
        [1, 'name', `a nested value (STRUCT("first" VARCHAR)), where one value belongs: "{'first': Ann}"; a nested value (STRUCT(a INTEGER)[]), where a list of single values belongs: "[{'a': 1}]"`],
        [3, 'sizes', `a nested value (STRUCT(a INTEGER)[]), where a list of single values belongs: "[{'a': 2}, NULL]"`],
      ]);
      expect(await ws.store.query(`SELECT _customer, name, tags FROM customers ORDER BY 1`)).toEqual([{ _customer: 'c2', name: null, tags: ['y', 'z'] }]);
    });

    test('Parquet: a rejected record is kept as the file has it, its own columns only', async () => {
      const ws = await shop({});
      const file = path.join(ws.workspace.dir, 'c.parquet');
      await reference(`COPY (SELECT * FROM (VALUES ('c1', 'Ann', '1990-01-01'), ('c2', 'Bob', '1990-02-30')) t(id, name, born)) TO '${file}' (FORMAT parquet)`);
      const summary = await load(ws, 'customers', 'c.parquet');
      expect(summary).toMatchObject({ inserted: 1, rejected: 1 });
      const [rejected] = await reference<{ line: string; column: string; raw: string }>(`SELECT line, "column", raw FROM read_csv('${summary.rejects}', all_varchar = true)`);
      expect(rejected).toMatchObject({ line: '2', column: 'born' });
      expect(JSON.parse(rejected!.raw)).toEqual({ id: 'c2', name: 'Bob', born: '1990-02-30' });
    });

    test('an NDJSON file without any object is refused as such (empty, or every line malformed)', async () => {
      const ws = await shop({ 'empty.ndjson': '', 'bad.ndjson': 'id,name\nc1,Ann\n', 'objects.ndjson': '{}\n[1]\n' });
      for (const file of ['empty.ndjson', 'bad.ndjson', 'objects.ndjson']) {
        await expect(load(ws, 'customers', file)).rejects.toThrow(
          `/${file} holds no JSON object with a key: NDJSON is one object per line, e.g. {"id": "C1", "name": "Ann"}`,
        );
      }
    });

    test('a CSV file with its header and no row imports nothing; one without any byte is refused as naming no column', async () => {
      const ws = await shop({ 'header.csv': `${HEADER}\n`, 'empty.csv': '' });
      expect(await load(ws, 'customers', 'header.csv')).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejects: null });
      await expect(load(ws, 'customers', 'empty.csv')).rejects.toThrow('/empty.csv is empty: a CSV file needs a header row naming its columns');
      expect(await ws.store.query('SELECT count(*)::INT AS n FROM customers')).toEqual([{ n: 0 }]);
    });

    test('NDJSON lines may end with LF or CRLF, both in one file: each line counted once', async () => {
      const lines = ['{"id":"c1","age":1}', '{"id":"c2","age":2}', '', '{"id":"c3","age":"old"}', '{"id":"c4","age":4}', 'not json', '{"id":"c5","age":5}'];
      const lfFirst = lines.map((line, i) => line + (i % 2 ? '\r\n' : '\n')).join('');
      const crlfFirst = lines.map((line, i) => line + (i % 2 ? '\n' : '\r\n')).join('');
      const ws = await shop({ 'a.ndjson': lfFirst, 'b.ndjson': crlfFirst });
      for (const file of ['a.ndjson', 'b.ndjson']) {
        const summary = await load(ws, 'customers', file);
        expect(summary).toMatchObject({ rejected: 3 });
        expect(await rejectsOf(summary.rejects)).toEqual([
          [3, '', 'empty line'],
          [4, 'age', 'not a whole number (or out of range): "old"'],
          [6, '', 'malformed JSON'],
        ]);
      }
      expect(await ws.store.query(`SELECT _customer, age FROM customers ORDER BY 1`)).toEqual([
        { _customer: 'c1', age: 1 },
        { _customer: 'c2', age: 2 },
        { _customer: 'c4', age: 4 },
        { _customer: 'c5', age: 5 },
      ]);
    });
  });

  describe('one transaction per import', () => {
    test('an import that fails midway keeps nothing', async () => {
      const ws = await shop({ 'c.csv': 'id,name\nc1,Ann\n', 'e.csv': 'customer_id,type,time\nc1,visit,2024-01-01T10:00:00\nc1,visit,nope\n' });
      await load(ws, 'customers', 'c.csv');
      // The rejects file cannot be written (its path is a folder): the events already loaded are rolled back.
      await expect(load(ws, 'events', 'e.csv', { rejects: ws.workspace.dir })).rejects.toThrow();
      expect(await ws.store.query(`SELECT count(*) AS n FROM events`)).toEqual([{ n: 0 }]);
      expect(await ws.store.query(`SELECT count(*) AS n FROM imports`)).toEqual([{ n: 1 }]);
      // And the store is usable afterwards.
      expect(await load(ws, 'events', 'e.csv')).toMatchObject({ inserted: 1, rejected: 1 });
      void readFile;
    });
  });
});
