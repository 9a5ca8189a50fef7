import type { MapSegmentDef, RfmMapDef } from './types.js';

/** The segment every map ends with: customers without any event of the segmentation's type. */
export const PROSPECT = 'prospect';

type Cell = readonly [number, number];

function cells(test: (r: number, f: number) => boolean): Cell[] {
  const result: Cell[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) if (test(r, f)) result.push([r, f]);
  return result;
}

function segment(id: string, fr: string, en: string, test: (r: number, f: number) => boolean): MapSegmentDef {
  return { id, labels: { fr, en }, cells: cells(test) };
}

const prospect: MapSegmentDef = { id: PROSPECT, labels: { fr: 'Prospects', en: 'Prospects' }, cells: [] };

/** Recency × frequency in six groups (segmentations.md, "Map rf6"), best first. */
export const RF6: RfmMapDef = {
  id: 'rf6',
  segments: [
    segment('best', 'Meilleurs clients', 'Best', (r, f) => r >= 4 && f >= 4),
    segment('engaged', 'Engagés', 'Engaged', (r, f) => r >= 3 && f >= 3 && !(r >= 4 && f >= 4)),
    segment('new', 'Nouveaux', 'New', (r, f) => r >= 4 && f <= 2),
    segment('slipping', 'En perte de vitesse', 'Slipping', (r, f) => r >= 2 && r <= 3 && f <= 2),
    segment('at_risk', 'À risque', 'At risk', (r, f) => r <= 2 && f >= 3),
    segment('inactive', 'Inactifs', 'Inactive', (r, f) => r === 1 && f <= 2),
    prospect,
  ],
};

/** The classic eleven RFM segments on r and f (segmentations.md, "Map standard11"), best first. */
export const STANDARD11: RfmMapDef = {
  id: 'standard11',
  segments: [
    segment('champions', 'Champions', 'Champions', (r, f) => r === 5 && f >= 4),
    segment('loyal', 'Fidèles', 'Loyal', (r, f) => r >= 3 && r <= 4 && f >= 4),
    segment('potential_loyalist', 'Fidèles potentiels', 'Potential loyalists', (r, f) => r >= 4 && f >= 2 && f <= 3),
    segment('new', 'Nouveaux', 'New', (r, f) => r === 5 && f === 1),
    segment('promising', 'Prometteurs', 'Promising', (r, f) => r === 4 && f === 1),
    segment('need_attention', 'À surveiller', 'Need attention', (r, f) => r === 3 && f === 3),
    segment('about_to_sleep', "Sur le point de s'endormir", 'About to sleep', (r, f) => r === 3 && f <= 2),
    segment('at_risk', 'À risque', 'At risk', (r, f) => r <= 2 && f >= 3 && f <= 4),
    segment('cant_lose', 'À ne pas perdre', "Can't lose", (r, f) => r <= 2 && f === 5),
    segment('hibernating', 'En hibernation', 'Hibernating', (r, f) => (r === 2 && f <= 2) || (r === 1 && f === 2)),
    segment('lost', 'Perdus', 'Lost', (r, f) => r === 1 && f === 1),
    prospect,
  ],
};

export const BUILTIN_MAPS: ReadonlyMap<string, RfmMapDef> = new Map([
  [RF6.id, RF6],
  [STANDARD11.id, STANDARD11],
]);

/** Lifecycle segments in best-first order (segmentations.md, "Lifecycle"), with their labels. */
export const LIFECYCLE_SEGMENTS: readonly MapSegmentDef[] = [
  { id: 'active', labels: { fr: 'Actifs', en: 'Active' }, cells: [] },
  { id: 'new', labels: { fr: 'Nouveaux', en: 'New' }, cells: [] },
  { id: 'at_risk', labels: { fr: 'À risque', en: 'At risk' }, cells: [] },
  { id: 'lapsed', labels: { fr: 'Perdus de vue', en: 'Lapsed' }, cells: [] },
  prospect,
];

/** Value tiers, best first. */
export const VALUE_TIER_SEGMENTS: readonly MapSegmentDef[] = [
  { id: 'A', labels: { fr: 'A', en: 'A' }, cells: [] },
  { id: 'B', labels: { fr: 'B', en: 'B' }, cells: [] },
  { id: 'C', labels: { fr: 'C', en: 'C' }, cells: [] },
  { id: 'none', labels: { fr: 'Sans achat', en: 'No revenue' }, cells: [] },
];
