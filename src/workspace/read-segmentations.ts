import type { Node } from 'yaml';
import { didYouMean } from '../rules/suggest.js';
import { BUILTIN_MAPS, PROSPECT } from './rfm-maps.js';
import { mapSegmentHint } from './map-segment-hint.js';
import type {
  EventsDef,
  MapSegmentDef,
  RfmMapDef,
  RfmScoring,
  SegmentationDef,
} from './types.js';
import type { YamlEntry, YamlReader } from './yaml-reader.js';

const SEGMENTATION_MODELS = ['rfm', 'lifecycle', 'value_tiers'] as const;

/** The measure whose thresholds give each score, for `scoring: { r: … }` written by the score's name. */
const SCORE_MEASURES = new Map<string, keyof typeof THRESHOLD_EXAMPLES>([
  ['r', 'recency_days'],
  ['f', 'frequency'],
  ['m', 'monetary'],
]);

/** segmentations.md's example thresholds, quoted in errors about each list. */
const THRESHOLD_EXAMPLES = { recency_days: [30, 90, 180, 365], frequency: [2, 4, 8, 16], monetary: [200, 500, 1000, 2500] } as const;

/** Reads `segmentations:`; event types and amount properties are checked against `events`. */
export function readSegmentations(reader: YamlReader, node: Node | null, events: EventsDef): SegmentationDef[] {
  const result: SegmentationDef[] = [];
  for (const entry of reader.entries(node, 'segmentations')) {
    const settings = reader.entries(entry.value, entry.where);
    if (reader.notAMapping(entry.value)) continue;
    const get = (key: string) => settings.find((s) => s.key === key);
    const model = get('model');
    const modelName = model && reader.string(model.value, model.where);
    if (modelName === undefined) {
      if (!model) reader.error('missing-key', entry.where, entry.keyNode, `segmentation "${entry.key}" needs "model" (${SEGMENTATION_MODELS.join(', ')})`);
      continue;
    }
    const name = get('name') && reader.string(get('name')!.value, `${entry.where}.name`);
    const base = { id: entry.key, position: reader.position(entry.keyNode), ...(name !== undefined ? { name } : {}) };
    const event = readEventType(reader, get('event'), entry, events);
    switch (modelName) {
      case 'rfm': {
        reader.onlyKeys(settings, ['model', 'name', 'description', 'event', 'amount', 'scoring', 'map'], entry.where);
        const amount = readAmount(reader, get('amount'), entry, event, events, false);
        const scoring = readScoring(reader, get('scoring'), entry);
        const map = readMap(reader, get('map'), entry);
        if (event === undefined || scoring === undefined || map === undefined) continue;
        result.push({ ...base, model: 'rfm', event, scoring, map, ...(amount !== undefined ? { amount } : {}) });
        break;
      }
      case 'lifecycle': {
        reader.onlyKeys(settings, ['model', 'name', 'description', 'event', 'new_days', 'active_days', 'lapsed_days'], entry.where);
        const days = (key: string, fallback: number) => {
          const e = get(key);
          return e ? reader.number(e.value, e.where, { min: 0 }) : fallback;
        };
        const newDays = days('new_days', 90);
        const activeDays = days('active_days', 180);
        const lapsedDays = days('lapsed_days', 365);
        if (event === undefined || newDays === undefined || activeDays === undefined || lapsedDays === undefined) continue;
        if (activeDays > lapsedDays) {
          reader.error('invalid-value', `${entry.where}.active_days`, get('active_days')?.value ?? entry.keyNode, `active_days (${activeDays}) must not exceed lapsed_days (${lapsedDays})`);
          continue;
        }
        result.push({ ...base, model: 'lifecycle', event, newDays, activeDays, lapsedDays });
        break;
      }
      case 'value_tiers': {
        reader.onlyKeys(settings, ['model', 'name', 'description', 'event', 'amount', 'window_days', 'thresholds'], entry.where);
        const amount = readAmount(reader, get('amount'), entry, event, events, true);
        const windowEntry = get('window_days');
        // Whole days, as `within N days` of the rule language, whose calendar-day reading the window takes.
        const windowDays = windowEntry ? reader.number(windowEntry.value, windowEntry.where, { min: 1, integer: true }) : 365;
        const thresholdsEntry = get('thresholds');
        let thresholds: [number, number] | undefined = [0.8, 0.95];
        if (thresholdsEntry) {
          const list = reader.numberList(thresholdsEntry.value, thresholdsEntry.where);
          if (list === undefined || list.length !== 2 || !(0 < list[0]! && list[0]! < list[1]! && list[1]! <= 1)) {
            if (list !== undefined) reader.error('invalid-value', thresholdsEntry.where, thresholdsEntry.value, 'thresholds must be two shares, ascending, between 0 and 1 (e.g. [0.8, 0.95])');
            thresholds = undefined;
          } else thresholds = [list[0]!, list[1]!];
        }
        if (event === undefined || amount === undefined || windowDays === undefined || thresholds === undefined) continue;
        result.push({ ...base, model: 'value_tiers', event, amount, windowDays, thresholds });
        break;
      }
      default:
        reader.error('unknown-model', `${entry.where}.model`, model!.value, `unknown segmentation model "${modelName}"${didYouMean(modelName, SEGMENTATION_MODELS)} (models: ${SEGMENTATION_MODELS.join(', ')})`);
    }
  }
  return result;
}

/** The `event:` of a segmentation or model: a declared event type (reported when missing or unknown). */
export function readEventType(reader: YamlReader, entry: YamlEntry | undefined, owner: YamlEntry, events: EventsDef): string | undefined {
  if (entry === undefined) {
    reader.error('missing-key', owner.where, owner.keyNode, `"${owner.key}" needs "event": the event type it is computed from`);
    return undefined;
  }
  const event = reader.string(entry.value, entry.where);
  if (event === undefined) return undefined;
  const known = events.types.map((t) => t.id);
  if (!known.includes(event)) {
    reader.error('unknown-event-type', entry.where, entry.value, `unknown event type "${event}"${didYouMean(event, known)}`);
    return undefined;
  }
  return event;
}

/** The `amount:` of a segmentation or model: a numeric property of `event`. */
export function readAmount(reader: YamlReader, entry: YamlEntry | undefined, owner: YamlEntry, event: string | undefined, events: EventsDef, required: boolean): string | undefined {
  if (entry === undefined) {
    if (required) reader.error('missing-key', owner.where, owner.keyNode, `"${owner.key}" needs "amount": the numeric property of "${event ?? 'its event'}" to sum`);
    return undefined;
  }
  const amount = reader.string(entry.value, entry.where);
  if (amount === undefined || event === undefined) return undefined;
  const properties = events.types.find((t) => t.id === event)?.properties ?? [];
  const property = properties.find((p) => p.name === amount);
  if (property === undefined) {
    reader.error('unknown-property', entry.where, entry.value, `event type "${event}" has no property "${amount}"${didYouMean(amount, properties.map((p) => p.name))}`);
    return undefined;
  }
  if (property.type !== 'number' && property.type !== 'integer') {
    reader.error('invalid-value', entry.where, entry.value, `"${amount}" must be a number to be summed, and it is ${property.type}`);
    return undefined;
  }
  return amount;
}

function readScoring(reader: YamlReader, entry: YamlEntry | undefined, owner: YamlEntry): RfmScoring | undefined {
  if (entry === undefined) return { kind: 'quintiles' };
  if (reader.scalarValue(entry.value) === 'quintiles') return { kind: 'quintiles' };
  if (!reader.isMapping(entry.value)) {
    reader.error('invalid-value', entry.where, entry.value, `scoring of "${owner.key}" must be "quintiles" or thresholds { recency_days, frequency, monetary }`);
    return undefined;
  }
  const parts = reader.entries(entry.value, entry.where);
  // r, f, m are the scores; their thresholds are written under the measures they cut (segmentations.md).
  const shorthand = parts.filter((p) => SCORE_MEASURES.has(p.key));
  for (const p of shorthand) {
    const measure = SCORE_MEASURES.get(p.key)!;
    reader.error('unknown-key', p.where, p.keyNode, `unknown key "${p.key}" in ${entry.where}: the thresholds of the ${p.key} score are written under "${measure}"`, { hint: `${measure}: four ascending numbers, e.g. [${THRESHOLD_EXAMPLES[measure].join(', ')}]` });
  }
  reader.onlyKeys(parts.filter((p) => !SCORE_MEASURES.has(p.key)), ['recency_days', 'frequency', 'monetary'], entry.where);
  const list = (key: keyof typeof THRESHOLD_EXAMPLES, ascending: boolean): number[] | undefined => {
    const part = parts.find((p) => p.key === key);
    const expected = `four ascending numbers, e.g. [${THRESHOLD_EXAMPLES[key].join(', ')}]`;
    if (part === undefined) {
      // Already said where the list was written under its score's name.
      if (!shorthand.some((p) => SCORE_MEASURES.get(p.key) === key)) reader.error('missing-key', entry.where, entry.value, `thresholds need "${key}": ${expected}`);
      return undefined;
    }
    const values = reader.numberList(part.value, part.where);
    if (values === undefined) return undefined;
    const sorted = values.every((v, i) => i === 0 || (ascending ? v > values[i - 1]! : v < values[i - 1]!));
    if (values.length !== 4 || !sorted) {
      reader.error('invalid-value', part.where, part.value, `${key} must be ${expected}`);
      return undefined;
    }
    return values;
  };
  const recencyDays = list('recency_days', true);
  const frequency = list('frequency', true);
  const monetary = list('monetary', true);
  if (!recencyDays || !frequency || !monetary) return undefined;
  return { kind: 'thresholds', recencyDays, frequency, monetary };
}

/** Scores of one `r:` or `f:` setting: `4`, `"2..4"` or `[1, 2]`; all of 1..5 when absent. */
function readScoreSet(reader: YamlReader, entry: YamlEntry | undefined): number[] | undefined {
  if (entry === undefined) return [1, 2, 3, 4, 5];
  const value = reader.scalarValue(entry.value);
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 5;
  if (typeof value === 'number' && valid(value)) return [value];
  if (typeof value === 'string') {
    const m = /^\s*([1-5])\s*\.\.\s*([1-5])\s*$/.exec(value);
    if (m && Number(m[1]) <= Number(m[2])) {
      const out: number[] = [];
      for (let n = Number(m[1]); n <= Number(m[2]); n++) out.push(n);
      return out;
    }
  }
  if (reader.isSequence(entry.value)) {
    const list = reader.sequenceItems(entry.value).map((n) => reader.scalarValue(n));
    if (list.every((n): n is number => typeof n === 'number' && valid(n))) return list;
  }
  reader.error('invalid-value', entry.where, entry.value, `${entry.key} must be a score from 1 to 5, a range "2..4" or a list [1, 2]`);
  return undefined;
}

/** A built-in map name, or a custom map: segment ids in best-first order, each with r/f cells. */
function readMap(reader: YamlReader, entry: YamlEntry | undefined, owner: YamlEntry): RfmMapDef | undefined {
  if (entry === undefined) return BUILTIN_MAPS.get('standard11');
  const name = reader.scalarValue(entry.value);
  if (typeof name === 'string') {
    const map = BUILTIN_MAPS.get(name);
    if (map === undefined) {
      reader.error('unknown-map', entry.where, entry.value, `unknown map "${name}"${didYouMean(name, BUILTIN_MAPS.keys())} (built in: ${[...BUILTIN_MAPS.keys()].join(', ')}; or write the map's segments here)`);
    }
    return map;
  }
  const segments: MapSegmentDef[] = [];
  const taken = new Map<string, string>();
  let prospectLabels: MapSegmentDef['labels'] | undefined;
  if (!reader.isMapping(entry.value)) {
    // One error: the cells' check below would only repeat it, cell by cell.
    const expected = 'a map name (rf6, standard11) or a mapping of segments best first, each under its id (top: { name: Top, r: 5, f: "4..5" })';
    reader.error('invalid-value', entry.where, entry.value ?? entry.keyNode, `${entry.where} must be ${expected}`);
    return undefined;
  }
  // After a segment in error, which cells it meant is unknown: later segments are still read, but
  // whether they get cells, and whether all 25 are taken, is not judged.
  let failed = false;
  for (const segmentEntry of reader.entries(entry.value, entry.where)) {
    if (reader.notAMapping(segmentEntry.value)) {
      const prospect = segmentEntry.key === PROSPECT;
      const form = prospect ? 'a mapping { name }: it holds the customers without events' : 'a mapping { name, r, f }, r and f each a score (4), a range ("4..5") or a list ([4, 5])';
      const text = reader.scalarValue(segmentEntry.value);
      const hint = prospect ? (typeof text === 'string' ? `write it as prospect: { name: ${JSON.stringify(text)} }` : undefined) : mapSegmentHint(segmentEntry.key, text);
      reader.error('invalid-value', segmentEntry.where, segmentEntry.value, `${segmentEntry.where} must be ${form}`, hint === undefined ? {} : { hint });
      failed = true;
      continue;
    }
    const parts = reader.entries(segmentEntry.value, segmentEntry.where);
    reader.onlyKeys(parts, ['name', 'r', 'f', 'cells'], segmentEntry.where);
    const labelEntry = parts.find((p) => p.key === 'name');
    const label = labelEntry && reader.string(labelEntry.value, labelEntry.where);
    const labels = label === undefined ? {} : { fr: label, en: label };
    if (segmentEntry.key === PROSPECT) {
      if (parts.some((p) => p.key !== 'name')) reader.error('invalid-value', segmentEntry.where, segmentEntry.keyNode, '"prospect" holds the customers without events: it takes a name, no cells');
      prospectLabels = labels;
      continue;
    }
    const rectangles: Array<{ r?: YamlEntry; f?: YamlEntry }> = [];
    const cellsEntry = parts.find((p) => p.key === 'cells');
    if (cellsEntry) {
      for (const [i, item] of reader.sequenceItems(cellsEntry.value).entries()) {
        const rect = reader.entries(item, `${cellsEntry.where}.${i}`);
        reader.onlyKeys(rect, ['r', 'f'], `${cellsEntry.where}.${i}`);
        rectangles.push({ r: rect.find((p) => p.key === 'r'), f: rect.find((p) => p.key === 'f') });
      }
    } else {
      rectangles.push({ r: parts.find((p) => p.key === 'r'), f: parts.find((p) => p.key === 'f') });
    }
    const cells: Array<readonly [number, number]> = [];
    for (const rect of rectangles) {
      const rs = readScoreSet(reader, rect.r);
      const fs = readScoreSet(reader, rect.f);
      if (!rs || !fs) {
        failed = true;
        continue;
      }
      for (const r of rs) {
        for (const f of fs) {
          const cell = `${r},${f}`;
          if (!taken.has(cell)) {
            taken.set(cell, segmentEntry.key);
            cells.push([r, f]);
          }
        }
      }
    }
    if (failed) continue;
    if (cells.length === 0) {
      reader.error('invalid-value', segmentEntry.where, segmentEntry.keyNode, `segment "${segmentEntry.key}" gets no (r, f) cell: earlier segments take all of its cells`);
      failed = true;
      continue;
    }
    segments.push({ id: segmentEntry.key, labels, cells });
  }
  if (failed) return undefined;
  const missing: string[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) if (!taken.has(`${r},${f}`)) missing.push(`(r ${r}, f ${f})`);
  if (missing.length > 0) {
    reader.error('invalid-value', entry.where, entry.value, `the map of "${owner.key}" leaves cells without a segment: ${missing.join(', ')}; add a last segment without r/f to take the rest`);
    return undefined;
  }
  segments.push({ id: PROSPECT, labels: prospectLabels ?? { fr: 'Prospects', en: 'Prospects' }, cells: [] });
  return { id: 'custom', segments };
}
