/**
 * What segmenta.yaml declares but reading left out for errors in the declaration itself (a field
 * of an unknown type, a segmentation with a bad setting, a place without `lon`…). Those errors are
 * reported where they are; rules that name such a declaration are then told it is refused, not
 * "unknown" with a near name (src/rules/refused-names.ts), which would send the reader after a typo.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { RefusedDeclaration, Workspace } from './types.js';

type Parts = Pick<Workspace, 'customers' | 'collections' | 'events' | 'places' | 'segments' | 'segmentations' | 'models'>;

/**
 * Keyed as rules name them: `language`, `rf6`, `clinic` (a place), and `pets.species`,
 * `purchase.amount` for a collection's field and an event type's property.
 */
export function refusedDeclarations(root: Node | null | undefined, ws: Parts): Map<string, RefusedDeclaration> {
  const refused = new Map<string, RefusedDeclaration>();
  const note = (node: unknown, kept: Iterable<string>, kind: RefusedDeclaration['kind'], where: string, owner = '') => {
    if (!isMap(node)) return;
    const ids = new Set(kept);
    for (const pair of node.items) {
      const id = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const name = `${owner}${id}`;
      if (id !== undefined && !ids.has(id) && !refused.has(name)) refused.set(name, { kind, where: `${where}.${id}` });
    }
  };
  const child = (node: unknown, key: string): unknown => (isMap(node) ? node.get(key, true) : undefined);
  note(child(root, 'segments'), ws.segments.map((s) => s.id), 'segment', 'segments');
  note(child(root, 'segmentations'), ws.segmentations.map((s) => s.id), 'segmentation', 'segmentations');
  note(child(root, 'models'), ws.models.map((m) => m.id), 'model', 'models');
  note(child(child(root, 'customers'), 'fields'), ws.customers.fields.map((f) => f.name), 'field', 'customers.fields');
  const collections = child(root, 'collections');
  note(collections, ws.collections.map((c) => c.id), 'collection', 'collections');
  for (const c of ws.collections) note(child(child(collections, c.id), 'fields'), c.fields.map((f) => f.name), 'field', `collections.${c.id}.fields`, `${c.id}.`);
  const types = child(child(root, 'events'), 'types');
  for (const t of ws.events.types) note(child(types, t.id), t.properties.map((p) => p.name), 'property', `events.types.${t.id}`, `${t.id}.`);
  note(child(root, 'places'), ws.places.keys(), 'place', 'places');
  return refused;
}
