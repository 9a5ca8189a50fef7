/**
 * `models:` of segmenta.yaml (models.md): each model's settings validated where they are written,
 * every problem a diagnostic with its line and column (so `segmenta check` reports them all and a
 * workspace with a bad model is not opened). Defaults are those of models.md where it gives them;
 * the others are documented in docs/models.md.
 */
import { DateTime } from 'luxon';
import type { Node } from 'yaml';
import { didYouMean } from '../rules/suggest.js';
import { readAmount, readEventType } from '../workspace/read-segmentations.js';
import { ambiguousAmount, defaultAmount } from './event-properties.js';
import type {
  BasketModelDef,
  ClvModelDef,
  EventsDef,
  FeatureDef,
  KMeansModelDef,
  ModelDef,
  ModelKind,
  TimeUnit,
} from '../workspace/types.js';
import type { YamlEntry, YamlReader } from '../workspace/yaml-reader.js';

/** The `model:` values of models.md. */
export const MODEL_KINDS: readonly ModelKind[] = ['clv', 'basket', 'kmeans'];

const TIME_UNITS: readonly TimeUnit[] = ['days', 'weeks', 'months'];

/** Defaults of settings models.md leaves open (see docs/models.md for why). */
export const MODEL_DEFAULTS = {
  clv: { timeUnit: 'weeks' as TimeUnit, horizon: 52, margin: 1, discountRate: 0 },
  basket: { maxSize: 3, minSupport: 0.01, minConfidence: 0.1, minLift: 1, suggestions: 3 },
  kmeans: { k: [2, 8] as const, seed: 0, restarts: 10, sampleSize: 10_000, fitSampleSize: 50_000, standardise: true },
} as const;

/** Largest itemset size: each size is one more self-join. */
export const MAX_ITEMSET_SIZE = 5;
/** Largest number of clusters tried. */
export const MAX_CLUSTERS = 20;

type Get = (key: string) => YamlEntry | undefined;

/** Reads `models:`; unknown kinds and bad settings are reported and the model left out. */
export function readModels(reader: YamlReader, node: Node | null, events: EventsDef): ModelDef[] {
  const models: ModelDef[] = [];
  for (const entry of reader.entries(node, 'models')) {
    const settings = reader.entries(entry.value, entry.where, 'a mapping of settings with "model"');
    if (reader.notAMapping(entry.value)) continue;
    const get: Get = (key) => settings.find((s) => s.key === key);
    const modelEntry = get('model');
    const kind = modelEntry && reader.string(modelEntry.value, modelEntry.where);
    if (kind === undefined) {
      if (!modelEntry) reader.error('missing-key', entry.where, entry.keyNode, `model "${entry.key}" needs "model" (${MODEL_KINDS.join(', ')})`);
      continue;
    }
    const nameEntry = get('name');
    const name = nameEntry && reader.string(nameEntry.value, nameEntry.where);
    const base = { id: entry.key, position: reader.position(entry.keyNode), ...(name !== undefined ? { name } : {}) };
    const before = reader.diagnostics.length;
    let def: ModelDef | undefined;
    switch (kind) {
      case 'clv':
        reader.onlyKeys(settings, ['model', 'name', 'description', 'event', 'amount', 'time_unit', 'calibration_end', 'horizon', 'margin', 'discount_rate'], entry.where);
        def = readClv(reader, entry, get, events, base);
        break;
      case 'basket':
        reader.onlyKeys(settings, ['model', 'name', 'description', 'event', 'items', 'category', 'amount', 'max_size', 'min_support', 'min_confidence', 'min_lift', 'suggestions'], entry.where);
        def = readBasket(reader, entry, get, events, base);
        break;
      case 'kmeans':
        reader.onlyKeys(settings, ['model', 'name', 'description', 'event', 'amount', 'features', 'standardise', 'k', 'seed', 'restarts', 'sample_size', 'fit_sample_size'], entry.where);
        def = readKMeans(reader, entry, get, events, base);
        break;
      default:
        reader.error('unknown-model', modelEntry!.where, modelEntry!.value, `unknown model "${kind}"${didYouMean(kind, MODEL_KINDS)} (models: ${MODEL_KINDS.join(', ')})`);
    }
    if (def !== undefined && reader.diagnostics.length === before) models.push(def);
  }
  return models;
}

type Base = Pick<ModelDef, 'id' | 'position' | 'name'>;

function readClv(reader: YamlReader, owner: YamlEntry, get: Get, events: EventsDef, base: Base): ClvModelDef | undefined {
  const d = MODEL_DEFAULTS.clv;
  const event = readEventType(reader, get('event'), owner, events);
  const amount = readAmount(reader, get('amount'), owner, event, events, true);
  const unitEntry = get('time_unit');
  let timeUnit: TimeUnit | undefined = d.timeUnit;
  if (unitEntry) {
    const text = reader.string(unitEntry.value, unitEntry.where);
    timeUnit = TIME_UNITS.find((u) => u === text);
    if (text !== undefined && timeUnit === undefined) {
      reader.error('invalid-value', unitEntry.where, unitEntry.value, `time_unit must be ${TIME_UNITS.join(', ')}, not "${text}"${didYouMean(text, TIME_UNITS)}`);
    }
  }
  const calibrationEnd = readOptionalDate(reader, get('calibration_end'));
  const horizon = readNumber(reader, get('horizon'), d.horizon, { above: 0 });
  const margin = readNumber(reader, get('margin'), d.margin, { above: 0, max: 1 }, 'margin is the share of spend that is profit: a number in (0, 1]');
  const discountRate = readNumber(reader, get('discount_rate'), d.discountRate, { min: 0 });
  if (event === undefined || amount === undefined || timeUnit === undefined || calibrationEnd === undefined) return undefined;
  if (horizon === undefined || margin === undefined || discountRate === undefined) return undefined;
  return { ...base, model: 'clv', event, amount, timeUnit, calibrationEnd, horizon, margin, discountRate };
}

function readBasket(reader: YamlReader, owner: YamlEntry, get: Get, events: EventsDef, base: Base): BasketModelDef | undefined {
  const d = MODEL_DEFAULTS.basket;
  const event = readEventType(reader, get('event'), owner, events);
  const items = readProperty(reader, get('items'), owner, event, events, ['list<string>'], true, 'the list of items of a basket');
  const category = readProperty(reader, get('category'), owner, event, events, ['list<string>', 'string'], false, 'the category (or categories) of a purchase');
  const amount = readSpend(reader, get('amount'), owner, event, events);
  const maxSize = readNumber(reader, get('max_size'), d.maxSize, { min: 2, max: MAX_ITEMSET_SIZE, integer: true });
  const minSupport = readNumber(reader, get('min_support'), d.minSupport, { min: 0, max: 1 }, 'min_support is a share of baskets: a number in [0, 1]');
  const minConfidence = readNumber(reader, get('min_confidence'), d.minConfidence, { min: 0, max: 1 }, 'min_confidence is a probability: a number in [0, 1]');
  const minLift = readNumber(reader, get('min_lift'), d.minLift, { min: 0 });
  const suggestions = readNumber(reader, get('suggestions'), d.suggestions, { min: 1, max: 100, integer: true });
  if (event === undefined || items === undefined || items === null || category === null || maxSize === undefined || minSupport === undefined) return undefined;
  if (minConfidence === undefined || minLift === undefined || suggestions === undefined) return undefined;
  return {
    ...base,
    model: 'basket',
    event,
    items,
    ...(category !== undefined ? { category } : {}),
    ...(amount !== undefined ? { amount } : {}),
    maxSize,
    minSupport,
    minConfidence,
    minLift,
    suggestions,
  };
}

function readKMeans(reader: YamlReader, owner: YamlEntry, get: Get, events: EventsDef, base: Base): KMeansModelDef | undefined {
  const d = MODEL_DEFAULTS.kmeans;
  const event = readEventType(reader, get('event'), owner, events);
  const amount = readSpend(reader, get('amount'), owner, event, events);
  const features = readFeatures(reader, get('features'));
  const standardiseEntry = get('standardise');
  let standardise: boolean | undefined = d.standardise;
  if (standardiseEntry) {
    const value = reader.scalarValue(standardiseEntry.value);
    if (typeof value === 'boolean') standardise = value;
    else {
      reader.error('invalid-value', standardiseEntry.where, standardiseEntry.value, 'standardise must be true or false');
      standardise = undefined;
    }
  }
  const k = readK(reader, get('k'));
  const seed = readNumber(reader, get('seed'), d.seed, { integer: true });
  const restarts = readNumber(reader, get('restarts'), d.restarts, { min: 1, max: 1000, integer: true });
  const sampleSize = readNumber(reader, get('sample_size'), d.sampleSize, { min: 2, integer: true });
  const fitSampleSize = readNumber(reader, get('fit_sample_size'), d.fitSampleSize, { min: 100, integer: true });
  if (event === undefined || features === null || standardise === undefined || k === undefined) return undefined;
  if (seed === undefined || restarts === undefined || sampleSize === undefined || fitSampleSize === undefined) return undefined;
  return {
    ...base,
    model: 'kmeans',
    event,
    ...(amount !== undefined ? { amount } : {}),
    ...(features !== undefined ? { features } : {}),
    standardise,
    k,
    seed,
    restarts,
    sampleSize,
    fitSampleSize,
  };
}

/**
 * The `amount:` of a model whose spend is optional (basket, kmeans); absent, the event type's
 * `amount` or only numeric property, as for a kind fitted without a declaration (docs/models.md):
 * `clusters: { model: kmeans, event: purchase }` orders its clusters by what customers spent
 * instead of reading every spend as 0. Several numeric properties and none named `amount`: which
 * one is spend is the user's to say (reported). None: the model has no spend.
 */
function readSpend(reader: YamlReader, entry: YamlEntry | undefined, owner: YamlEntry, event: string | undefined, events: EventsDef): string | undefined {
  if (entry !== undefined) return readAmount(reader, entry, owner, event, events, false);
  const type = events.types.find((t) => t.id === event);
  if (type === undefined) return undefined;
  const numeric = ambiguousAmount(type);
  if (numeric !== undefined) {
    reader.error('missing-key', owner.where, owner.keyNode, `"${owner.key}" needs "amount": "${type.id}" has several numeric properties (${numeric.join(', ')}) and none is named amount; say which is the spend`);
  }
  return defaultAmount(type);
}

interface Bounds {
  readonly min?: number;
  readonly above?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** A number setting within bounds, or its default when absent; undefined (reported) when invalid. */
function readNumber(reader: YamlReader, entry: YamlEntry | undefined, fallback: number, bounds: Bounds, why?: string): number | undefined {
  if (entry === undefined) return fallback;
  const value = reader.number(entry.value, entry.where, bounds.integer ? { integer: true } : undefined);
  if (value === undefined) return undefined;
  const range = [
    bounds.min !== undefined ? `at least ${bounds.min}` : bounds.above !== undefined ? `above ${bounds.above}` : '',
    bounds.max !== undefined ? `at most ${bounds.max}` : '',
  ].filter((s) => s !== '');
  const outside =
    (bounds.min !== undefined && value < bounds.min) || (bounds.above !== undefined && value <= bounds.above) || (bounds.max !== undefined && value > bounds.max);
  if (outside) {
    reader.error('invalid-value', entry.where, entry.value, `${entry.where} is ${value}: ${why ?? `it must be ${range.join(' and ')}`}`);
    return undefined;
  }
  return value;
}

/** A date `YYYY-MM-DD` or null (absent or written `null`); undefined when invalid (reported). */
function readOptionalDate(reader: YamlReader, entry: YamlEntry | undefined): string | null | undefined {
  if (entry === undefined || entry.value === null || reader.scalarValue(entry.value) === null) return null;
  const text = reader.string(entry.value, entry.where);
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !DateTime.fromISO(text).isValid) {
    reader.error('invalid-value', entry.where, entry.value, `${entry.where} must be a date YYYY-MM-DD or null (the evaluation date), not "${text}"`);
    return undefined;
  }
  return text;
}

/**
 * A property of the model's event type of one of the `types`. Returns undefined when absent and
 * not required, null when invalid (reported).
 */
function readProperty(
  reader: YamlReader,
  entry: YamlEntry | undefined,
  owner: YamlEntry,
  event: string | undefined,
  events: EventsDef,
  types: readonly string[],
  required: boolean,
  what: string,
): string | undefined | null {
  const key = entry?.key ?? (types.includes('string') ? 'category' : 'items');
  if (entry === undefined) {
    if (required) reader.error('missing-key', owner.where, owner.keyNode, `"${owner.key}" needs "${key}": ${what}, a property of "${event ?? 'its event'}"`);
    return required ? null : undefined;
  }
  const name = reader.string(entry.value, entry.where);
  if (name === undefined || event === undefined) return null;
  const properties = events.types.find((t) => t.id === event)?.properties ?? [];
  const property = properties.find((p) => p.name === name);
  if (property === undefined) {
    reader.error('unknown-property', entry.where, entry.value, `event type "${event}" has no property "${name}"${didYouMean(name, properties.map((p) => p.name))}`);
    return null;
  }
  if (!types.includes(property.type)) {
    reader.error('invalid-value', entry.where, entry.value, `"${name}" must be ${types.join(' or ')} to be ${what}, and it is ${property.type}`);
    return null;
  }
  return name;
}

/** `k: 4` or `k: [2, 8]` (every k from 2 to 8). */
function readK(reader: YamlReader, entry: YamlEntry | undefined): number[] | undefined {
  const [low, high] = entry === undefined ? MODEL_DEFAULTS.kmeans.k : readKBounds(reader, entry) ?? [];
  if (low === undefined || high === undefined) return undefined;
  const ks: number[] = [];
  for (let k = low; k <= high; k++) ks.push(k);
  return ks;
}

function readKBounds(reader: YamlReader, entry: YamlEntry): readonly [number, number] | undefined {
  const single = reader.scalarValue(entry.value);
  const bounds = typeof single === 'number' ? [single, single] : reader.isSequence(entry.value) ? reader.numberList(entry.value, entry.where) : undefined;
  const valid = (k: number | undefined): k is number => k !== undefined && Number.isInteger(k) && k >= 2 && k <= MAX_CLUSTERS;
  if (bounds === undefined || bounds.length !== 2 || !valid(bounds[0]) || !valid(bounds[1]) || bounds[0] > bounds[1]) {
    reader.error('invalid-value', entry.where, entry.value, `k must be a number of clusters or a range [low, high], whole numbers from 2 to ${MAX_CLUSTERS}, e.g. [2, 8]`);
    return undefined;
  }
  return [bounds[0], bounds[1]];
}

/** `features:` as a list of expression texts with their positions; null when invalid (reported). */
function readFeatures(reader: YamlReader, entry: YamlEntry | undefined): FeatureDef[] | undefined | null {
  if (entry === undefined) return undefined;
  if (!reader.isSequence(entry.value) || reader.sequenceItems(entry.value).length === 0) {
    reader.error('invalid-value', entry.where, entry.value, 'features must be a list of numeric expressions, e.g. ["sum(purchase.amount within 365 days)", "count(pets)"]');
    return null;
  }
  const features: FeatureDef[] = [];
  const seen = new Set<string>();
  for (const [i, item] of reader.sequenceItems(entry.value).entries()) {
    const text = reader.string(item, `${entry.where}.${i}`);
    if (text === undefined) return null;
    if (seen.has(text.trim())) {
      reader.error('duplicate-name', `${entry.where}.${i}`, item, `feature "${text}" is listed twice`);
      return null;
    }
    seen.add(text.trim());
    features.push({ text, positions: reader.textPositions(item) });
  }
  return features;
}
