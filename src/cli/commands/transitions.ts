import { transitions } from '../../runs/transitions.js';
import { segmentLabel } from '../../segmentations/order.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';

function runId(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option} takes a run number, not "${text}"`);
  return n;
}

export default async function transitionsCommand(ctx: CommandContext, id: unknown, options: unknown): Promise<void> {
  const { from, to } = options as { from?: string; to?: string };
  const opened = await ctx.open();
  try {
    const result = await transitions(opened.store, opened.workspace, String(id), runId(from, '--from'), runId(to, '--to'));
    if (ctx.output.json) {
      const { kind, id: _id, ...rest } = result;
      void kind;
      void _id;
      ctx.output.printJson(rest);
      return;
    }
    const o = ctx.output;
    const fr = ctx.locale(opened.workspace.locale) === 'fr';
    o.line(o.style('bold', `${result.id}: ${fr ? 'passage' : 'run'} ${result.from} → ${result.to}`));
    if (result.kind === 'segment') {
      o.line(fr ? `  entrés ${result.entered}, sortis ${result.left}, restés ${result.stayed}` : `  entered ${result.entered}, left ${result.left}, stayed ${result.stayed}`);
      return;
    }
    const def = opened.workspace.segmentations.find((s) => s.id === result.id);
    const locale = ctx.locale(opened.workspace.locale);
    // Clusters (a model) are named by their ids.
    const label = (segment: string) => (def ? segmentLabel(def, segment, locale) : segment);
    for (const [before, row] of Object.entries(result.matrix)) {
      for (const [after, n] of Object.entries(row)) o.line(`  ${label(before).padEnd(26)} → ${label(after).padEnd(26)} ${String(n).padStart(8)}`);
    }
    o.line(
      fr
        ? `  montés ${result.up}, descendus ${result.down}, restés ${result.stayed}, nouveaux ${result.new}, partis ${result.gone}`
        : `  up ${result.up}, down ${result.down}, stayed ${result.stayed}, new ${result.new}, gone ${result.gone}`,
    );
  } finally {
    await opened.close();
  }
}
