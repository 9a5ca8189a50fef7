/** An import refused as a whole (unreadable file, missing key column…): nothing of it is kept. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  /** The `code` of its `--json` refusal. */
  readonly code = 'import-error';
}
