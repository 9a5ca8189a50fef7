import { evaluation } from '../../engine/evaluate.js';
import { runWorkspace } from '../../runs/run.js';
import { Scheduler } from '../../runs/scheduler.js';
import { formatInstant } from '../../time/instant.js';
import type { CommandContext } from '../context.js';

/** Runs the workspace's schedule until stopped (Ctrl-C). The HTTP API will be served here too. */
export default async function serve(ctx: CommandContext): Promise<void> {
  const opened = await ctx.open();
  const ws = opened.workspace;
  const ev = evaluation(ws, opened.store);
  const say = (text: string) => ctx.output.notice(`[${formatInstant(new Date(), ws.timezone)}] ${text}`);
  const scheduler = new Scheduler({
    cron: ws.schedule,
    timezone: ws.timezone,
    run: async (at) => {
      const summary = await runWorkspace(ev, at);
      say(`run ${summary.run} as of ${summary.at}: ${summary.rowsWritten} membership rows written`);
    },
    lastRunAt: async () => {
      const [row] = await opened.store.query<{ at: Date | null }>(`SELECT max(run_at) AS at FROM runs WHERE kind = 'full'`);
      return row?.at ?? undefined;
    },
    log: (event) => {
      if (event.kind === 'skipped') say(`skipped the run of ${formatInstant(event.at, ws.timezone)}: ${event.reason}`);
      if (event.kind === 'failed') say(`the run of ${formatInstant(event.at, ws.timezone)} failed: ${event.error.message}`);
      if (event.kind === 'next') say(`next run ${formatInstant(event.at, ws.timezone)} (schedule "${ws.schedule}", ${ws.timezone})`);
    },
  });
  say(`serving ${ws.name}`);
  await scheduler.start();
  await new Promise<void>((resolve) => {
    const stop = () => {
      scheduler.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await opened.close();
}
