/** What rules may name in a workspace (the `RuleEnvironment` of the rules checker). */
import { RFM_SCORES, type RuleEnvironment, type SegmentationInfo } from '../rules/index.js';
import type { FieldType, MapSegmentDef, Workspace } from './types.js';
import { LIFECYCLE_SEGMENTS, VALUE_TIER_SEGMENTS } from './rfm-maps.js';
import { modelInfo } from '../models/model-outputs.js';

function fields(list: ReadonlyArray<{ name: string; type: FieldType }>): Map<string, FieldType> {
  return new Map(list.map((f) => [f.name, f.type]));
}

/**
 * Every display name of the segments, as written and lowercased, to the segment's id: a name as
 * written wins over another's lowercased, then the first segment wins a shared name.
 */
function displayNames(segments: readonly MapSegmentDef[]): Map<string, string> {
  const labels = segments.flatMap((segment) => Object.values(segment.labels).flatMap((label) => (label === undefined ? [] : [[label, segment.id] as const])));
  const names = new Map<string, string>();
  for (const [label, id] of labels) if (!names.has(label)) names.set(label, id);
  for (const [label, id] of labels) if (!names.has(label.toLowerCase())) names.set(label.toLowerCase(), id);
  return names;
}

export function ruleEnvironment(ws: Workspace): RuleEnvironment {
  const segmentations = new Map<string, SegmentationInfo>();
  for (const s of ws.segmentations) {
    switch (s.model) {
      case 'rfm':
        segmentations.set(s.id, { segments: s.map.segments.map((m) => m.id), scores: RFM_SCORES, names: displayNames(s.map.segments) });
        break;
      case 'lifecycle':
        segmentations.set(s.id, {
          segments: LIFECYCLE_SEGMENTS.map((m) => m.id),
          names: displayNames(LIFECYCLE_SEGMENTS),
          scores: new Map<string, FieldType>([['recency_days', 'number'], ['frequency', 'integer']]),
        });
        break;
      case 'value_tiers':
        segmentations.set(s.id, { segments: VALUE_TIER_SEGMENTS.map((m) => m.id), scores: new Map<string, FieldType>([['revenue', 'number']]), names: displayNames(VALUE_TIER_SEGMENTS) });
        break;
    }
  }
  return {
    customerFields: fields(ws.customers.fields),
    collections: new Map(ws.collections.map((c) => [c.id, fields(c.fields)])),
    eventTypes: new Map(ws.events.types.map((t) => [t.id, fields(t.properties)])),
    places: new Set(ws.places.keys()),
    segments: new Set(ws.segments.map((s) => s.id)),
    segmentations,
    models: new Map(ws.models.map((m) => [m.id, modelInfo(m)])),
    ...(ws.refused !== undefined ? { refused: ws.refused } : {}),
  };
}
