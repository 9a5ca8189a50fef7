import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, importedByCli } from '../support/cli.js';
import { clinicCopy, open, tempDir } from '../support/workspace.js';
import { Scheduler } from '../../src/runs/scheduler.js';
import { latestFullRunAt } from '../../src/runs/transitions.js';
import { STORES } from '../support/stores.js';

describe('command line', () => {
  test('init writes a commented workspace that check accepts; twice is refused without --force', async () => {
    const dir = path.join(await tempDir(), 'shop');
    expect((await cli(['init', dir])).code).toBe(0);
    const yaml = await readFile(path.join(dir, 'segmenta.yaml'), 'utf8');
    expect(yaml).toContain('# Segmenta workspace');
    expect(await cliJson(['check', '-w', dir])).toMatchObject({ code: 0, json: { ok: true, errors: [] } });
    const again = await cli(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect((await cli(['init', dir, '--force'])).code).toBe(0);
  });

  test('usage errors exit 2, refused input exits 1, and --json keeps stdout pure', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['import'])).code).toBe(2);
    expect((await cli(['check', '--lang', 'de'])).code).toBe(2);
    // The demo refuses a --until date that does not exist, before it writes anything.
    const demoDir = path.join(await tempDir(), 'demo');
    expect(await cli(['demo', demoDir, '--until', '2025-02-30'])).toMatchObject({ code: 2, stderr: 'error: --until: "2025-02-30" is not a valid date: 2025-02 has 28 days\n' });
    expect(await cli(['demo', demoDir, '--until', 'soon'])).toMatchObject({ code: 2, stderr: 'error: --until must be a date YYYY-MM-DD, not "soon"\n' });
    expect(existsSync(demoDir)).toBe(false);
    for (const port of ['abc', '99999', '-1', '80.5']) expect(await cli(['serve', '--port', port])).toMatchObject({ code: 2, stderr: `error: --port takes a port number from 0 to 65535, not "${port}"\n` });
    const dir = await clinicCopy();
    const unknown = await cliJson<{ error: { message: string } }>(['import', 'animals', 'pets.csv', '-w', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.json.error.message).toContain('cannot import "animals"');
    const missing = await cliJson<{ error: { message: string } }>(['customer', 'C999999', '-w', dir]);
    expect(missing.code).toBe(1);
    const noWorkspace = await cli(['check', '-w', await tempDir()]);
    expect(noWorkspace.code).toBe(1);
    expect(noWorkspace.stderr).toContain('no segmenta.yaml');
  });

  test('a usage error under --json prints {"error": {"code": "usage", "message"}} on stdout, and the same message on stderr', async () => {
    const dir = path.join(await tempDir(), 'shop');
    expect((await cli(['init', dir])).code).toBe(0);
    const usage = (message: string) => ({ code: 2, json: { error: { code: 'usage', message } } });
    const file = path.join(dir, 'segmenta.yaml');
    const again = await cliJson(['init', dir]);
    expect(again).toMatchObject(usage(`${file} already exists (use --force to overwrite it)`));
    expect(again.stderr).toBe(`error: ${file} already exists (use --force to overwrite it)\n`);
    expect(await cliJson(['count', 'true', '-w', dir, '--at', 'soon'])).toMatchObject(usage('--at: "soon" is not an ISO date or date-time (e.g. 2024-06-30 or 2024-06-30T18:00:00)'));
    // Errors commander finds itself (an unknown option, a missing argument, a value outside its choices).
    expect(await cliJson(['count', 'true', '-w', dir, '--frobnicate'])).toMatchObject(usage("unknown option '--frobnicate'"));
    expect(await cliJson(['import', 'customers'])).toMatchObject(usage("missing required argument 'file'"));
    const lang = await cliJson<{ error: { message: string } }>(['check', '-w', dir, '--lang', 'de']);
    expect(lang.code).toBe(2);
    expect(lang.json.error.message).toMatch(/^option '--lang <lang>' argument 'de' is invalid/);
    // "--json" after "--" is a rule's text, not the option; help for an unknown topic is no error message.
    expect(await cli(['count', 'x', '-w', dir, '--bogus', '--', '--json'])).toMatchObject({ code: 2, stdout: '' });
    expect(await cli(['help', 'nosuch', '--json'])).toMatchObject({ stdout: expect.not.stringContaining('"usage"') });
    // Without --json, stdout stays empty.
    expect(await cli(['init', dir])).toMatchObject({ code: 2, stdout: '' });
  });

  test.each(STORES)('customer KEY: fields, records and latest events, in the workspace zone (%s)', async (store) => {
    const { dir, env } = await importedByCli(store);
    const { code, json } = await cliJson<Record<string, any>>(['customer', 'C000001', '-w', dir, '--events', '3'], { env });
    expect(code).toBe(0);
    expect(json['fields']).toMatchObject({ first_name: 'Léa', language: 'fr', home: { lat: 46.549738, lon: 6.802931 }, email_opt_in: true, created_at: '2025-11-28T14:36:52+01:00' });
    expect(json['records']['pets']).toEqual([
      { key: 'P0000001', fields: { name: 'Oscar', species: 'dog', birth_date: '2020-09-11', conditions: ['epilepsy', 'diabetes'] } },
      { key: 'P0000002', fields: { name: 'Naïa', species: 'cat', birth_date: '2018-02-13', conditions: null } },
    ]);
    expect(json['eventCounts']).toEqual({ purchase: 5, visit: 2 });
    expect(json['events'].map((e: any) => [e.type, e.time])).toEqual([
      ['purchase', '2026-06-01T16:54:41+02:00'],
      ['visit', '2026-05-18T22:30:31+02:00'],
      ['purchase', '2026-05-18T22:25:31+02:00'],
    ]);
    const human = await cli(['customer', 'C000001', '-w', dir, '--lang', 'en'], { env });
    expect(human.stdout).toContain('Customer C000001');
    expect(human.stdout).toContain('pets (2)');
    expect((await cliJson<Record<string, any>>(['customer', 'C000001', '-w', dir, '--events', '0'], { env })).json['events']).toEqual([]);
    for (const bad of ['abc', '-5', '2.5', '']) {
      const refused = await cli(['customer', 'C000001', '-w', dir, '--events', bad], { env });
      expect([refused.code, refused.stdout, refused.stderr]).toEqual([2, '', `error: --events takes a whole number of events (0 or more), not "${bad}"\n`]);
    }
  });

  test('demo creates, imports and summarises a clinic; deterministic for a seed and a day', async () => {
    const dir = path.join(await tempDir(), 'demo');
    const args = ['demo', dir, '--customers', '300', '--seed', '7', '--until', '2026-06-30'];
    const first = await cliJson<{ workspace: string; customers: number; events: number }>(args);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ workspace: dir, customers: 300 });
    const events = await readFile(path.join(dir, 'events.csv'));
    const again = await cliJson<{ events: number }>(args);
    expect(again.json.events).toBe(first.json.events);
    expect(await readFile(path.join(dir, 'events.csv'))).toEqual(events);
    expect((await cliJson(['check', '-w', dir])).code).toBe(0);
    // The summary's customer groups: each size ends in one column, the unclustered line's too.
    const human = (await cli([...args, '--lang', 'en'])).stdout;
    const groups = human.slice(human.indexOf('Customer groups')).split('\n\n')[0]!.split('\n').slice(1);
    expect(groups.map((l) => l.match(/^ {2}(c\d+|unclustered) +\d+/)?.[0].length)).toEqual(groups.map(() => groups[0]!.match(/^ {2}c1 +\d+/)![0].length));
    expect(groups.at(-1)).toMatch(/^ {2}unclustered +\d+$/);
    // Its schedule is at month ends, as its replay's runs: `serve` later in the month finds no run
    // missed (the default, 03:00 on the 1st, would make one three hours after the replay's last);
    // it makes the next month end's once that has passed.
    const ws = await open(dir);
    try {
      const last = await latestFullRunAt(ws.store);
      expect(last?.toISOString()).toBe('2026-06-30T22:00:00.000Z'); // 2026-07-01T00:00 in Zurich: the replay's last month end
      const missedAt = (now: string) =>
        new Scheduler({ cron: ws.workspace.schedule, timezone: ws.workspace.timezone, run: async () => undefined, lastRunAt: async () => last, now: () => new Date(now) }).missed();
      expect(await missedAt('2026-07-20T12:00:00Z')).toBeUndefined();
      expect((await missedAt('2026-08-02T12:00:00Z'))?.toISOString()).toBe('2026-07-31T22:00:00.000Z');
    } finally {
      await ws.close();
    }
    const elsewhere = await tempDir();
    await writeFile(path.join(elsewhere, 'notes.txt'), 'mine');
    expect((await cli(['demo', elsewhere])).code).toBe(1);
  });
});
