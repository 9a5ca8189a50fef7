import { evaluation, segmentSizes } from '../../engine/evaluate.js';
import type { CommandContext } from '../context.js';

export default async function segments(ctx: CommandContext): Promise<void> {
  const opened = await ctx.open();
  try {
    const ev = evaluation(opened.workspace, opened.store);
    const sizes = await segmentSizes(ev, ctx.at(opened.workspace.timezone));
    if (ctx.output.json) {
      ctx.output.printJson(sizes);
      return;
    }
    const width = Math.max(...sizes.map((s) => s.id.length), 2);
    const countWidth = Math.max(...sizes.map((s) => String(s.count).length), 1);
    for (const s of sizes) ctx.output.line(`${s.id.padEnd(width)}  ${String(s.count).padStart(countWidth)}  ${ctx.output.style('dim', s.name)}`);
  } finally {
    await opened.close();
  }
}
