/**
 * What a rule may name: the workspace's schema as the checker sees it. Built from `segmenta.yaml`
 * by whoever loads the workspace; the rules folder reads nothing from disk.
 */
import type { FieldType, RefusedDeclaration } from '../workspace/types.js';

/** A segmentation usable in rules: `S = "label"` and `S.score`. */
export interface SegmentationInfo {
  /** Its segments (labels), e.g. rf6: best, engaged, new, slipping, at_risk, inactive, prospect. */
  readonly segments: readonly string[];
  /** Its scores, e.g. RFM: `r`, `f`, `m`, `recency_days`, `frequency`, `monetary` (see `RFM_SCORES`). */
  readonly scores: ReadonlyMap<string, FieldType>;
  /** Its segments' display names, as written and lowercased, to their ids (`Meilleurs clients` → best): for hints. */
  readonly names?: ReadonlyMap<string, string>;
}

/** A model usable in rules: `M.output`, and `M = "label"` when it has segments (clusters). */
export interface ModelInfo {
  readonly outputs: ReadonlyMap<string, FieldType>;
  readonly segments?: readonly string[];
}

/** Everything a rule can refer to, by name. Names are case-sensitive. */
export interface RuleEnvironment {
  /** Customer fields (`language`, `home`). */
  readonly customerFields: ReadonlyMap<string, FieldType>;
  /** Collections (`pets`) and the fields of their records. */
  readonly collections: ReadonlyMap<string, ReadonlyMap<string, FieldType>>;
  /** Event types (`purchase`) and their properties. */
  readonly eventTypes: ReadonlyMap<string, ReadonlyMap<string, FieldType>>;
  /** Named places for `distance()`. */
  readonly places: ReadonlySet<string>;
  /** Ids of the segments of the workspace, for `in segment "id"`. */
  readonly segments: ReadonlySet<string>;
  readonly segmentations: ReadonlyMap<string, SegmentationInfo>;
  readonly models: ReadonlyMap<string, ModelInfo>;
  /** Names declared but refused for errors in their own declaration (`rf6`, `pets.species`): named as such. */
  readonly refused?: ReadonlyMap<string, RefusedDeclaration>;
}

/** The scores of an RFM segmentation (segmentations.md): r, f, m from 1 to 5, and the raw measures. */
export const RFM_SCORES: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
  ['r', 'integer'],
  ['f', 'integer'],
  ['m', 'integer'],
  ['recency_days', 'number'],
  ['frequency', 'integer'],
  ['monetary', 'number'],
]);

/** An environment that names nothing; spread it to build small ones in tests and tools. */
export const EMPTY_ENVIRONMENT: RuleEnvironment = {
  customerFields: new Map(),
  collections: new Map(),
  eventTypes: new Map(),
  places: new Set(),
  segments: new Set(),
  segmentations: new Map(),
  models: new Map(),
};
