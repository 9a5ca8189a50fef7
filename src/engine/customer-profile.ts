/**
 * One customer seen whole (`segmenta customer KEY`): fields, attached records, latest events,
 * segments at the last run with their history, and model outputs; or, as of an instant (`--at`),
 * the events up to it, the segments at the latest run at or before it and the latest fit at or
 * before it (fields and records have no history: they are shown as they are). Values are
 * JSON-ready: instants as ISO text in the workspace zone, geopoints as `{lat, lon}`.
 */
import type { FieldDef, Locale, Workspace } from '../workspace/types.js';
import type { Queryable, Row } from '../store/store.js';
import type { Dialect } from '../dialects/dialect.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, EVENT_ID, EVENT_TYPE, EVENTS_TABLE, latColumn, lonColumn, propertyColumn, RECORD_KEY, TIME } from '../store/tables.js';
import { formatInstant } from '../time/instant.js';
import { customerMemberships, type CustomerMemberships } from '../runs/history.js';
import { latestRun, type RunRef } from '../runs/transitions.js';
import { customerModelOutputs, type CustomerModelOutputs } from '../models/customer-outputs.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ProfileEvent {
  readonly type: string;
  readonly time: string;
  readonly id?: string;
  readonly properties: Record<string, JsonValue>;
}

export interface CustomerProfile {
  readonly key: string;
  readonly fields: Record<string, JsonValue>;
  readonly records: Record<string, Array<{ key: string; fields: Record<string, JsonValue> }>>;
  readonly events: ProfileEvent[];
  /** Number of events of each type, all time (up to `at` when given). */
  readonly eventCounts: Record<string, number>;
  /** The instant asked for (`--at`), when one was: everything below is as of it. */
  readonly at?: string;
  /** With `at`: the run the segments come from (the latest at or before `at`), null when none. */
  readonly run?: RunRef | null;
  /** Segments at the last run (or at `run`). */
  readonly segments: string[];
  /** Segmentation id → segment at the last run (or at `run`). */
  readonly segmentations: Record<string, string>;
  /** Segment or segmentation id → when the customer entered and left, run by run. */
  readonly history: CustomerMemberships['history'];
  /** Model id → the customer's outputs in its latest fit, at or before `at` when given (lifetime value, suggestions, cluster). */
  readonly models: CustomerModelOutputs;
}

function jsonValue(value: unknown, zone: string): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return formatInstant(value, zone);
  if (Array.isArray(value)) return value.map((v) => jsonValue(v, zone));
  if (typeof value === 'bigint') return value.toString();
  return value as JsonValue;
}

function fieldValues(row: Row, fields: readonly FieldDef[], zone: string): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const field of fields) {
    if (field.type === 'geopoint') {
      const lat = row[latColumn(field.name)];
      const lon = row[lonColumn(field.name)];
      out[field.name] = lat === null || lat === undefined ? null : { lat: lat as number, lon: lon as number };
    } else out[field.name] = jsonValue(row[field.name], zone);
  }
  return out;
}

/**
 * The profile, or undefined when no customer has this key. `locale` is the language of the words it
 * carries (a cluster's description): `--lang`, else the workspace's. `at`: the profile as of that
 * instant, else as it is now.
 */
export async function customerProfile(
  db: Queryable,
  d: Dialect,
  ws: Workspace,
  key: string,
  recentEvents = 10,
  locale: Locale = ws.locale,
  at?: Date,
): Promise<CustomerProfile | undefined> {
  const q = d.quoteIdentifier;
  const [customer] = await db.query(`SELECT * FROM ${q(CUSTOMERS_TABLE)} WHERE ${q(CUSTOMER)} = $1`, [key]);
  if (customer === undefined) return undefined;
  const records: CustomerProfile['records'] = {};
  for (const collection of ws.collections) {
    const rows = await db.query(`SELECT * FROM ${q(collectionTable(collection.id))} WHERE ${q(CUSTOMER)} = $1 ORDER BY ${q(RECORD_KEY)}`, [key]);
    records[collection.id] = rows.map((r) => ({ key: String(r[RECORD_KEY]), fields: fieldValues(r, collection.fields, ws.timezone) }));
  }
  const limit = Math.max(0, Math.floor(recentEvents));
  // Events up to the instant, included, as rules count them.
  const upTo = at === undefined ? '' : `AND ${q(TIME)} <= $2`;
  const params = at === undefined ? [key] : [key, at];
  const counted = await db.query<{ type: string; n: number }>(
    `SELECT ${q(EVENT_TYPE)} AS type, count(*) AS n FROM ${q(EVENTS_TABLE)} WHERE ${q(CUSTOMER)} = $1 ${upTo} GROUP BY 1`,
    params,
  );
  const eventCounts: Record<string, number> = Object.fromEntries(ws.events.types.map((t) => [t.id, 0]));
  for (const row of counted) eventCounts[row.type] = Number(row.n);
  const rows = await db.query(`SELECT * FROM ${q(EVENTS_TABLE)} WHERE ${q(CUSTOMER)} = $1 ${upTo} ORDER BY ${q(TIME)} DESC LIMIT ${limit}`, params);
  const events: ProfileEvent[] = rows.map((row) => {
    const type = ws.events.types.find((t) => t.id === row[EVENT_TYPE]);
    const id = row[EVENT_ID];
    const properties: Record<string, JsonValue> = {};
    for (const property of type?.properties ?? []) {
      const prefixed = { ...property, name: propertyColumn(type!.id, property.name) };
      properties[property.name] = fieldValues(row, [prefixed], ws.timezone)[prefixed.name] ?? null;
    }
    return {
      type: String(row[EVENT_TYPE]),
      time: formatInstant(row[TIME] as Date, ws.timezone),
      ...(id !== undefined && id !== null ? { id: String(id) } : {}),
      properties,
    };
  });
  const fields = fieldValues(customer, ws.customers.fields, ws.timezone);
  if (at === undefined) {
    const memberships = await customerMemberships(db, ws, key);
    const models = await customerModelOutputs(db, ws, key, locale);
    return { ...memberships, models, key, fields, records, events, eventCounts };
  }
  // Any run: an import's customer run after the month's full run is what its customers were then.
  const run = (await latestRun(db, ws, { at, fullOnly: false })) ?? null;
  const memberships = run === null ? { segments: [], segmentations: {}, history: {} } : await customerMemberships(db, ws, key, run.run);
  const models = await customerModelOutputs(db, ws, key, locale, at);
  return { ...memberships, models, key, fields, records, events, eventCounts, at: formatInstant(at, ws.timezone), run };
}
