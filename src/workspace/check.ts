/**
 * `segmenta check`: the workspace file, then every rule in it. All problems are reported at once.
 */
import { loadWorkspace, workspaceFile } from './load.js';
import type { WorkspaceDiagnostic } from './diagnostics.js';
import { checkWorkspaceRules } from './check-rules.js';
import type { Locale } from './types.js';

export interface CheckResult {
  readonly file: string;
  readonly diagnostics: readonly WorkspaceDiagnostic[];
  readonly source?: string;
  /** What was checked, counted (when the file parses): the CLI words it in the user's language. */
  readonly counts?: WorkspaceCounts;
  /** The workspace's language (when the file parses), for human output without `--lang`. */
  readonly locale?: Locale;
}

export interface WorkspaceCounts {
  readonly fields: number;
  readonly collections: number;
  readonly eventTypes: number;
  readonly segments: number;
  readonly segmentations: number;
  readonly models: number;
}

export async function checkWorkspace(dir: string): Promise<CheckResult> {
  const loaded = await loadWorkspace(dir);
  const file = workspaceFile(dir);
  const ws = loaded.workspace;
  const rules = ws ? checkWorkspaceRules(ws).diagnostics : [];
  const diagnostics = [...loaded.diagnostics, ...rules].sort((a, b) => a.line - b.line || a.column - b.column);
  const counts = ws && {
    fields: ws.customers.fields.length,
    collections: ws.collections.length,
    eventTypes: ws.events.types.length,
    segments: ws.segments.length,
    segmentations: ws.segmentations.length,
    models: ws.models.length,
  };
  return { file, diagnostics, ...(loaded.source !== undefined ? { source: loaded.source } : {}), ...(counts ? { counts, locale: ws.locale } : {}) };
}
