/**
 * Names of the store's tables and columns, derived from the workspace. User fields keep their own
 * names; Segmenta's columns start with `_` (reserved: the workspace refuses field names that do);
 * collection tables carry a prefix; event properties are prefixed by their type. So no user name
 * can collide with Segmenta's, nor two types' properties with each other.
 */
import type { FieldDef, FieldType, Workspace } from '../workspace/types.js';

/** The customer key: first column (and distribution column on Citus) of every table that grows with customers. */
export const CUSTOMER = '_customer';
/** A collection record's key. */
export const RECORD_KEY = '_key';
/** An event's type, instant and (when the workspace declares one) id. */
export const EVENT_TYPE = '_type';
export const TIME = '_time';
export const EVENT_ID = '_id';
/** The import that brought an event (provenance; see ingest/load-events.ts). */
export const IMPORT_ID = '_import';

export const CUSTOMERS_TABLE = 'customers';
export const EVENTS_TABLE = 'events';
export const META_TABLE = 'meta';
export const IMPORTS_TABLE = 'imports';

export function collectionTable(collection: string): string {
  return `rec_${collection}`;
}

/** The column of an event type's property: `purchase.amount`. */
export function propertyColumn(eventType: string, property: string): string {
  return `${eventType}.${property}`;
}

/** One physical column of a field: geopoints take two (`home.lat`, `home.lon`). */
export interface StoredColumn {
  readonly name: string;
  readonly type: Exclude<FieldType, 'geopoint'>;
}

export function latColumn(field: string): string {
  return `${field}.lat`;
}

export function lonColumn(field: string): string {
  return `${field}.lon`;
}

/** The stored columns of a field, their names prefixed by `prefix` (event properties: `purchase.`). */
export function storedColumns(field: FieldDef, prefix = ''): StoredColumn[] {
  const name = `${prefix}${field.name}`;
  if (field.type === 'geopoint') {
    return [
      { name: latColumn(name), type: 'number' },
      { name: lonColumn(name), type: 'number' },
    ];
  }
  return [{ name, type: field.type }];
}

/** Every user-declared table of a workspace with its stored columns. */
export interface UserTable {
  readonly name: string;
  readonly kind: 'customers' | 'collection' | 'events';
  readonly columns: readonly StoredColumn[];
}

export function userTables(ws: Workspace): UserTable[] {
  return [
    { name: CUSTOMERS_TABLE, kind: 'customers', columns: ws.customers.fields.flatMap((f) => storedColumns(f)) },
    ...ws.collections.map((c) => ({ name: collectionTable(c.id), kind: 'collection' as const, columns: c.fields.flatMap((f) => storedColumns(f)) })),
    {
      name: EVENTS_TABLE,
      kind: 'events',
      columns: ws.events.types.flatMap((t) => t.properties.flatMap((p) => storedColumns(p, `${t.id}.`))),
    },
  ];
}
