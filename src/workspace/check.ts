/**
 * `segmenta check`: the workspace file, then every rule in it. All problems are reported at once.
 */
import { loadWorkspace, workspaceFile } from './load.js';
import type { WorkspaceDiagnostic } from './diagnostics.js';
import { checkWorkspaceRules } from './check-rules.js';

export interface CheckResult {
  readonly file: string;
  readonly diagnostics: readonly WorkspaceDiagnostic[];
  readonly source?: string;
  /** A short description of what was checked, when valid. */
  readonly summary?: string;
}

export async function checkWorkspace(dir: string): Promise<CheckResult> {
  const loaded = await loadWorkspace(dir);
  const file = workspaceFile(dir);
  const ws = loaded.workspace;
  const rules = ws ? checkWorkspaceRules(ws).diagnostics : [];
  const diagnostics = [...loaded.diagnostics, ...rules].sort((a, b) => a.line - b.line || a.column - b.column);
  const summary = ws
    ? `${ws.customers.fields.length} customer fields, ${ws.collections.length} collections, ${ws.events.types.length} event types, ${ws.segments.length} segments, ${ws.segmentations.length} segmentations`
    : undefined;
  return { file, diagnostics, ...(loaded.source !== undefined ? { source: loaded.source } : {}), ...(summary ? { summary } : {}) };
}
