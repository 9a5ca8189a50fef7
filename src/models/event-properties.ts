/**
 * The properties of an event type that a model takes when its settings do not name them: the
 * preferred name when it has a fitting type, else the only property of such a type (none, or
 * several: undefined). Shared by models declared without `amount:` and by the kinds fitted
 * without a declaration (default-models.ts), so that both read the same spend.
 */
import type { EventTypeDef, FieldType } from '../workspace/types.js';

/** The property of `type` named first in `preferred` with one of `types`, else the only one with them. */
export function eventProperty(type: EventTypeDef, preferred: readonly string[], types: readonly FieldType[]): string | undefined {
  const matching = type.properties.filter((p) => types.includes(p.type));
  for (const name of preferred) if (matching.some((p) => p.name === name)) return name;
  return matching.length === 1 ? matching[0]!.name : undefined;
}

/** The spend of an event type: the numeric property `amount`, else its only numeric property. */
export function defaultAmount(type: EventTypeDef): string | undefined {
  return eventProperty(type, ['amount'], ['number', 'integer']);
}

/** Whether the spend of an event type is for the user to say: several numeric properties, none named `amount`. */
export function ambiguousAmount(type: EventTypeDef): readonly string[] | undefined {
  const numeric = type.properties.filter((p) => p.type === 'number' || p.type === 'integer').map((p) => p.name);
  return defaultAmount(type) === undefined && numeric.length > 1 ? numeric : undefined;
}
