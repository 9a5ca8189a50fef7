import { checkWorkspace } from '../../workspace/check.js';
import { messages } from '../../i18n/messages.js';
import type { CommandContext } from '../context.js';
import { Refused } from '../errors.js';
import { renderWorkspaceDiagnostics } from '../render-diagnostics.js';

export default async function check(ctx: CommandContext): Promise<void> {
  const result = await checkWorkspace(ctx.workspaceDir);
  const errors = result.diagnostics.map(({ where, line, column, endColumn, message, hint }) => ({
    where,
    line,
    column,
    ...(endColumn !== undefined ? { endColumn } : {}),
    message,
    ...(hint !== undefined ? { hint } : {}),
  }));
  if (ctx.output.json) ctx.output.printJson({ ok: errors.length === 0, errors });
  else if (errors.length === 0) ctx.output.line(`${ctx.output.style('green', 'ok')}: ${messages(ctx.locale(result.locale ?? 'en')).valid(result.file, result.counts!)}`);
  else ctx.output.notice(renderWorkspaceDiagnostics(result.diagnostics, result.source, ctx.output));
  if (errors.length > 0) throw new Refused();
}
