import { countRule, evaluation } from '../../engine/evaluate.js';
import { prepareRule } from '../../engine/prepared-rules.js';
import type { CommandContext } from '../context.js';

export default async function count(ctx: CommandContext, rule: unknown): Promise<void> {
  const opened = await ctx.open();
  try {
    const ev = evaluation(opened.workspace, opened.store);
    const typed = prepareRule(opened.workspace, String(rule));
    const n = await countRule(ev, typed, ctx.at(opened.workspace.timezone));
    if (ctx.output.json) ctx.output.printJson({ count: n });
    else ctx.output.line(String(n));
  } finally {
    await opened.close();
  }
}
