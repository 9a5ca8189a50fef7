/**
 * The columns of an imported file that the workspace does not read for that entity. They are
 * ignored, as workspace.md allows, but said: a header typo (`frist_name`) would otherwise leave a
 * field empty without a word.
 */
import type { FieldDef, Workspace } from '../workspace/types.js';
import type { ImportEntity } from './stage.js';
import { nearestName } from '../rules/suggest.js';

function fieldColumns(fields: readonly FieldDef[]): string[] {
  return fields.flatMap((f) => (f.type === 'geopoint' ? [f.latColumn!, f.lonColumn!] : [f.column]));
}

/** The source columns the workspace reads when importing `entity`. */
export function readColumns(ws: Workspace, entity: ImportEntity): Set<string> {
  if (entity.kind === 'customers') return new Set([ws.customers.key, ...fieldColumns(ws.customers.fields)]);
  if (entity.kind === 'collection') {
    const collection = ws.collections.find((c) => c.id === entity.id)!;
    return new Set([collection.key, collection.parent, ...fieldColumns(collection.fields)]);
  }
  const { customer, type, time, id } = ws.events;
  return new Set([customer, type, time, ...(id !== undefined ? [id] : []), ...ws.events.types.flatMap((t) => fieldColumns(t.properties))]);
}

/** The file's columns that nothing reads, in the file's order. */
export function ignoredColumns(ws: Workspace, entity: ImportEntity, columns: readonly string[]): string[] {
  const read = readColumns(ws, entity);
  return columns.filter((c) => !read.has(c));
}

/** For each ignored column close to one the workspace reads, that column (`frist_name` → `first_name`). */
export function nearestReadColumns(ws: Workspace, entity: ImportEntity, ignored: readonly string[]): Record<string, string> {
  const read = [...readColumns(ws, entity)];
  return Object.fromEntries(ignored.flatMap((c) => {
    const near = nearestName(c, read);
    return near === undefined ? [] : [[c, near]];
  }));
}
