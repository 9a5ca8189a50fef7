/**
 * A model of a kind the workspace does not declare, for `segmenta model fit clv|basket|clusters`:
 * the settings models.md defaults, and the event and properties taken from the workspace when
 * there is no doubt about them. Where there is, the error says what to declare.
 *
 * - event: the event type `purchase`, else the only event type;
 * - amount: the property `amount` when numeric, else the only numeric property (none: no spend;
 *   several: the user says which);
 * - basket items: `products` or `items` when a list of texts, else the only list of texts;
 * - basket category: `categories` or `category` when a text or list of texts (none: the items).
 */
import type { ModelDef, ModelKind, Workspace } from '../workspace/types.js';
import { ambiguousAmount, defaultAmount, eventProperty } from './event-properties.js';
import { MODEL_DEFAULTS } from './model-settings.js';
import { UnknownModel } from './model-errors.js';

function only<T>(list: readonly T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

/** The model `id` of `kind` with default settings (see the module header). */
export function defaultModel(ws: Workspace, id: string, kind: ModelKind): ModelDef {
  const missing = (what: string) =>
    new UnknownModel(`no model "${id}" is declared and ${what}: declare it under "models:" in segmenta.yaml (see docs/models.md)`);
  const type = ws.events.types.find((t) => t.id === 'purchase') ?? only(ws.events.types);
  if (type === undefined) throw missing('there is no single event type to take purchases from');
  const base = { id, position: { line: 0, column: 0 }, event: type.id };
  const amount = defaultAmount(type);
  const numeric = ambiguousAmount(type);
  if (numeric !== undefined) throw missing(`"${type.id}" has several numeric properties (${numeric.join(', ')}) and none is named amount`);
  switch (kind) {
    case 'clv':
      if (amount === undefined) throw missing(`"${type.id}" has no single numeric property for the amount`);
      return { ...base, model: 'clv', amount, calibrationEnd: null, ...MODEL_DEFAULTS.clv };
    case 'basket': {
      const items = eventProperty(type, ['products', 'items'], ['list<string>']);
      if (items === undefined) throw missing(`"${type.id}" has no single list of texts for the items of a basket`);
      const category = eventProperty(type, ['categories', 'category'], ['list<string>', 'string']);
      return { ...base, model: 'basket', items, ...(category ? { category } : {}), ...(amount ? { amount } : {}), ...MODEL_DEFAULTS.basket };
    }
    case 'kmeans': {
      const { k, ...rest } = MODEL_DEFAULTS.kmeans;
      const ks: number[] = [];
      for (let n = k[0]; n <= k[1]; n++) ks.push(n);
      return { ...base, model: 'kmeans', ...(amount ? { amount } : {}), k: ks, ...rest };
    }
  }
}
