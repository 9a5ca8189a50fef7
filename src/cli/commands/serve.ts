import { evaluation } from '../../engine/evaluate.js';
import { RunAlreadyMade, runWorkspace } from '../../runs/run.js';
import { Scheduler } from '../../runs/scheduler.js';
import { latestFullRunAt } from '../../runs/transitions.js';
import { messages } from '../../i18n/messages.js';
import { formatInstant } from '../../time/instant.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { runTestHooks } from '../test-hooks.js';

/** Runs the workspace's schedule until stopped (Ctrl-C). The HTTP API will be served here too. */
export default async function serve(ctx: CommandContext): Promise<void> {
  // The option is the command line contract's (cli.md); checked and said rather than ignored until HTTP lands.
  const { port } = ctx.options as { port?: string };
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)) throw new UsageError(`--port takes a port number from 0 to 65535, not "${port}"`);
  const opened = await ctx.open();
  const ws = opened.workspace;
  const ev = evaluation(ws, opened.store);
  const say = (text: string) => ctx.output.notice(`[${formatInstant(new Date(), ws.timezone)}] ${text}`);
  const m = messages(ctx.locale(ws.locale));
  const instant = (at: Date) => formatInstant(at, ws.timezone);
  const scheduler = new Scheduler({
    cron: ws.schedule,
    timezone: ws.timezone,
    run: async (at) => {
      try {
        const summary = await runWorkspace(ev, at, { once: true, ...runTestHooks() });
        say(m.runMade(summary.run, summary.at, summary.rowsWritten));
      } catch (error) {
        // Another process serving this workspace made it while this one waited for the lock.
        if (!(error instanceof RunAlreadyMade)) throw error;
        say(m.runAlreadyMade(instant(at), error.run));
      }
    },
    lastRunAt: () => latestFullRunAt(opened.store),
    log: (event) => {
      if (event.kind === 'skipped') say(m.runSkipped(instant(event.at)));
      if (event.kind === 'failed') say(m.runFailed(instant(event.at), event.error.message));
      if (event.kind === 'next') say(m.nextRun(instant(event.at), ws.schedule, ws.timezone));
    },
  });
  // Listening before the first run: a stop asked during the catch-up run waits for it to end
  // (a run is atomic, but one killed half-way is work lost), then the store is closed.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      say(m.stopping(signal, scheduler.busy));
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  say(m.serving(ws.name));
  if (port !== undefined) say(m.noHttpYet(port));
  try {
    // Waits for a stop; a failure to start (the store unreadable) rejects, and is reported.
    await Promise.race([stopped, scheduler.start().then(() => stopped)]);
  } finally {
    await scheduler.stop();
    await opened.close();
  }
}
