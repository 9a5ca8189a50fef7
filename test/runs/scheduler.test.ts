import { describe, expect, test } from 'vitest';
import { Scheduler, type SchedulerEvent } from '../../src/runs/scheduler.js';

const zurich = (iso: string) => new Date(new Date(`${iso}Z`).getTime() - (iso >= '2024-03-31' && iso < '2024-10-27' ? 2 : 1) * 3600_000);

describe('scheduler (injected clock)', () => {
  test('a run missed while down is made at start, for the latest missed instant, in the workspace zone', async () => {
    const made: Date[] = [];
    const scheduler = new Scheduler({
      cron: '0 3 1 * *',
      timezone: 'Europe/Zurich',
      now: () => zurich('2024-03-05T10:00:00'),
      lastRunAt: async () => zurich('2024-01-01T03:00:00'),
      run: async (at) => void made.push(at),
    });
    expect(await scheduler.missed()).toEqual(zurich('2024-03-01T03:00:00'));
    await scheduler.start();
    scheduler.stop();
    expect(made).toEqual([zurich('2024-03-01T03:00:00')]);
  });

  test('nothing is missed when the last run is the latest scheduled one; never run before: no catch-up', async () => {
    const upToDate = new Scheduler({ cron: '0 3 1 * *', timezone: 'Europe/Zurich', now: () => zurich('2024-03-05T10:00:00'), lastRunAt: async () => zurich('2024-03-01T03:00:00'), run: async () => undefined });
    expect(await upToDate.missed()).toBeUndefined();
    const never = new Scheduler({ cron: '0 3 1 * *', timezone: 'Europe/Zurich', now: () => zurich('2024-03-05T10:00:00'), lastRunAt: async () => undefined, run: async () => undefined });
    expect(await never.missed()).toBeUndefined();
  });

  test('never two runs at once: a trigger during a run is skipped', async () => {
    const events: SchedulerEvent[] = [];
    let release!: () => void;
    let started = 0;
    const scheduler = new Scheduler({
      cron: '0 3 1 * *',
      timezone: 'Europe/Zurich',
      lastRunAt: async () => undefined,
      run: () => {
        started += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      log: (e) => events.push(e),
    });
    const first = scheduler.trigger(new Date('2024-04-01T01:00:00Z'), 'schedule');
    await scheduler.trigger(new Date('2024-04-01T01:00:00Z'), 'schedule');
    expect(started).toBe(1);
    release();
    await first;
    expect(events.map((e) => e.kind)).toEqual(['skipped', 'run']);
    await Promise.all([scheduler.trigger(new Date('2024-05-01T01:00:00Z'), 'schedule').then(() => undefined), Promise.resolve(release())]);
  });

  test('a scheduled run is made as of the instant scheduled, not of the moment the timer fired', async () => {
    const made: Date[] = [];
    for (const fired of ['2024-04-01T03:00:00', '2024-04-01T03:00:00.250', '2024-04-01T03:07:41']) {
      const scheduler = new Scheduler({ cron: '0 3 1 * *', timezone: 'Europe/Zurich', now: () => zurich(fired), lastRunAt: async () => undefined, run: async (at) => void made.push(at) });
      await scheduler.tick();
      await scheduler.stop();
    }
    expect(made).toEqual(Array(3).fill(zurich('2024-04-01T03:00:00')));
  });

  test('stopped while the missed run is being looked for (serve stopping at start): no run is made', async () => {
    const made: Date[] = [];
    let answer!: (last: Date) => void;
    const scheduler = new Scheduler({
      cron: '0 3 1 * *',
      timezone: 'Europe/Zurich',
      now: () => zurich('2024-03-05T10:00:00'),
      lastRunAt: () => new Promise<Date>((resolve) => (answer = resolve)),
      run: async (at) => void made.push(at),
    });
    const started = scheduler.start();
    await scheduler.stop();
    answer(zurich('2024-01-01T03:00:00'));
    await started;
    // Nor by a trigger that fires after the stop (a timer already due).
    await scheduler.trigger(zurich('2024-04-01T03:00:00'), 'schedule');
    expect(made).toEqual([]);
    expect(scheduler.next()).toBeNull();
  });

  test('the next scheduled instant follows the cron in the workspace zone (03:00 local across the clock change)', () => {
    const scheduler = new Scheduler({ cron: '0 3 1 * *', timezone: 'Europe/Zurich', now: () => zurich('2024-03-05T10:00:00'), lastRunAt: async () => undefined, run: async () => undefined });
    expect(scheduler.next()).toEqual(zurich('2024-04-01T03:00:00'));
    scheduler.stop();
  });
});
