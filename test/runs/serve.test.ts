/**
 * `segmenta serve` as a user starts it: a real process on a workspace whose last full run is
 * months old makes the scheduled run it missed (the latest one) at start, then waits for the next
 * and stops cleanly on SIGTERM. Two of them on one PostgreSQL workspace make that run once; a
 * second one on a DuckDB file is refused (one writer per file). The scheduler's own rules (DST,
 * skipped triggers) are tested with an injected clock in scheduler.test.ts.
 */
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { cli, cliJson, importedByCli, startCli } from '../support/cli.js';
import { STORES, testSchema } from '../support/stores.js';
import { open } from '../support/workspace.js';
import { evaluation } from '../../src/engine/evaluate.js';
import { RunAlreadyMade, runWorkspace } from '../../src/runs/run.js';
import { parseInstant } from '../../src/time/instant.js';

const FIRST_RUN = '2026-07-01T00:00:00+02:00';

/**
 * The latest instant of the default schedule ("0 3 1 * *": the 1st of the month at 03:00 in the
 * workspace zone, Europe/Zurich for the fixture) at or before now, computed here with luxon rather
 * than with the cron library serve uses.
 */
function latestScheduled(now = DateTime.now().setZone('Europe/Zurich')): string {
  let at = now.startOf('month').set({ hour: 3 });
  if (at > now) at = at.minus({ months: 1 }).startOf('month').set({ hour: 3 });
  return at.toISO({ suppressMilliseconds: true })!;
}

async function importedWithRun(store: (typeof STORES)[number]): Promise<string> {
  const { dir } = await importedByCli(store);
  expect((await cli(['run', '--at', FIRST_RUN, '-w', dir])).code).toBe(0);
  return dir;
}

type RunRow = { run: number; at: string; customers: number };

describe.each(STORES)('segmenta serve on %s', (store) => {
  test('makes the missed scheduled run at start, then waits for the next; SIGTERM stops it cleanly', async () => {
    const dir = await importedWithRun(store);
    const expected = latestScheduled();
    const serve = startCli(['serve', '-w', dir, '--lang', 'en', '--port', '8080']);
    try {
      await serve.waitFor(/next run /, 120_000);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(serve.output()).toContain(`as of ${expected}:`);
    expect(serve.output()).toContain('--port 8080: the HTTP API and the dashboard are not built yet; serving the schedule only');
    const { json: runs } = await cliJson<RunRow[]>(['runs', '-w', dir]);
    expect(runs.map((r) => r.at)).toEqual([expected, FIRST_RUN]);
    expect(runs[0]!.customers).toBeGreaterThan(0);
    // Started again (in the workspace's language, French): nothing missed any more, so no run.
    const again = startCli(['serve', '-w', dir]);
    try {
      await again.waitFor(/prochain passage le 20\d\d-/);
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(again.output()).not.toMatch(/passage \d+ au/);
    expect(again.output()).toMatch(/SIGTERM : arrêt/);
    expect((await cliJson<RunRow[]>(['runs', '-w', dir])).json).toHaveLength(2);
  }, 240_000);

  test('a scheduled run of an instant that already has a full run writes nothing and says which run it is', async () => {
    const dir = await importedWithRun(store);
    const ws = await open(dir, store);
    try {
      const ev = evaluation(ws.workspace, ws.store);
      const at = parseInstant(FIRST_RUN, ws.workspace.timezone);
      const [{ id }] = (await ws.store.query<{ id: number }>(`SELECT id FROM runs WHERE kind = 'full'`)) as [{ id: number }];
      const before = await ws.store.query(`SELECT count(*) AS n FROM memberships`);
      await expect(runWorkspace(ev, at, { once: true })).rejects.toThrow(new RunAlreadyMade(Number(id)));
      expect(await ws.store.query(`SELECT count(*) AS n FROM runs`)).toEqual([{ n: 1 }]);
      expect(await ws.store.query(`SELECT count(*) AS n FROM memberships`)).toEqual(before);
      // Another instant is made as usual.
      const later = await runWorkspace(ev, parseInstant('2026-08-01T03:00:00', ws.workspace.timezone), { once: true });
      expect(later.run).toBe(Number(id) + 1);
    } finally {
      await ws.close();
    }
  }, 120_000);

  if (store === 'postgres') {
    test('two serve processes on one workspace make the missed run once', async () => {
      const dir = await importedWithRun(store);
      const expected = latestScheduled();
      // Each holds its run's transaction open for 3 s before committing. Whichever way they meet
      // (the second finds the run missed and waits for the lock, or opens after the first's
      // commit and finds nothing missed), the run is made once.
      const env = { SEGMENTA_TEST_PAUSE_BEFORE_COMMIT_MS: '3000' };
      const [a, b] = [startCli(['serve', '-w', dir, '--lang', 'en'], { env }), startCli(['serve', '-w', dir, '--lang', 'en'], { env })];
      try {
        await Promise.all([a.waitFor(/next run /, 120_000), b.waitFor(/next run /, 120_000)]);
      } finally {
        expect(await a.stop()).toBe(0);
        expect(await b.stop()).toBe(0);
      }
      expect([a.output(), b.output()].filter((o) => o.includes(`as of ${expected}:`))).toHaveLength(1);
      const { json: runs } = await cliJson<RunRow[]>(['runs', '-w', dir]);
      expect(runs.map((r) => r.at)).toEqual([expected, FIRST_RUN]);
    }, 240_000);

    test('a scheduled run that waited for the lock while another process made it writes nothing', async () => {
      const dir = await importedWithRun(store);
      const [first, second] = [await open(dir, store), await open(dir, store)];
      try {
        const at = parseInstant('2026-10-01T03:00:00', first.workspace.timezone);
        const made = runWorkspace(evaluation(first.workspace, first.store), at, { once: true, pauseBeforeCommitMs: 2000 });
        // The first holds the workspace's lock (paused before its commit) when the second starts.
        const held = `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = hashtext($1)::bigint`;
        while (Number((await second.store.query<{ n: number }>(held, [`segmenta:${testSchema(dir)}`]))[0]!.n) === 0) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const again = runWorkspace(evaluation(second.workspace, second.store), at, { once: true });
        const { run } = await made;
        await expect(again).rejects.toThrow(new RunAlreadyMade(run));
        const rows = await second.store.query<{ id: number }>(`SELECT id FROM runs WHERE run_at = $1`, [at]);
        expect(rows.map((r) => Number(r.id))).toEqual([run]);
      } finally {
        await first.close();
        await second.close();
      }
    }, 120_000);
  } else {
    test('a second serve on the same DuckDB file is refused, saying which process holds it', async () => {
      const dir = await importedWithRun(store);
      const first = startCli(['serve', '-w', dir, '--lang', 'en']);
      try {
        await first.waitFor(/next run /, 120_000);
        const second = await cli(['serve', '-w', dir, '--lang', 'en']);
        expect(second.code).not.toBe(0);
        expect(second.stderr).toMatch(/in use by another process \(PID \d+\)/);
      } finally {
        expect(await first.stop()).toBe(0);
      }
    }, 240_000);
  }
});
