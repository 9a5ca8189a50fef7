/** Prints a failed command's error once: diagnostics with their source line, import refusals with their rejects. */
import { ImportRefused } from '../ingest/import.js';
import { ImportError } from '../ingest/import-error.js';
import { WorkspaceInvalid } from '../open.js';
import { StoreError } from '../store/store.js';
import { TransitionsError } from '../runs/transitions.js';
import { renderWorkspaceDiagnostics } from './render-diagnostics.js';
import { RuleRefused } from '../engine/prepared-rules.js';
import { renderDiagnostic } from '../rules/index.js';
import type { Output } from './output.js';
import { ModelError } from '../models/model-errors.js';
import { Refusal } from '../engine/refusal.js';
import { messages } from '../i18n/messages.js';

export function renderFailure(error: unknown, output: Output): void {
  if (error instanceof WorkspaceInvalid) {
    if (output.json) output.printJson({ error: { code: 'workspace-invalid', message: error.message, errors: error.diagnostics } });
    output.notice(renderWorkspaceDiagnostics(error.diagnostics, error.source, output));
    return;
  }
  if (error instanceof RuleRefused) {
    const errors = error.diagnostics.map((d) => ({ code: d.code, line: d.span.start.line, column: d.span.start.column, message: d.message, ...(d.hint !== undefined ? { hint: d.hint } : {}) }));
    if (output.json) output.printJson({ error: { code: 'rule-refused', message: error.message, errors } });
    if (error.diagnostics.length === 0) output.error(error.message);
    for (const d of error.diagnostics) output.notice(`${output.stderrStyle('red', 'error')}: ${renderDiagnostic(d, error.source)}`);
    return;
  }
  if (error instanceof ImportRefused) {
    if (output.json) output.printJson({ ...error.summary, error: { code: 'import-refused', message: error.message } });
    output.error(error.message);
    return;
  }
  if (error instanceof Refusal) {
    // JSON keeps the English sentence (README); people read it in their language.
    if (output.json) output.printJson({ error: { code: error.code, message: error.message } });
    output.error(messages(output.locale).refusal(error));
    return;
  }
  const code = error instanceof ImportError || error instanceof StoreError || error instanceof ModelError ? error.code : error instanceof TransitionsError ? error.refusal.code : undefined;
  const known = code !== undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (output.json) output.printJson({ error: { code: code ?? 'internal', message } });
  output.error(message);
  if (!known && error instanceof Error && process.env['SEGMENTA_DEBUG']) output.notice(error.stack ?? '');
}
