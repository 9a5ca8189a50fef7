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
  /** A plain sentence saying what is wrong. */
  readonly message: string;
}
