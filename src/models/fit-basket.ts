/**
 * Basket analysis (models.md, `model: basket`) fitted as of an instant: the events' baskets
 * collected in temporary tables, the frequent itemsets and rules mined and stored under the fit
 * (`basket.ts`), then every customer's favourite category and top cross-sell suggestions written
 * to `model_basket` (`favourite-category.ts`, `cross-sell.ts`). All of it in SQL.
 */
import type { BasketModelDef } from '../workspace/types.js';
import type { Compilation } from '../compiler/compilation.js';
import { collectBaskets, CUSTOMERS, dropBaskets, mineRules, scoringTablesWith, storedRules, type BasketRule } from './basket.js';
import { suggestionsSql } from './cross-sell.js';
import { favouriteCategorySql } from './favourite-category.js';
import { ModelDataError } from './model-errors.js';
import { deferBound, deleteCustomerOutputs, modelCompilation, runBound, type CustomerSubset, type ModelContext } from './model-sql.js';

/** What `segmenta model fit basket --json` prints (`baskets` and `rules` are models.md's). */
export interface BasketFitResult {
  /** Events of the model's type with at least one item. */
  readonly baskets: number;
  /** Every rule, best first (lift, then confidence, descending). */
  readonly rules: BasketRule[];
  /** Number of rules. */
  readonly rule_count: number;
  /** Frequent itemsets by size: `{"1": n, "2": n, …}`. */
  readonly itemsets: Record<string, number>;
  /** Customers with at least one event of the model's type. */
  readonly customers: number;
  readonly min_support: number;
  readonly min_confidence: number;
  readonly min_lift: number;
  readonly max_size: number;
}

/** Mines the rules as of the context's instant, writes every customer's outputs under `fitId`. */
export async function fitBasket(ctx: ModelContext, def: BasketModelDef, fitId: number): Promise<BasketFitResult> {
  await collectBaskets(ctx, def);
  try {
    const counts = await mineRules(ctx, def, fitId);
    if (counts.baskets === 0) {
      throw new ModelDataError(`model "${def.id}": no "${def.event}" event with "${def.items}" up to the evaluation instant: no basket to analyse`);
    }
    const c = modelCompilation(ctx.workspace, ctx.dialect);
    const customers = await runBound(ctx.db, c, `${INSERT} ${outputsSelect(ctx, def, fitId, c)}`, ctx.at);
    return {
      baskets: counts.baskets,
      rules: await storedRules(ctx.db, fitId),
      rule_count: counts.rules,
      itemsets: Object.fromEntries(counts.itemsets.map((n, i) => [String(i + 1), n])),
      customers,
      min_support: def.minSupport,
      min_confidence: def.minConfidence,
      min_lift: def.minLift,
      max_size: def.maxSize,
    };
  } finally {
    await dropBaskets(ctx.db);
  }
}

/**
 * A customer run: the customers' outputs recomputed with the rules of a stored fit, in one
 * statement (their baskets as common table expressions, see `scoringTablesWith`).
 */
export async function rescoreBasket(ctx: ModelContext, def: BasketModelDef, fitId: number, subset: Exclude<CustomerSubset, undefined>): Promise<void> {
  deleteCustomerOutputs(ctx, 'model_basket', fitId, subset);
  const c = modelCompilation(ctx.workspace, ctx.dialect, subset);
  const tables = scoringTablesWith(ctx, def, c);
  deferBound(ctx.db, c, `${INSERT} ${tables} ${outputsSelect(ctx, def, fitId, c)}`, ctx.at, { repeated: ctx.repeated ?? false });
}

/** The fit's result without its rules (they are in `model_rules`), as stored in `model_fits`. */
export function storedBasketResult(result: BasketFitResult): Omit<BasketFitResult, 'rules'> {
  const { rules, ...rest } = result;
  void rules;
  return rest;
}

const INSERT = 'INSERT INTO model_basket (_customer, fit, run, favourite_category, suggestions)';

/** Each customer's favourite category and suggestions under `fitId`, from the basket tables. */
function outputsSelect(ctx: ModelContext, def: BasketModelDef, fitId: number, c: Compilation): string {
  const fit = c.params.value('integer', fitId);
  const favourite = favouriteCategorySql(ctx.dialect);
  const suggestions = `SELECT g._customer, array_agg(g.item ORDER BY g.rank) AS suggestions
    FROM (${suggestionsSql(fit, c.params.value('integer', def.suggestions))}) g GROUP BY g._customer`;
  return `SELECT k._customer, ${fit}, ${c.params.value('integer', ctx.run)}, f.category, s.suggestions
     FROM ${CUSTOMERS} k
     LEFT JOIN (${favourite}) f ON f._customer = k._customer
     LEFT JOIN (${suggestions}) s ON s._customer = k._customer
     ORDER BY k._customer`; // stored by customer: a customer run reads one customer's rows without a full scan
}
