/** Diagnostics as people read them (on stderr): the message, the source line, a caret under the column. */
import type { WorkspaceDiagnostic } from '../workspace/diagnostics.js';
import type { Output } from './output.js';

export function renderWorkspaceDiagnostics(diagnostics: readonly WorkspaceDiagnostic[], source: string | undefined, output: Output): string {
  // Lines and columns are counted without the byte order mark (load.ts).
  const lines = source?.replace(/^\uFEFF/, '').split(/\r?\n/) ?? [];
  return diagnostics
    .map((d) => {
      const head = `${output.stderrStyle('red', 'error')}: ${d.message}${d.where ? output.stderrStyle('dim', ` [${d.where}]`) : ''}`;
      const text = d.line > 0 ? lines[d.line - 1] : undefined;
      if (text === undefined) return d.hint !== undefined ? `${head}\n  = hint: ${d.hint}` : head;
      const gutter = String(d.line).padStart(4);
      // Columns count UTF-16 units; the line's tabs are kept so that the caret lines up after them.
      const before = Math.max(0, d.column - 1);
      const indent = text.slice(0, before).replace(/[^\t]/g, ' ').padEnd(before);
      const hint = d.hint !== undefined ? `\n${' '.repeat(gutter.length)} = hint: ${d.hint}` : '';
      return `${head}\n${output.stderrStyle('dim', `${gutter} | `)}${text}\n${' '.repeat(gutter.length)} ${output.stderrStyle('dim', '|')} ${indent}${output.stderrStyle('red', '^'.repeat(Math.max(1, (d.endColumn ?? 0) - d.column)))}${hint}`;
    })
    .join('\n');
}
