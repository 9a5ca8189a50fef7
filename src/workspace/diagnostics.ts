/**
 * Problems found in `segmenta.yaml` (and in the rules it holds), as data: collected while reading,
 * rendered once at the edge. The JSON form is the `errors` array of `segmenta check --json`.
 */
export interface WorkspaceDiagnostic {
  /** Stable code: `yaml-syntax`, `unknown-key`, `unknown-type`, `duplicate-name`, `invalid-value`, `rule`… */
  readonly code: string;
  /** Where in the file, as a dotted path (`customers.fields.home`) or the file name for syntax errors. */
  readonly where: string;
  /** 1-based line and column in `segmenta.yaml`. */
  readonly line: number;
  readonly column: number;
  /** The column just after the text at fault (a value, a key, a rule's part), when it ends on the line it starts on (for the carets). */
  readonly endColumn?: number;
  /** A plain sentence saying what is wrong. */
  readonly message: string;
  /** Advice: for a rule's problem the names that are known or how to write it, as `segmenta count` shows it; for a setting, how to write it. */
  readonly hint?: string;
}

/**
 * The workspace file has errors: nothing was opened, or (for its segments' rules alone) nothing
 * that needs every segment was done. `source` is the file's text, for showing the lines.
 */
export class WorkspaceInvalid extends Error {
  override readonly name = 'WorkspaceInvalid';
  constructor(
    readonly diagnostics: readonly WorkspaceDiagnostic[],
    readonly source?: string,
  ) {
    super(`segmenta.yaml has ${diagnostics.length} ${diagnostics.length === 1 ? 'error' : 'errors'}: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
}
