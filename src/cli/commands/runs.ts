import { listRuns } from '../../runs/transitions.js';
import { messages } from '../../i18n/messages.js';
import type { CommandContext } from '../context.js';

export default async function runs(ctx: CommandContext, options: unknown): Promise<void> {
  const opened = await ctx.open();
  try {
    const all = Boolean((options as { all?: boolean }).all);
    const list = await listRuns(opened.store, opened.workspace, all);
    if (ctx.output.json) ctx.output.printJson(list.map((r) => ({ run: r.run, at: r.at, created: r.created, ...(all ? { kind: r.kind } : {}), customers: r.customers })));
    else {
      const t = messages(ctx.locale(opened.workspace.locale));
      for (const r of list) ctx.output.line(`${String(r.run).padStart(5)}  ${r.at}  ${ctx.output.style('dim', t.runListed(r.created, r.customers, all ? r.kind : undefined))}`);
    }
  } finally {
    await opened.close();
  }
}
