/** The segments of a segmentation, best first: a move to an earlier one is "up", to a later one "down". */
import { LIFECYCLE_SEGMENTS, VALUE_TIER_SEGMENTS } from '../workspace/rfm-maps.js';
import type { Locale, MapSegmentDef, SegmentationDef } from '../workspace/types.js';

export function segmentDefs(def: SegmentationDef): readonly MapSegmentDef[] {
  switch (def.model) {
    case 'rfm':
      return def.map.segments;
    case 'lifecycle':
      return LIFECYCLE_SEGMENTS;
    case 'value_tiers':
      return VALUE_TIER_SEGMENTS;
  }
}

export function segmentOrder(def: SegmentationDef): string[] {
  return segmentDefs(def).map((s) => s.id);
}

/** A segment's display name in a language (its id when it has none). */
export function segmentLabel(def: SegmentationDef, id: string, locale: Locale): string {
  const segment = segmentDefs(def).find((s) => s.id === id);
  return segment?.labels[locale] ?? segment?.labels.en ?? id;
}
