import type { Node } from 'yaml';
import { didYouMean } from '../rules/suggest.js';
import {
  FIELD_TYPES,
  type CollectionDef,
  type CustomersDef,
  type EventsDef,
  type EventTypeDef,
  type FieldDef,
  type FieldType,
} from './types.js';
import type { YamlEntry, YamlReader } from './yaml-reader.js';

/** Internal store columns start with `_`: user names may not, so that they never collide. */
export const RESERVED_PREFIX = '_';

function isFieldType(value: string): value is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(value);
}

/** Reads one `name: type` or `name: { type, column, separator, lat, lon }` declaration. */
function readField(reader: YamlReader, entry: YamlEntry): FieldDef | undefined {
  const position = reader.position(entry.keyNode);
  if (entry.key.startsWith(RESERVED_PREFIX)) {
    reader.error('reserved-name', entry.where, entry.keyNode, `field name "${entry.key}" starts with "_", which is reserved for Segmenta's own columns`);
    return undefined;
  }
  let typeNode: Node | null = entry.value;
  let settings: YamlEntry[] = [];
  if (reader.isMapping(entry.value)) {
    settings = reader.entries(entry.value, entry.where);
    reader.onlyKeys(settings, ['type', 'column', 'separator', 'lat', 'lon'], entry.where);
    typeNode = settings.find((s) => s.key === 'type')?.value ?? null;
    if (typeNode === null) {
      reader.error('missing-key', entry.where, entry.keyNode, `field "${entry.key}" has no type`);
      return undefined;
    }
  }
  const typeName = reader.string(typeNode, `${entry.where}.type`);
  if (typeName === undefined) {
    if (typeNode === null) reader.error('missing-key', entry.where, entry.keyNode, `field "${entry.key}" has no type`);
    return undefined;
  }
  const normalised = typeName.replace(/\s+/g, '');
  if (!isFieldType(normalised)) {
    reader.error('unknown-type', entry.where, typeNode, `unknown type "${typeName}" for field "${entry.key}"${didYouMean(typeName, FIELD_TYPES)} (types: ${FIELD_TYPES.join(', ')})`);
    return undefined;
  }
  const setting = (key: string) => settings.find((s) => s.key === key);
  const column = setting('column');
  const separator = setting('separator');
  const lat = setting('lat');
  const lon = setting('lon');
  if (normalised === 'geopoint') {
    if (column !== undefined) {
      reader.error('invalid-value', column.where, column.keyNode, `geopoint "${entry.key}" reads two columns: give "lat" and "lon" instead of "column"`);
      return undefined;
    }
    if ((lat === undefined) !== (lon === undefined)) {
      const given = lat ?? lon!;
      reader.error('missing-key', entry.where, given.keyNode, `geopoint "${entry.key}" needs both its columns: "lat" and "lon"`);
      return undefined;
    }
  } else if (lat !== undefined || lon !== undefined) {
    const given = lat ?? lon!;
    reader.error('invalid-value', given.where, given.keyNode, `"${given.key}" applies to geopoint fields only, and "${entry.key}" is ${normalised}`);
    return undefined;
  }
  if (separator !== undefined && !normalised.startsWith('list<')) {
    reader.error('invalid-value', separator.where, separator.keyNode, `"separator" applies to list fields only, and "${entry.key}" is ${normalised}`);
    return undefined;
  }
  const separatorText = separator === undefined ? '|' : reader.string(separator.value, separator.where);
  if (separatorText === '') {
    reader.error('invalid-value', separator!.where, separator!.value, `the separator of "${entry.key}" cannot be empty`);
    return undefined;
  }
  const columnName = column === undefined ? entry.key : reader.string(column.value, column.where);
  const latColumn = lat === undefined ? `${entry.key}_lat` : reader.string(lat.value, lat.where);
  const lonColumn = lon === undefined ? `${entry.key}_lon` : reader.string(lon.value, lon.where);
  if (columnName === undefined || separatorText === undefined || latColumn === undefined || lonColumn === undefined) return undefined;
  return {
    name: entry.key,
    type: normalised,
    column: columnName,
    separator: separatorText,
    position,
    ...(normalised === 'geopoint' ? { latColumn, lonColumn } : {}),
  };
}

/** Reads a `fields:` mapping (also an event type's properties). */
export function readFields(reader: YamlReader, node: Node | null, where: string): FieldDef[] {
  const fields: FieldDef[] = [];
  for (const entry of reader.entries(node, where, 'a mapping of field names to types')) {
    const field = readField(reader, entry);
    if (field) fields.push(field);
  }
  return fields;
}

function requiredString(reader: YamlReader, entries: readonly YamlEntry[], key: string, where: string, owner: Node | null): string | undefined {
  const entry = entries.find((e) => e.key === key);
  if (entry === undefined) {
    reader.error('missing-key', where, owner, `${where} needs "${key}"`);
    return undefined;
  }
  return reader.string(entry.value, entry.where);
}

export function readCustomers(reader: YamlReader, node: Node | null): CustomersDef {
  const where = 'customers';
  if (node === null) {
    reader.error('missing-key', where, null, 'the workspace needs a "customers" section with at least its "key"');
    return { key: 'id', fields: [] };
  }
  const entries = reader.entries(node, where);
  reader.onlyKeys(entries, ['key', 'created', 'fields'], where);
  const key = requiredString(reader, entries, 'key', where, node) ?? 'id';
  const fields = readFields(reader, entries.find((e) => e.key === 'fields')?.value ?? null, `${where}.fields`);
  const createdEntry = entries.find((e) => e.key === 'created');
  const created = createdEntry && reader.string(createdEntry.value, createdEntry.where);
  if (createdEntry && created !== undefined) {
    const field = fields.find((f) => f.name === created);
    if (field === undefined) {
      reader.error('unknown-field', createdEntry.where, createdEntry.value, `"created" names "${created}", which is not a customer field${didYouMean(created, fields.map((f) => f.name))}`);
    } else if (field.type !== 'date' && field.type !== 'timestamp') {
      reader.error('invalid-value', createdEntry.where, createdEntry.value, `"created" must name a date or timestamp field, and "${created}" is ${field.type}`);
    }
  }
  for (const field of fields) {
    if (field.column === key) reader.error('invalid-value', `${where}.fields.${field.name}`, null, `field "${field.name}" reads the key column "${key}"`, { at: field.position });
  }
  return { key, fields, ...(created !== undefined ? { created } : {}) };
}

export function readCollections(reader: YamlReader, node: Node | null): CollectionDef[] {
  const collections: CollectionDef[] = [];
  for (const entry of reader.entries(node, 'collections')) {
    const entries = reader.entries(entry.value, entry.where);
    if (reader.notAMapping(entry.value)) continue;
    reader.onlyKeys(entries, ['key', 'parent', 'fields', 'name', 'description'], entry.where);
    const key = requiredString(reader, entries, 'key', entry.where, entry.keyNode);
    const parent = requiredString(reader, entries, 'parent', entry.where, entry.keyNode);
    const fields = readFields(reader, entries.find((e) => e.key === 'fields')?.value ?? null, `${entry.where}.fields`);
    if (key === undefined || parent === undefined) continue;
    collections.push({ id: entry.key, key, parent, fields, position: reader.position(entry.keyNode) });
  }
  return collections;
}

export function readEvents(reader: YamlReader, node: Node | null): EventsDef {
  const where = 'events';
  if (node === null) return { customer: 'customer_id', type: 'type', time: 'time', types: [] };
  const entries = reader.entries(node, where);
  reader.onlyKeys(entries, ['customer', 'type', 'time', 'id', 'types'], where);
  const customer = requiredString(reader, entries, 'customer', where, node) ?? 'customer_id';
  const type = requiredString(reader, entries, 'type', where, node) ?? 'type';
  const time = requiredString(reader, entries, 'time', where, node) ?? 'time';
  const idEntry = entries.find((e) => e.key === 'id');
  const id = idEntry && reader.string(idEntry.value, idEntry.where);
  const types: EventTypeDef[] = [];
  const typesEntry = entries.find((e) => e.key === 'types');
  if (typesEntry === undefined) reader.error('missing-key', where, node, 'events needs "types": the event types and their properties');
  for (const typeEntry of reader.entries(typesEntry?.value ?? null, `${where}.types`)) {
    const properties = readFields(reader, typeEntry.value, typeEntry.where);
    types.push({ id: typeEntry.key, properties, position: reader.position(typeEntry.keyNode) });
  }
  return { customer, type, time, types, ...(id !== undefined ? { id } : {}) };
}
