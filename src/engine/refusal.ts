/**
 * A request the data or the workspace cannot answer — a segment, field or customer that does not
 * exist, a segment whose rule is refused — with a stable code for `--json` (`{"error": {"code",
 * "message"}}`) and an English message. The CLI exits 1 (refused input) on it.
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly code: 'unknown-segment' | 'invalid-segment-rule' | 'unknown-field' | 'unknown-segmentation' | 'unknown-model',
    message: string,
    /** What was not found, for saying it again in the reader's language (src/i18n/messages.ts). */
    readonly subject?: RefusalSubject,
  ) {
    super(message);
  }
}

export interface RefusalSubject {
  readonly name: string;
  /** The nearest known name, when one is close. */
  readonly nearest?: string;
  /** The names that exist, when the message lists them. */
  readonly known?: readonly string[];
  /**
   * A segmentation's (or clustering model's) id given where a segment's is expected: a segment to
   * name in a rule, and the segmentation's own segments, best first; for a k-means model,
   * `clustering`, and the names its clusters can have (`c1` … `ck` for the largest k it tries, then
   * the unclustered): how many there are is its fit's.
   */
  readonly segmentation?: { readonly example: string; readonly segments?: readonly string[]; readonly clustering?: true };
  /** A model's id (one without segments) given where a segment's is expected: its outputs, read in rules as `id.output`. */
  readonly model?: { readonly outputs: readonly string[] };
}
