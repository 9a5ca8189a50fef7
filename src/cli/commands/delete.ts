import { eraseCustomers } from '../../runs/erase.js';
import type { CommandContext } from '../context.js';

export default async function deleteCommand(ctx: CommandContext, keys: unknown): Promise<void> {
  const opened = await ctx.open();
  try {
    const list = (keys as string[]).map(String);
    const deleted = await eraseCustomers(opened.store, opened.workspace, list);
    if (ctx.output.json) ctx.output.printJson({ deleted, requested: list.length });
    else ctx.output.line(ctx.locale(opened.workspace.locale) === 'fr' ? `${deleted} client(s) supprimé(s)` : `${deleted} customer(s) deleted`);
  } finally {
    await opened.close();
  }
}
