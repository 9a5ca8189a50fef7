import { messages } from '../../i18n/messages.js';
import { eraseCustomers } from '../../runs/erase.js';
import type { CommandContext } from '../context.js';

export default async function deleteCommand(ctx: CommandContext, keys: unknown): Promise<void> {
  const opened = await ctx.open();
  try {
    const list = (keys as string[]).map(String);
    const { deleted, unknown } = await eraseCustomers(opened.store, opened.workspace, list);
    if (ctx.output.json) ctx.output.printJson({ deleted, requested: list.length, unknown });
    else {
      // Erasure is idempotent: a key that is no customer (any more) is named, not refused.
      const t = messages(ctx.locale(opened.workspace.locale));
      ctx.output.line(t.deleted(deleted));
      if (unknown.length > 0) ctx.output.notice(t.notCustomers(unknown));
    }
  } finally {
    await opened.close();
  }
}
