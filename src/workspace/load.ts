import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IANAZone } from 'luxon';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { Cron } from 'croner';
import { didYouMean, nearestName } from '../rules/suggest.js';
import { currentZoneName, zoneNames } from '../time/zone-names.js';
import type { WorkspaceDiagnostic } from './diagnostics.js';
import { readCollections, readCustomers, readEvents } from './read-schema.js';
import { readSegmentations } from './read-segmentations.js';
import { readModels } from '../models/model-settings.js';
import type { Locale, Place, SegmentDef, StoreLocation, Workspace } from './types.js';
import { refusedDeclarations } from './refused-declarations.js';
import { YamlReader, type YamlEntry } from './yaml-reader.js';

export const WORKSPACE_FILE = 'segmenta.yaml';
export const DEFAULT_STORE = '.segmenta/store.duckdb';
export const DEFAULT_SCHEDULE = '0 3 1 * *';
/** Overrides `store:` when set (a PostgreSQL URL, or a DuckDB file path). */
export const DATABASE_URL_ENV = 'SEGMENTA_DATABASE_URL';

const TOP_LEVEL_KEYS = [
  'name',
  'timezone',
  'locale',
  'store',
  'places',
  'customers',
  'collections',
  'events',
  'segments',
  'segmentations',
  'models',
  'schedule',
];

export interface LoadResult {
  /** Present unless the file could not be read or parsed at all. */
  readonly workspace?: Workspace;
  readonly diagnostics: readonly WorkspaceDiagnostic[];
  /** The YAML text, for rendering diagnostics with their source line. */
  readonly source?: string;
}

/** Finds `segmenta.yaml` in a folder (or takes a file path). */
export function workspaceFile(dirOrFile: string): string {
  const resolved = path.resolve(dirOrFile);
  return resolved.endsWith('.yaml') || resolved.endsWith('.yml') ? resolved : path.join(resolved, WORKSPACE_FILE);
}

/**
 * Reads and validates `segmenta.yaml` (workspace.md). Problems are collected, not thrown: a
 * workspace is returned whenever the file parses, so that callers can decide whether the
 * diagnostics block what they do. Rules are checked separately (`checkWorkspaceRules`).
 */
export async function loadWorkspace(dirOrFile: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadResult> {
  const file = workspaceFile(dirOrFile);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${WORKSPACE_FILE} in ${path.dirname(file)} (create one with "segmenta init")` : (error as Error).message;
    return { diagnostics: [{ code: 'no-workspace', where: WORKSPACE_FILE, line: 0, column: 0, message: reason }] };
  }
  return { ...parseWorkspace(source, file, env), source };
}

/** Parses workspace text already in memory (`file` gives its folder, for relative paths). */
export function parseWorkspace(source: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadResult {
  const lines = new LineCounter();
  // Offsets and positions are in the text without its byte order mark, as the reader sees it.
  const yamlText = source.replace(/^\uFEFF/, '');
  // Source tokens give block scalars their indentation, for placing rule errors (scalar-positions.ts).
  const doc = parseDocument(yamlText, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, keepSourceTokens: true });
  const fileName = path.basename(file);
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        const message = e.message.split('\n')[0]!;
        return { code: 'yaml-syntax', where: fileName, line: at.line, column: at.col, message: `${message} at ${at.line}:${at.col}` };
      }),
    };
  }
  const reader = new YamlReader(lines, yamlText);
  const top = reader.entries(doc.contents as Node | null, '', 'a mapping of settings (name, timezone, customers…)');
  reader.onlyKeys(top, TOP_LEVEL_KEYS, '');
  const get = (key: string): YamlEntry | undefined => top.find((e) => e.key === key);
  const text = (key: string): string | undefined => {
    const entry = get(key);
    return entry && reader.string(entry.value, entry.where);
  };

  const dir = path.dirname(file);
  const timezone = readTimezone(reader, get('timezone'));
  const locale = readLocale(reader, get('locale'));
  const store = readStore(reader, get('store'), dir, env);
  const places = readPlaces(reader, get('places')?.value ?? null);
  const customers = readCustomers(reader, get('customers')?.value ?? null);
  const collections = readCollections(reader, get('collections')?.value ?? null);
  const events = readEvents(reader, get('events')?.value ?? null);
  const segments = readSegments(reader, get('segments')?.value ?? null);
  const segmentations = readSegmentations(reader, get('segmentations')?.value ?? null, events);
  const models = readModels(reader, get('models')?.value ?? null, events);
  const schedule = readSchedule(reader, get('schedule'), timezone);
  const refused = refusedDeclarations(doc.contents, { customers, collections, events, places, segments, segmentations, models });

  const workspace: Workspace = {
    dir,
    file,
    source,
    name: text('name') ?? path.basename(dir),
    timezone,
    locale,
    store,
    places,
    customers,
    collections,
    events,
    segments,
    segmentations,
    models,
    schedule,
    ...(refused.size > 0 ? { refused } : {}),
  };
  checkNamespace(reader, workspace);
  return { workspace, diagnostics: reader.diagnostics };
}

function readTimezone(reader: YamlReader, entry: YamlEntry | undefined): string {
  const zone = entry && reader.string(entry.value, entry.where);
  if (zone === undefined) return 'UTC';
  if (!IANAZone.isValidZone(zone)) {
    const near = nearestName(zone, zoneNames());
    const nearest = near !== undefined ? currentZoneName(near) : undefined;
    const advice = nearest !== undefined ? `, did you mean "${nearest}"?` : ': give an IANA name such as "Europe/Zurich"';
    reader.error('invalid-timezone', 'timezone', entry!.value, `invalid time zone "${zone}"${advice}`);
    return 'UTC';
  }
  return zone;
}

function readLocale(reader: YamlReader, entry: YamlEntry | undefined): Locale {
  const locale = entry && reader.string(entry.value, entry.where);
  if (locale === undefined) return 'en';
  if (locale !== 'fr' && locale !== 'en') {
    reader.error('invalid-value', 'locale', entry!.value, `locale must be "fr" or "en", not "${locale}"`);
    return 'en';
  }
  return locale;
}

function readStore(reader: YamlReader, entry: YamlEntry | undefined, dir: string, env: NodeJS.ProcessEnv): StoreLocation {
  const fromEnv = env[DATABASE_URL_ENV];
  const written = entry && reader.string(entry.value, entry.where);
  const location = fromEnv !== undefined && fromEnv !== '' ? fromEnv : (written ?? DEFAULT_STORE);
  if (/^postgres(ql)?:\/\//.test(location)) return { kind: 'postgres', url: location };
  // Another database's URL would otherwise be taken for a DuckDB file path (and a folder made for it).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    const what = 'must be a PostgreSQL URL (postgres://…) or a DuckDB file path';
    if (location === written) reader.error('invalid-value', 'store', entry!.value, `store ${what}, not "${location}"`);
    // The variable is not in the file: no line to point at (line 0, as for a missing file).
    else reader.diagnostics.push({ code: 'invalid-value', where: DATABASE_URL_ENV, line: 0, column: 0, message: `${DATABASE_URL_ENV} ${what}, not "${location.replace(/\/\/[^@/]*@/, '//…@')}"` });
  }
  return { kind: 'duckdb', path: path.resolve(dir, location) };
}

function readPlaces(reader: YamlReader, node: Node | null): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const entry of reader.entries(node, 'places')) {
    const parts = reader.entries(entry.value, entry.where, 'a point { lat, lon }');
    if (reader.notAMapping(entry.value)) continue;
    reader.onlyKeys(parts, ['lat', 'lon'], entry.where);
    const lat = parts.find((p) => p.key === 'lat');
    const lon = parts.find((p) => p.key === 'lon');
    if (!lat || !lon) {
      reader.error('missing-key', entry.where, entry.keyNode, `place "${entry.key}" needs "lat" and "lon"`);
      continue;
    }
    const latValue = reader.number(lat.value, lat.where);
    const lonValue = reader.number(lon.value, lon.where);
    if (latValue === undefined || lonValue === undefined) continue;
    if (latValue < -90 || latValue > 90) reader.error('invalid-value', lat.where, lat.value, `latitude ${latValue} of "${entry.key}" is outside [-90, 90]`);
    else if (lonValue < -180 || lonValue > 180) reader.error('invalid-value', lon.where, lon.value, `longitude ${lonValue} of "${entry.key}" is outside [-180, 180]`);
    else places.set(entry.key, { lat: latValue, lon: lonValue });
  }
  return places;
}

function readSegments(reader: YamlReader, node: Node | null): SegmentDef[] {
  const segments: SegmentDef[] = [];
  for (const entry of reader.entries(node, 'segments')) {
    const parts = reader.entries(entry.value, entry.where, 'a mapping with a "rule"');
    if (reader.notAMapping(entry.value)) continue;
    reader.onlyKeys(parts, ['name', 'description', 'rule'], entry.where);
    const ruleEntry = parts.find((p) => p.key === 'rule');
    if (!ruleEntry) {
      reader.error('missing-key', entry.where, entry.keyNode, `segment "${entry.key}" needs a "rule"`);
      continue;
    }
    const rule = reader.string(ruleEntry.value, ruleEntry.where);
    if (rule === undefined) continue;
    const name = parts.find((p) => p.key === 'name');
    const description = parts.find((p) => p.key === 'description');
    const nameText = name && reader.string(name.value, name.where);
    const descriptionText = description && reader.string(description.value, description.where);
    segments.push({
      id: entry.key,
      rule,
      rulePositions: reader.textPositions(ruleEntry.value!),
      position: reader.position(entry.keyNode),
      ...(nameText !== undefined ? { name: nameText } : {}),
      ...(descriptionText !== undefined ? { description: descriptionText } : {}),
    });
  }
  return segments;
}

function readSchedule(reader: YamlReader, entry: YamlEntry | undefined, timezone: string): string {
  const schedule = entry && reader.string(entry.value, entry.where);
  if (schedule === undefined) return DEFAULT_SCHEDULE;
  try {
    new Cron(schedule, { timezone, paused: true }).stop();
    return schedule;
  } catch (error) {
    reader.error('invalid-value', 'schedule', entry!.value, `invalid schedule "${schedule}": ${(error as Error).message}`);
    return DEFAULT_SCHEDULE;
  }
}

/** Customer fields and the ids of collections, event types, segments, segmentations and models share one namespace. */
function checkNamespace(reader: YamlReader, ws: Workspace): void {
  const owners = new Map<string, string>();
  const claim = (name: string, what: string, where: string, position: { line: number; column: number }) => {
    const previous = owners.get(name);
    if (previous !== undefined) {
      reader.error('name-clash', where, null, `"${name}" names both ${previous} and ${what}: customer fields, collections, event types, segments, segmentations and models share one namespace`, { at: position });
    } else owners.set(name, what);
  };
  for (const f of ws.customers.fields) claim(f.name, 'a customer field', `customers.fields.${f.name}`, f.position);
  for (const c of ws.collections) claim(c.id, 'a collection', `collections.${c.id}`, c.position);
  for (const t of ws.events.types) claim(t.id, 'an event type', `events.types.${t.id}`, t.position);
  for (const s of ws.segments) claim(s.id, 'a segment', `segments.${s.id}`, s.position);
  for (const s of ws.segmentations) claim(s.id, 'a segmentation', `segmentations.${s.id}`, s.position);
  for (const m of ws.models) claim(m.id, 'a model', `models.${m.id}`, m.position);
}
