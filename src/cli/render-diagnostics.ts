/** Diagnostics as people read them: the message, the source line, a caret under the column. */
import type { WorkspaceDiagnostic } from '../workspace/diagnostics.js';
import type { Output } from './output.js';

export function renderWorkspaceDiagnostics(diagnostics: readonly WorkspaceDiagnostic[], source: string | undefined, output: Output): string {
  const lines = source?.split(/\r?\n/) ?? [];
  return diagnostics
    .map((d) => {
      const head = `${output.style('red', 'error')}: ${d.message}${d.where ? output.style('dim', ` [${d.where}]`) : ''}`;
      const text = d.line > 0 ? lines[d.line - 1] : undefined;
      if (text === undefined) return head;
      const gutter = String(d.line).padStart(4);
      return `${head}\n${output.style('dim', `${gutter} | `)}${text}\n${' '.repeat(gutter.length)} ${output.style('dim', '|')} ${' '.repeat(Math.max(0, d.column - 1))}${output.style('red', '^')}`;
    })
    .join('\n');
}
