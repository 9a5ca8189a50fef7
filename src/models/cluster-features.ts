/**
 * The features of a k-means model (models.md), per customer, in one SQL query: the numeric
 * expressions listed in `features:` (written in the rule language and compiled by the rule
 * compiler, so `sum(purchase.amount within 365 days)` means what it means in a rule), or by default
 * log(1 + recency_days), log(1 + frequency) and log(1 + monetary) of the model's event, as RFM
 * measures them (segmentations.md; a negative monetary counts 0). The query also returns each
 * customer's monetary value, by which clusters are ordered. A customer with no such event has no
 * default features; any missing feature leaves the customer `unclustered`. A model whose event has
 * no amount (model-settings.ts, `readSpend`) has the first two default features only.
 */
import type { Compilation, Scope } from '../compiler/compilation.js';
import { existsCondition } from '../compiler/conditions.js';
import { sqlOf } from '../compiler/temporal.js';
import { operand } from '../compiler/values.js';
import { checkNumber, parseRule, withKnownSegments, type Diagnostic, type TypedExpr } from '../rules/index.js';
import type { RuleEnvironment } from '../rules/index.js';
import { eventMeasures } from '../segmentations/state.js';
import type { KMeansModelDef } from '../workspace/types.js';
import { ModelError } from './model-errors.js';

/** Names of the default features, as described (`describe-cluster.ts` reads their roles from them). */
export const DEFAULT_FEATURES = ['log1p(recency_days)', 'log1p(frequency)', 'log1p(monetary)'] as const;

/**
 * The feature names of a model, in order. Without an amount (an event type with no numeric
 * property) the defaults leave out monetary, which would be 0 for everyone and read "average spend".
 */
export function featureNames(def: KMeansModelDef): string[] {
  if (def.features) return def.features.map((f) => f.text.trim());
  return def.amount === undefined ? DEFAULT_FEATURES.slice(0, 2) : [...DEFAULT_FEATURES];
}

/** A feature expression checked, or why it is refused (positions within the expression's text). */
export interface CheckedFeature {
  readonly typed?: TypedExpr;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses and checks one feature expression: it must be a number. */
export function checkFeature(text: string, env: RuleEnvironment): CheckedFeature {
  const parsed = parseRule(text);
  if (parsed.ast === undefined || parsed.diagnostics.length > 0) return { diagnostics: withKnownSegments(parsed.diagnostics, env.segments) };
  return checkNumber(parsed.ast, env);
}

/** The checked custom features of a model (undefined for the defaults); a refused one throws. */
export function typedFeatures(def: KMeansModelDef, env: RuleEnvironment): TypedExpr[] | undefined {
  return def.features?.map((feature) => {
    const checked = checkFeature(feature.text, env);
    if (checked.typed === undefined) {
      throw new ModelError(`model "${def.id}": feature "${feature.text}" is refused: ${checked.diagnostics.map((d) => d.message).join('; ')} (see segmenta check)`);
    }
    return checked.typed;
  });
}

/**
 * `SELECT _customer, monetary, f1, …, fd` for every customer existing at the bound instant (of the
 * compilation's subset); `fj` is missing where the feature is.
 */
export function featuresSql(c: Compilation, def: KMeansModelDef, features: readonly TypedExpr[] | undefined): string {
  const q = (name: string) => c.q(name);
  const alias = c.alias('c');
  const owner = `${alias}.${q('_customer')}`;
  const joins: string[] = [];
  const scope: Scope = { kind: 'customer', alias, owner, setBased: true, joins, joined: new Map() };
  const m = c.alias('m');
  const has = `${m}._customer IS NOT NULL`;
  const values = features
    ? features.map((f) => sqlOf(c, operand(c, f, scope)))
    : [
        `ln(1 + ${m}.recency_days)`,
        `ln(1 + ${m}.frequency)`,
        `CASE WHEN ${has} THEN ln(1 + CASE WHEN ${m}.monetary > 0 THEN ${m}.monetary ELSE 0 END) END`,
      ].slice(0, featureNames(def).length);
  const columns = values.map((v, j) => `CAST(${v} AS DOUBLE PRECISION) AS f${j + 1}`);
  const filters = [existsCondition(c, alias), c.restrict(owner)].filter((f) => f !== '');
  return `SELECT ${owner} AS _customer, COALESCE(${m}.monetary, 0) AS monetary, ${columns.join(', ')}
    FROM ${q('customers')} ${alias}${joins.length ? ` ${joins.join(' ')}` : ''}
    LEFT JOIN (${eventMeasures(c, def.event, def.amount, {})}) ${m} ON ${m}._customer = ${owner}
    ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}`;
}
