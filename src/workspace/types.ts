/**
 * The workspace as the rest of Segmenta sees it: `segmenta.yaml` read, validated and resolved.
 * Contract: ../shared/spec/workspace.md. Every definition keeps the position of its YAML source so
 * that later checks (rules, maps) can point at the right line.
 */

/** The value types a field may declare (workspace.md, "Types"). */
export type FieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'geopoint'
  | 'list<string>'
  | 'list<number>';

export const FIELD_TYPES: readonly FieldType[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'date',
  'timestamp',
  'geopoint',
  'list<string>',
  'list<number>',
];

/** A position in `segmenta.yaml` (1-based line and column; columns count UTF-16 units). */
export interface YamlPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Where the characters of a text read from `segmenta.yaml` (a rule, a feature) stand in the file,
 * whatever the style of its scalar (folded, quoted with escapes, block): see `scalar-positions.ts`.
 */
export interface TextPositions {
  /** The position of the character at `offset` (a UTF-16 index) of the text; its length gives just after its end. */
  positionOf(offset: number): YamlPosition;
}

/** One declared field of customers, a collection record or an event type. */
export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** Source column in imported files (`column:`; default the field name). Unused for geopoints. */
  readonly column: string;
  /** Geopoints only: the two source columns (default `<name>_lat`, `<name>_lon`). */
  readonly latColumn?: string;
  readonly lonColumn?: string;
  /** Lists only: the separator inside one CSV cell (default `|`). */
  readonly separator: string;
  readonly position: YamlPosition;
}

export interface CustomersDef {
  /** Source column holding the customer key (text). */
  readonly key: string;
  /** Name of the field (declared in `fields`, date or timestamp) giving the creation time. */
  readonly created?: string;
  readonly fields: readonly FieldDef[];
}

export interface CollectionDef {
  readonly id: string;
  /** Source column holding the record key. */
  readonly key: string;
  /** Source column holding the owning customer's key. */
  readonly parent: string;
  readonly fields: readonly FieldDef[];
  readonly position: YamlPosition;
}

export interface EventTypeDef {
  readonly id: string;
  readonly properties: readonly FieldDef[];
  readonly position: YamlPosition;
}

export interface EventsDef {
  /** Source column with the customer key. */
  readonly customer: string;
  /** Source column naming the event type. */
  readonly type: string;
  /** Source column with the event time. */
  readonly time: string;
  /** Optional source column with an event id; without it an event's identity is all its values. */
  readonly id?: string;
  readonly types: readonly EventTypeDef[];
}

export interface SegmentDef {
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  /** The rule text: the value of its YAML scalar (lines folded, escapes read). */
  readonly rule: string;
  /** Where each character of `rule` stands in the YAML file, for placing the rule's errors there. */
  readonly rulePositions: TextPositions;
  readonly position: YamlPosition;
}

/** RFM scoring: quintiles, or four ascending thresholds per measure. */
export type RfmScoring =
  | { readonly kind: 'quintiles' }
  | {
      readonly kind: 'thresholds';
      readonly recencyDays: readonly number[];
      readonly frequency: readonly number[];
      readonly monetary: readonly number[];
    };

/** One segment of a segmentation map, in best-first order. */
export interface MapSegmentDef {
  readonly id: string;
  /** Display names; a custom map's single `name` fills both. */
  readonly labels: Readonly<Partial<Record<Locale, string>>>;
  /** The (r, f) cells (1..5 each) that fall in this segment. */
  readonly cells: ReadonlyArray<readonly [number, number]>;
}

export interface RfmMapDef {
  /** `rf6`, `standard11` or `custom`. */
  readonly id: string;
  readonly segments: readonly MapSegmentDef[];
}

interface SegmentationBase {
  readonly id: string;
  readonly name?: string;
  readonly position: YamlPosition;
}

export interface RfmSegmentationDef extends SegmentationBase {
  readonly model: 'rfm';
  readonly event: string;
  readonly amount?: string;
  readonly scoring: RfmScoring;
  readonly map: RfmMapDef;
}

export interface LifecycleSegmentationDef extends SegmentationBase {
  readonly model: 'lifecycle';
  readonly event: string;
  readonly newDays: number;
  readonly activeDays: number;
  readonly lapsedDays: number;
}

export interface ValueTiersSegmentationDef extends SegmentationBase {
  readonly model: 'value_tiers';
  readonly event: string;
  readonly amount: string;
  /** Revenue window in days before the evaluation time. */
  readonly windowDays: number;
  /** Cumulative revenue shares closing tiers A and B (default 0.8 and 0.95). */
  readonly thresholds: readonly [number, number];
}

export type SegmentationDef = RfmSegmentationDef | LifecycleSegmentationDef | ValueTiersSegmentationDef;

/** The unit of the CLV model's times (models.md): whole days between calendar dates, /7 for weeks, calendar months. */
export type TimeUnit = 'days' | 'weeks' | 'months';

interface ModelBase {
  readonly id: string;
  readonly name?: string;
  readonly position: YamlPosition;
}

/** `model: clv` — BG/NBD + Gamma-Gamma (models.md). */
export interface ClvModelDef extends ModelBase {
  readonly model: 'clv';
  readonly event: string;
  /** Numeric property of `event`: the spend of a purchase (missing counts 0). */
  readonly amount: string;
  readonly timeUnit: TimeUnit;
  /** Last calendar day of the calibration period (`YYYY-MM-DD`); null: the evaluation date. */
  readonly calibrationEnd: string | null;
  /** In time units. */
  readonly horizon: number;
  readonly margin: number;
  /** Per time unit. */
  readonly discountRate: number;
}

/** `model: basket` — frequent itemsets and association rules over the list property of an event type. */
export interface BasketModelDef extends ModelBase {
  readonly model: 'basket';
  readonly event: string;
  /** The `list<string>` property that holds a basket's items. */
  readonly items: string;
  /** Property (string or list of strings) naming the categories, for the favourite category; default `items`. */
  readonly category?: string;
  /** Numeric property: the spend counted for the favourite category. */
  readonly amount?: string;
  readonly maxSize: number;
  readonly minSupport: number;
  readonly minConfidence: number;
  readonly minLift: number;
  /** Cross-sell suggestions kept per customer. */
  readonly suggestions: number;
}

/** One feature of a k-means model: a numeric expression of the rule language. */
export interface FeatureDef {
  readonly text: string;
  /** Where each character of `text` stands in segmenta.yaml. */
  readonly positions: TextPositions;
}

/** `model: kmeans` — k-means clusters with k chosen by silhouette. */
export interface KMeansModelDef extends ModelBase {
  readonly model: 'kmeans';
  readonly event: string;
  readonly amount?: string;
  /** Numeric expressions; undefined: log(1 + recency_days), log(1 + frequency), log(1 + monetary). */
  readonly features?: readonly FeatureDef[];
  readonly standardise: boolean;
  /** Candidate numbers of clusters, ascending. */
  readonly k: readonly number[];
  readonly seed: number;
  readonly restarts: number;
  /** Points the silhouette is computed on, at most. */
  readonly sampleSize: number;
  /** Customers k-means runs on, at most (a fixed sample; every customer is then assigned). */
  readonly fitSampleSize: number;
}

/** A model declared under `models:` (models.md), its settings validated. */
export type ModelDef = ClvModelDef | BasketModelDef | KMeansModelDef;

/** The kinds of models (`model:` values). */
export type ModelKind = ModelDef['model'];

export interface Place {
  readonly lat: number;
  readonly lon: number;
}

export type StoreLocation =
  | { readonly kind: 'duckdb'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export type Locale = 'fr' | 'en';

export interface Workspace {
  /** Absolute folder holding `segmenta.yaml`. */
  readonly dir: string;
  /** Absolute path of `segmenta.yaml`. */
  readonly file: string;
  /** The text `file` was read from, for showing the lines of errors found after loading (a refused rule). */
  readonly source: string;
  readonly name: string;
  /** IANA time zone: naive times in data and rules are in this zone. */
  readonly timezone: string;
  readonly locale: Locale;
  readonly store: StoreLocation;
  readonly places: ReadonlyMap<string, Place>;
  readonly customers: CustomersDef;
  readonly collections: readonly CollectionDef[];
  readonly events: EventsDef;
  readonly segments: readonly SegmentDef[];
  readonly segmentations: readonly SegmentationDef[];
  readonly models: readonly ModelDef[];
  /** Cron expression in the workspace time zone (default monthly: `0 3 1 * *`). */
  readonly schedule: string;
  /**
   * What segmenta.yaml declares but reading left out for errors in its own declaration (reported
   * there), keyed as rules name it (`rf6`, `language`, `pets.species`): a rule naming one says that,
   * not "unknown".
   */
  readonly refused?: ReadonlyMap<string, RefusedDeclaration>;
}

/** A declaration left out for its own errors: what it declared, and where (`segmentations.rf6`). */
export interface RefusedDeclaration {
  readonly kind: 'segment' | 'segmentation' | 'model' | 'field' | 'collection' | 'property' | 'place';
  readonly where: string;
}
