/** Diagnostics as people read them (on stderr): the message, the source line, a caret under the column. */
import type { WorkspaceDiagnostic } from '../workspace/diagnostics.js';
import type { Output } from './output.js';

export function renderWorkspaceDiagnostics(diagnostics: readonly WorkspaceDiagnostic[], source: string | undefined, output: Output): string {
  const lines = source?.split(/\r?\n/) ?? [];
  return diagnostics
    .map((d) => {
      const head = `${output.stderrStyle('red', 'error')}: ${d.message}${d.where ? output.stderrStyle('dim', ` [${d.where}]`) : ''}`;
      const text = d.line > 0 ? lines[d.line - 1] : undefined;
      if (text === undefined) return head;
      const gutter = String(d.line).padStart(4);
      return `${head}\n${output.stderrStyle('dim', `${gutter} | `)}${text}\n${' '.repeat(gutter.length)} ${output.stderrStyle('dim', '|')} ${' '.repeat(Math.max(0, d.column - 1))}${output.stderrStyle('red', '^')}`;
    })
    .join('\n');
}
