import { messages } from '../../i18n/messages.js';
import { TransitionsError, transitions } from '../../runs/transitions.js';
import { UNCLUSTERED } from '../../models/model-outputs.js';
import { segmentLabel } from '../../segmentations/order.js';
import type { CommandContext } from '../context.js';
import { Refused, UsageError } from '../errors.js';

function runId(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option} takes a run number, not "${text}"`);
  return n;
}

export default async function transitionsCommand(ctx: CommandContext, id: unknown, options: unknown): Promise<void> {
  const { from, to } = options as { from?: string; to?: string };
  const fromRun = runId(from, '--from');
  const toRun = runId(to, '--to');
  const opened = await ctx.open();
  try {
    const locale = ctx.locale(opened.workspace.locale);
    const t = messages(locale);
    const o = ctx.output;
    let result: Awaited<ReturnType<typeof transitions>>;
    try {
      result = await transitions(opened.store, opened.workspace, String(id), fromRun, toRun, ctx.atGiven(opened.workspace.timezone));
    } catch (error) {
      if (!(error instanceof TransitionsError)) throw error;
      // JSON keeps the English sentence (for scripts); people read it in their language.
      if (o.json) o.printJson({ error: { code: error.refusal.code, message: error.message } });
      else o.error(t.transitionsRefused(error.refusal));
      throw new Refused();
    }
    if (o.json) {
      const { kind, id: _id, ...rest } = result;
      void kind;
      void _id;
      o.printJson(rest);
      return;
    }
    o.line(o.style('bold', t.transitionsBetween(result.id, result.from, result.to)));
    if (result.kind === 'segment') {
      o.line(`  ${t.segmentMoves(result)}`);
      return;
    }
    const def = opened.workspace.segmentations.find((s) => s.id === result.id);
    // Clusters (a model) are named by their ids.
    const label = (segment: string) => (def ? segmentLabel(def, segment, locale) : segment === UNCLUSTERED ? t.unclustered : segment);
    for (const [before, row] of Object.entries(result.matrix)) {
      for (const [after, n] of Object.entries(row)) o.line(`  ${label(before).padEnd(26)} → ${label(after).padEnd(26)} ${String(n).padStart(8)}`);
    }
    o.line(`  ${t.segmentationMoves(result)}`);
  } finally {
    await opened.close();
  }
}
