/**
 * Errors of the models, each a sentence saying which model, what is wrong and what to do. The CLI
 * prints them once, without a stack (they are about the user's data or settings, not bugs).
 */

/** Base of the models' errors. */
export class ModelError extends Error {
  override readonly name: string = 'ModelError';
  /** The `code` of its `--json` refusal. */
  readonly code: string = 'model-error';
}

/** A model cannot be fitted on this data (no purchases, no repeat purchase, too few customers…). */
export class ModelDataError extends ModelError {
  override readonly name = 'ModelDataError';
  override readonly code = 'model-data-error';
}

/** No model answers to the id or kind given, or its settings cannot be inferred. */
export class UnknownModel extends ModelError {
  override readonly name = 'UnknownModel';
  override readonly code = 'unknown-model';
}

/** A rule names a model that has no fit at or before its evaluation instant. */
export class ModelNotFitted extends ModelError {
  override readonly name = 'ModelNotFitted';
  override readonly code = 'model-not-fitted';
}
