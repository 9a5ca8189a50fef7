/**
 * Runs on a schedule (segmentations.md, "Runs"): the workspace's cron, in its time zone, with
 * croner. At start, a run missed while nothing was running (the latest scheduled instant since the
 * last full run) is made for that instant. Runs never overlap: a trigger that arrives while a run
 * is under way is skipped, not queued. The clock is injected, so that tests can move time.
 */
import { Cron } from 'croner';

export interface SchedulerOptions {
  readonly cron: string;
  readonly timezone: string;
  /** Makes a full run as of `at`. */
  readonly run: (at: Date) => Promise<void>;
  /** The instant of the latest full run, if any. */
  readonly lastRunAt: () => Promise<Date | undefined>;
  readonly now?: () => Date;
  /** Told what happens (a run made, skipped or failed). */
  readonly log?: (event: SchedulerEvent) => void;
}

export type SchedulerEvent =
  | { readonly kind: 'run'; readonly at: Date; readonly reason: 'schedule' | 'catch-up' }
  | { readonly kind: 'skipped'; readonly at: Date; readonly reason: 'a run is under way' }
  | { readonly kind: 'failed'; readonly at: Date; readonly error: Error }
  | { readonly kind: 'next'; readonly at: Date };

export class Scheduler {
  private readonly cron: Cron;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.cron = new Cron(options.cron, { timezone: options.timezone, paused: true }, () => void this.tick());
  }

  /** The scheduled instant missed since the last full run, if any (the latest one). */
  async missed(): Promise<Date | undefined> {
    const last = await this.options.lastRunAt();
    if (last === undefined) return undefined;
    const now = this.now();
    let missed: Date | undefined;
    for (let next = this.cron.nextRun(last); next !== null && next <= now; next = this.cron.nextRun(next)) missed = next;
    return missed;
  }

  /** Makes the missed run (if any), then follows the schedule (unless stopped meanwhile). */
  async start(): Promise<void> {
    const missed = await this.missed();
    if (missed !== undefined) await this.trigger(missed, 'catch-up');
    if (this.stopped) return;
    this.cron.resume();
    const next = this.cron.nextRun();
    if (next) this.options.log?.({ kind: 'next', at: next });
  }

  /** Whether a run is under way. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Follows the schedule no more; resolves when the run under way, if any, is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cron.stop();
    await this.running;
  }

  /**
   * What the cron calls when it fires: a run as of the scheduled instant it fired for (the latest at
   * or before now), not of the moment the timer went off, a few milliseconds later. Runs of one
   * instant are then the same instant whoever makes them (a catch-up, another process serving the
   * workspace), which is what lets a scheduled run be made once (`RunOptions.once`).
   */
  tick(): Promise<void> {
    const now = this.now();
    const [scheduled] = this.cron.previousRuns(1, new Date(now.getTime() + 1));
    return this.trigger(scheduled ?? now, 'schedule');
  }

  /** Runs as of `at`, unless a run is under way. Resolves when the run (or the skip) is done. */
  trigger(at: Date, reason: 'schedule' | 'catch-up'): Promise<void> {
    // Stopped (serve closing its store): a trigger still due, or a catch-up found late, makes nothing.
    if (this.stopped) return Promise.resolve();
    if (this.running !== undefined) {
      this.options.log?.({ kind: 'skipped', at, reason: 'a run is under way' });
      return Promise.resolve();
    }
    this.running = (async () => {
      try {
        await this.options.run(at);
        this.options.log?.({ kind: 'run', at, reason });
      } catch (error) {
        this.options.log?.({ kind: 'failed', at, error: error as Error });
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** The next scheduled instant. */
  next(): Date | null {
    return this.cron.nextRun(this.now());
  }
}
