/**
 * Names of the store's tables and columns, derived from the workspace. User fields keep their own
 * names; Segmenta's columns start with `_` (reserved: the workspace refuses field names that do),
 * and user-derived tables carry a prefix, so no user name can collide with Segmenta's.
 */
import type { FieldDef, FieldType, Workspace } from '../workspace/types.js';

/** The customer key: first column (and distribution column on Citus) of every table that grows with customers. */
export const CUSTOMER = '_customer';
/** A collection record's key. */
export const RECORD_KEY = '_key';
/** An event's instant. */
export const TIME = '_time';
/** An event's id, when the workspace declares one. */
export const EVENT_ID = '_id';

export const CUSTOMERS_TABLE = 'customers';
export const META_TABLE = 'meta';
export const IMPORTS_TABLE = 'imports';

export function collectionTable(collection: string): string {
  return `rec_${collection}`;
}

export function eventTable(eventType: string): string {
  return `ev_${eventType}`;
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

export function storedColumns(field: FieldDef): StoredColumn[] {
  if (field.type === 'geopoint') {
    return [
      { name: latColumn(field.name), type: 'number' },
      { name: lonColumn(field.name), type: 'number' },
    ];
  }
  return [{ name: field.name, type: field.type }];
}

/** Every user-declared table of a workspace with its field columns. */
export interface UserTable {
  readonly name: string;
  readonly entity: { kind: 'customers' } | { kind: 'collection'; id: string } | { kind: 'events'; type: string };
  readonly fields: readonly FieldDef[];
}

export function userTables(ws: Workspace): UserTable[] {
  return [
    { name: CUSTOMERS_TABLE, entity: { kind: 'customers' }, fields: ws.customers.fields },
    ...ws.collections.map((c) => ({ name: collectionTable(c.id), entity: { kind: 'collection' as const, id: c.id }, fields: c.fields })),
    ...ws.events.types.map((t) => ({ name: eventTable(t.id), entity: { kind: 'events' as const, type: t.id }, fields: t.properties })),
  ];
}
