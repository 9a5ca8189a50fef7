/**
 * PostgreSQL serves several processes at once: imports and runs started together on one workspace
 * queue on the workspace's advisory lock, so that nothing deadlocks and no row is lost.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliJson } from '../support/cli.js';
import { STORES, storeEnv } from '../support/stores.js';
import { clinicCopy, open } from '../support/workspace.js';

if (STORES.includes('postgres')) {
  describe('two processes at once on one PostgreSQL workspace', () => {
    test('imports of both halves of the events and runs, all started together, lose nothing and block nobody for good', async () => {
      const dir = await clinicCopy();
      const env = storeEnv('postgres', dir);
      for (const [entity, file] of [['customers', 'customers.csv'], ['pets', 'pets.csv']]) {
        expect((await cliJson(['import', entity!, file!, '-w', dir], { env })).code).toBe(0);
      }
      const [header, ...lines] = (await readFile(path.join(dir, 'events.csv'), 'utf8')).trimEnd().split(/\r?\n/);
      const half = Math.floor(lines.length / 2);
      await writeFile(path.join(dir, 'a.csv'), [header, ...lines.slice(0, half)].join('\n'));
      await writeFile(path.join(dir, 'b.csv'), [header, ...lines.slice(half)].join('\n'));

      const together = (args: string[][]) => Promise.all(args.map((a) => cliJson<Record<string, any>>([...a, '-w', dir], { env })));
      const first = await together([
        ['import', 'events', 'a.csv', '--at', '2026-07-01'],
        ['run', '--at', '2026-07-01'],
        ['import', 'events', 'b.csv', '--at', '2026-07-01'],
        ['run', '--at', '2026-07-01'],
      ]);
      expect(first.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      expect(first[0]!.json['inserted'] + first[2]!.json['inserted']).toBe(13911);

      // Again, crossed: every event is already there.
      const second = await together([
        ['import', 'events', 'b.csv', '--at', '2026-07-01'],
        ['import', 'events', 'a.csv', '--at', '2026-07-01'],
      ]);
      expect(second.map((r) => [r.code, r.json['inserted']])).toEqual([[0, 0], [0, 0]]);

      const ws = await open(dir, 'postgres');
      try {
        expect(await ws.store.query(`SELECT count(*) AS n FROM events`)).toEqual([{ n: 13911 }]);
        // Import ids are distinct and every import was logged once.
        expect(await ws.store.query(`SELECT count(*) AS n, count(DISTINCT id) AS ids FROM imports`)).toEqual([{ n: 6, ids: 6 }]);
        // The two runs were made one after the other (distinct ids), each whole: one open interval per customer and key.
        expect(await ws.store.query(`SELECT count(*) AS n FROM runs WHERE kind = 'full'`)).toEqual([{ n: 2 }]);
        expect(await ws.store.query(`SELECT _customer, key FROM memberships WHERE to_run IS NULL GROUP BY _customer, key HAVING count(*) > 1`)).toEqual([]);
        // A run now, with every event in, equals what a fresh store computes from the same files.
      } finally {
        await ws.close();
      }
      const fresh = await clinicCopy();
      for (const [entity, file] of [['customers', 'customers.csv'], ['pets', 'pets.csv'], ['events', 'events.csv']]) {
        expect((await cliJson(['import', entity!, file!, '-w', fresh, '--no-reevaluate'])).code).toBe(0);
      }
      const [now, reference] = await Promise.all([
        cliJson<Record<string, any>>(['run', '--at', '2026-07-02', '-w', dir], { env }),
        cliJson<Record<string, any>>(['run', '--at', '2026-07-02', '-w', fresh]),
      ]);
      expect(now.json['segmentations']).toEqual(reference.json['segmentations']);
      expect(now.json['segments']).toEqual(reference.json['segments']);
    });
  });
}
