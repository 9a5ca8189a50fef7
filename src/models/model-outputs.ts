/**
 * What rules can read of each model (models.md: "outputs stored with each run and usable in
 * rules"): its outputs by name, their types and stored columns, and for clusters the segments.
 * The rule checker learns them through the workspace's rule environment; the compiler reads them
 * from the latest fit of the model at or before the evaluation instant.
 */
import type { ModelInfo } from '../rules/index.js';
import type { FieldType, ModelDef } from '../workspace/types.js';
import { latestFitSql } from './fits.js';

/** The segment of a clusters model's customers who miss a feature. */
export const UNCLUSTERED = 'unclustered';

interface Output {
  readonly type: FieldType;
  /** Column of the model's table. */
  readonly column: string;
}

/** CLV outputs. `predicted_purchases` is models.md's other name of `expected_purchases`. */
const CLV_OUTPUTS: Record<string, Output> = {
  p_alive: { type: 'number', column: 'p_alive' },
  expected_purchases: { type: 'number', column: 'expected_purchases' },
  predicted_purchases: { type: 'number', column: 'expected_purchases' },
  expected_spend: { type: 'number', column: 'expected_spend' },
  clv: { type: 'number', column: 'clv' },
  x: { type: 'integer', column: 'x' },
  t_x: { type: 'number', column: 't_x' },
  T: { type: 'number', column: 't_cal' },
  m_x: { type: 'number', column: 'm_x' },
};

const BASKET_OUTPUTS: Record<string, Output> = {
  favourite_category: { type: 'string', column: 'favourite_category' },
  suggestions: { type: 'list<string>', column: 'suggestions' },
};

const TABLES: Record<ModelDef['model'], string> = { clv: 'model_clv', basket: 'model_basket', kmeans: 'model_clusters' };

function outputsOf(def: ModelDef): Record<string, Output> {
  switch (def.model) {
    case 'clv':
      return CLV_OUTPUTS;
    case 'basket':
      return BASKET_OUTPUTS;
    case 'kmeans':
      return {};
  }
}

/**
 * The segments of a clusters model, best first: `c1`..`cK` for the largest K it may choose, then
 * `unclustered` (the clusters of a fit are a prefix of them).
 */
export function clusterSegments(def: ModelDef): string[] {
  if (def.model !== 'kmeans') return [];
  const k = Math.max(...def.k);
  return [...Array.from({ length: k }, (_, i) => `c${i + 1}`), UNCLUSTERED];
}

/** What the rule checker knows of a model. */
export function modelInfo(def: ModelDef): ModelInfo {
  const outputs = new Map(Object.entries(outputsOf(def)).map(([name, o]) => [name, o.type]));
  return def.model === 'kmeans' ? { outputs, segments: clusterSegments(def) } : { outputs };
}

/**
 * `SELECT _customer, <column> AS value` of a model's output (or of a clusters model's segment
 * when `output` is undefined) from its latest fit at or before the instant `at`; `model` and `at`
 * are SQL expressions (placeholders). `only` restricts the rows (a condition on `o._customer`):
 * a customer run reads its customers' rows, not the whole table.
 */
export function modelOutputSql(def: ModelDef, output: string | undefined, model: string, at: string, only = ''): string {
  const column = output === undefined ? 'cluster' : outputsOf(def)[output]?.column;
  if (column === undefined) throw new Error(`model "${def.id}" has no output "${output}"`);
  return `SELECT o._customer, o.${column} AS value FROM ${TABLES[def.model]} o WHERE o.fit = ${latestFitSql(model, at)}${only === '' ? '' : ` AND ${only}`}`;
}
