import { evaluation } from '../../engine/evaluate.js';
import { replay, replayRange } from '../../runs/replay.js';
import { parseInstant } from '../../time/instant.js';
import { runWorkspace, type RunSummary } from '../../runs/run.js';
import { messages, type Messages } from '../../i18n/messages.js';
import { UNCLUSTERED } from '../../models/model-outputs.js';
import { segmentLabel } from '../../segmentations/order.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { runTestHooks } from '../test-hooks.js';
import type { Output } from '../output.js';
import type { Locale, Workspace } from '../../workspace/types.js';

interface RunCommandOptions {
  readonly every?: string;
  readonly from?: string;
  readonly to?: string;
}

export default async function run(ctx: CommandContext, options: unknown): Promise<void> {
  const { every, from, to } = options as RunCommandOptions;
  if ((every !== undefined || from !== undefined || to !== undefined) && !(every && from && to)) {
    throw new UsageError('a replay needs --every month --from DATE --to DATE');
  }
  if (every !== undefined && every !== 'month') throw new UsageError(`--every takes "month", not "${every}"`);
  const opened = await ctx.open();
  try {
    const ev = evaluation(opened.workspace, opened.store);
    const locale = ctx.locale(opened.workspace.locale);
    const t = messages(locale);
    if (every) {
      checkReplayRange(from!, to!, opened.workspace.timezone);
      const bar = ctx.output.progress('replay');
      let runs;
      try {
        runs = await replay(ev, from!, to!, (_, i, n) => bar.update((i + 1) / n));
      } finally {
        bar.stop();
      }
      if (runs.length === 0) ctx.output.notice(t.noMonthEnd(from!, to!));
      if (ctx.output.json) ctx.output.printJson(runs.map(contract));
      else for (const r of runs) ctx.output.line(t.runMade(r.run, r.at, r.rowsWritten));
      if (!ctx.output.json && runs.length > 0) printSummary(ctx.output, opened.workspace, runs[runs.length - 1]!, locale, t);
      return;
    }
    const summary = await runWorkspace(ev, ctx.at(opened.workspace.timezone), runTestHooks());
    if (ctx.output.json) ctx.output.printJson(contract(summary));
    else printSummary(ctx.output, opened.workspace, summary, locale, t);
  } finally {
    await opened.close();
  }
}

/** `--from` and `--to` of a replay: dates or times of the workspace zone, in that order (`--to` a date: to its end). */
function checkReplayRange(from: string, to: string, zone: string): void {
  const readable = (text: string, option: string) => {
    try {
      parseInstant(text, zone);
    } catch (error) {
      throw new UsageError(`${option}: ${(error as Error).message}`);
    }
  };
  readable(from, '--from');
  readable(to, '--to');
  const { start, end } = replayRange(from, to, zone);
  if (start > end) throw new UsageError(`--from ${from} is after --to ${to}`);
}

/** The JSON of cli.md, plus what the run wrote. */
function contract(s: RunSummary) {
  return { run: s.run, at: s.at, segments: s.segments, segmentations: s.segmentations, rowsWritten: s.rowsWritten, models: s.models };
}

function printSummary(o: Output, ws: Workspace, s: RunSummary, locale: Locale, t: Messages): void {
  o.line(o.style('bold', t.runHeading(s.run, s.at)));
  // One column of counts for segments, segmentations and models alike, wide enough for every label.
  const labels = [
    ...Object.keys(s.segments),
    ...ws.segmentations.flatMap((def) => Object.keys(s.segmentations[def.id] ?? {}).map((segment) => segmentLabel(def, segment, locale))),
    ...ws.models.flatMap((model) => Object.keys(s.segmentations[model.id] ?? {}).map((segment) => (segment === UNCLUSTERED ? t.unclustered : segment))),
  ];
  const width = Math.max(28, ...labels.map((label) => label.length));
  const row = (label: string, n: number) => `  ${label.padEnd(width)} ${String(n).padStart(8)}`;
  for (const [id, n] of Object.entries(s.segments)) o.line(row(id, n));
  for (const def of ws.segmentations) {
    o.line(o.style('bold', `${def.id}${def.name ? ` — ${def.name}` : ''}`));
    for (const [segment, n] of Object.entries(s.segmentations[def.id] ?? {})) o.line(row(segmentLabel(def, segment, locale), n));
  }
  for (const model of ws.models) {
    const result = s.models[model.id];
    if (result === undefined) continue;
    if ('error' in result) {
      o.line(o.style('yellow', t.notFitted(model.id, result.error)));
      continue;
    }
    o.line(o.style('bold', `${model.id}${model.name ? ` — ${model.name}` : ''} (${t.fit(result.fit)})`));
    for (const [segment, n] of Object.entries(s.segmentations[model.id] ?? {}).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      o.line(row(segment === UNCLUSTERED ? t.unclustered : segment, n));
    }
  }
}
