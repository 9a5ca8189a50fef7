/**
 * Basket analysis in SQL (models.md, `model: basket`): frequent itemsets and association rules
 * (Agrawal, Imieliński & Swami 1993, "Mining association rules between sets of items in large
 * databases", SIGMOD; lift: Brin, Motwani, Ullman & Tsur 1997, "Dynamic itemset counting and
 * implication rules for market basket data", SIGMOD).
 *
 * A basket is one event of the model's type with at least one item; an item counts once per
 * basket. Items are numbered first (in text order), so that the self-joins and groupings below
 * work on integers. Support(I) = baskets holding I / baskets, kept when ≥ min_support. Itemsets grow level
 * by level as Apriori does: each frequent itemset of size k − 1 (items in ascending order) is
 * extended by a frequent item greater than its last one, and the baskets holding the extension
 * are counted by a self-join of the basket items, one join per item; every frequent itemset is
 * found, as its prefix and its last item are frequent. A rule X → y has one item on the right
 * (as in arules): for each frequent itemset I of size ≥ 2 and each y in I, X = I \ {y};
 * confidence = support(I) / support(X), lift = confidence / support(y), kept when ≥
 * min_confidence and ≥ min_lift. Rules are numbered by lift, then confidence, then support
 * (descending), then fewer items on the left, then the items' text.
 *
 * Each measure is one division of whole numbers (lift = n(I)·N / (n(X)·n(y)), the products exact
 * below 2^53), so it is the double nearest the true ratio: rules of equal lift compare equal and
 * fall to the confidence, and a threshold written as a rule's exact measure keeps the rule. Lift
 * as confidence / support(y), two roundings, made 5/6 two different doubles and 8/5 fall under 1.6.
 */
import { propertyColumn } from '../store/tables.js';
import type { Queryable } from '../store/store.js';
import type { BasketModelDef } from '../workspace/types.js';
import type { Compilation } from '../compiler/compilation.js';
import { analyzeTables, existingFilter, modelCompilation, runBound, type ModelContext } from './model-sql.js';

/** The customers with events of the model's type: `(_customer)`. */
export const CUSTOMERS = '_bk_customers';
/** The items, numbered in text order: `(item, id)`. */
const WORDS = '_bk_words';
/** The distinct items of each basket, by number: `(basket, item)`. */
const ITEMS = '_bk_items';
/** The distinct items each customer bought: `(_customer, item)` (texts). */
export const BOUGHT = '_bk_bought';
/** The distinct categories of each event, with its amount: `(basket, _customer, amount, category)`. */
export const CATEGORIES = '_bk_categories';
const RULES = '_bk_rules';
const itemsets = (k: number) => `_bk_f${k}`;

/** A table of the basket analysis: its name, and the SELECT filling it written with a compilation. */
interface BasketTable {
  readonly name: string;
  readonly select: (ctx: ModelContext, def: BasketModelDef, c: Compilation) => string;
}

/**
 * `select(e, column, from)` over the events `e` of the model's type up to the bound instant, of
 * existing customers (of `c`'s subset): `from` is the FROM clause with those filters.
 */
function overEvents(ctx: ModelContext, def: BasketModelDef, c: Compilation, select: (e: string, column: (property: string) => string, from: string) => string): string {
  const q = (n: string) => c.q(n);
  const e = c.alias('e');
  const column = (property: string) => `${e}.${q(propertyColumn(def.event, property))}`;
  const filters = [
    `${e}.${q('_type')} = ${c.params.value('text', def.event)}`,
    `${e}.${q('_time')} <= ${c.params.at()}`,
    c.restrict(`${e}.${q('_customer')}`),
    existingFilter(c, `${e}.${q('_customer')}`),
  ].filter((f) => f !== '');
  return select(e, column, `${q('events')} ${e} WHERE ${filters.join(' AND ')}`);
}

/** The customers with events of the model's type. */
const CUSTOMERS_TABLE: BasketTable = {
  name: CUSTOMERS,
  select: (ctx, def, c) => overEvents(ctx, def, c, (e, _, from) => `SELECT DISTINCT ${e}._customer AS _customer FROM ${from}`),
};

/** What each customer bought (lists are unnested on the way, never copied). */
const BOUGHT_TABLE: BasketTable = {
  name: BOUGHT,
  select: (ctx, def, c) =>
    overEvents(ctx, def, c, (e, column, from) => `SELECT DISTINCT u._customer, u.item FROM (SELECT ${e}._customer AS _customer, unnest(${column(def.items)}) AS item FROM ${from}) u WHERE u.item IS NOT NULL`),
};

/** The categories of each basket (a basket is identified by its event's row), with its amount. */
const CATEGORIES_TABLE: BasketTable = {
  name: CATEGORIES,
  select: (ctx, def, c) => {
    const categoryIsList = ctx.workspace.events.types.find((t) => t.id === def.event)?.properties.find((p) => p.name === (def.category ?? def.items))?.type !== 'string';
    const row = (e: string) => ctx.dialect.rowId(e);
    return overEvents(ctx, def, c, (e, column, from) => {
      const amount = def.amount === undefined ? 'CAST(0 AS DOUBLE PRECISION)' : `COALESCE(${column(def.amount)}, 0)`;
      const category = column(def.category ?? def.items);
      return categoryIsList
        ? `SELECT DISTINCT u.basket, u._customer, u.amount, u.category FROM (SELECT ${row(e)} AS basket, ${e}._customer AS _customer, ${amount} AS amount, unnest(${category}) AS category FROM ${from}) u WHERE u.category IS NOT NULL`
        : `SELECT u.basket, u._customer, u.amount, u.category FROM (SELECT ${row(e)} AS basket, ${e}._customer AS _customer, ${amount} AS amount, ${category} AS category FROM ${from}) u WHERE u.category IS NOT NULL`;
    });
  },
};

/** The distinct items of each basket, by number (mining only; reads the numbered words). */
const ITEMS_TABLE: BasketTable = {
  name: ITEMS,
  select: (ctx, def, c) =>
    overEvents(
      ctx,
      def,
      c,
      (e, column, from) =>
        `SELECT DISTINCT u.basket, w.id AS item FROM (SELECT ${ctx.dialect.rowId(e)} AS basket, unnest(${column(def.items)}) AS item FROM ${from}) u JOIN ${WORDS} w ON w.item = u.item`,
    ),
};

/** The tables a customer run's outputs read (`outputsSelect`), not the numbered items that mining reads. */
export const SCORING_TABLES: readonly BasketTable[] = [CUSTOMERS_TABLE, BOUGHT_TABLE, CATEGORIES_TABLE];

/**
 * Creates the basket tables of every customer as of the context's instant (a fit), each by one
 * pass over the events, as temporary tables with statistics: mining joins them again and again.
 */
export async function collectBaskets(ctx: ModelContext, def: BasketModelDef): Promise<void> {
  await dropBaskets(ctx.db);
  const create = async (table: BasketTable) => {
    const c = modelCompilation(ctx.workspace, ctx.dialect);
    await runBound(ctx.db, c, `CREATE TEMP TABLE ${table.name} AS ${table.select(ctx, def, c)}`, ctx.at);
    await analyzeTables(ctx.db, ctx.dialect, table.name);
  };
  await create(CUSTOMERS_TABLE);
  await create(BOUGHT_TABLE);
  await ctx.db.run(`CREATE TEMP TABLE ${WORDS} AS SELECT w.item, CAST(row_number() OVER (ORDER BY w.item) AS INTEGER) AS id FROM (SELECT DISTINCT item FROM ${BOUGHT}) w`);
  await analyzeTables(ctx.db, ctx.dialect, WORDS);
  await create(ITEMS_TABLE);
  await create(CATEGORIES_TABLE);
}

/**
 * The same tables for the customers of a customer run, as the common table expressions of one
 * statement (`WITH …`, written with `c`, whose subset they cover): for a few customers, temporary
 * tables cost more to create, analyse and drop than the work itself.
 */
export function scoringTablesWith(ctx: ModelContext, def: BasketModelDef, c: Compilation): string {
  return `WITH ${SCORING_TABLES.map((table) => `${table.name} AS (${table.select(ctx, def, c)})`).join(',\n')}`;
}

/** Drops the temporary tables of a fit. */
export async function dropBaskets(db: Queryable): Promise<void> {
  for (const table of [CUSTOMERS, WORDS, ITEMS, BOUGHT, CATEGORIES, RULES, ...[1, 2, 3, 4, 5].map(itemsets)]) await db.run(`DROP TABLE IF EXISTS ${table}`);
}

/** What the itemsets and rules of a fit amount to. */
export interface RuleCounts {
  /** Baskets (events with at least one item). */
  readonly baskets: number;
  /** Frequent itemsets of each size, from 1. */
  readonly itemsets: number[];
  readonly rules: number;
}

/**
 * Frequent itemsets up to `max_size`, then the rules, stored under fit `fitId` in `model_rules`
 * (one row per rule, its left side as a list) and `model_rule_items` (one row per item on the left).
 */
export async function mineRules(ctx: ModelContext, def: BasketModelDef, fitId: number): Promise<RuleCounts> {
  const db = ctx.db;
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(DISTINCT basket) AS n FROM ${ITEMS}`)) as [{ n: number }];
  const baskets = Number(n);
  const counts: number[] = [];
  if (baskets === 0) return { baskets, itemsets: counts, rules: 0 };
  const c = modelCompilation(ctx.workspace, ctx.dialect);
  const total = c.params.value('number', baskets);
  const minSupport = c.params.value('number', def.minSupport);
  const frequent = `CAST(count(*) AS DOUBLE PRECISION) / ${total} >= ${minSupport}`;
  await runBound(db, c, `CREATE TEMP TABLE ${itemsets(1)} AS SELECT i.item AS i1, count(*) AS n FROM ${ITEMS} i GROUP BY i.item HAVING ${frequent}`, ctx.at);
  await analyzeTables(db, ctx.dialect, itemsets(1));
  counts.push(await size(db, itemsets(1)));
  for (let k = 2; k <= def.maxSize && counts[k - 2]! > 0; k++) {
    await runBound(db, c, `CREATE TEMP TABLE ${itemsets(k)} AS ${extend(k, frequent)}`, ctx.at);
    await analyzeTables(db, ctx.dialect, itemsets(k));
    counts.push(await size(db, itemsets(k)));
  }
  const rules = await ruleRows(ctx, def, counts.length, baskets);
  await storeRules(ctx, fitId, def.maxSize);
  return { baskets, itemsets: counts, rules };
}

async function size(db: Queryable, table: string): Promise<number> {
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)) as [{ n: number }];
  return Number(n);
}

/** The frequent k-itemsets: frequent (k − 1)-itemsets extended by a greater frequent item, counted by self-joins. */
function extend(k: number, frequent: string): string {
  const prefix = Array.from({ length: k - 1 }, (_, j) => `f.i${j + 1}`);
  const joins = prefix.map((item, j) => (j === 0 ? `JOIN ${ITEMS} b1 ON b1.item = ${item}` : `JOIN ${ITEMS} b${j + 1} ON b${j + 1}.basket = b1.basket AND b${j + 1}.item = ${item}`));
  return `SELECT ${prefix.join(', ')}, x.item AS i${k}, count(*) AS n
    FROM ${itemsets(k - 1)} f ${joins.join(' ')}
    JOIN ${ITEMS} x ON x.basket = b1.basket AND x.item > f.i${k - 1}
    WHERE x.item IN (SELECT i1 FROM ${itemsets(1)})
    GROUP BY ${prefix.join(', ')}, x.item HAVING ${frequent}`;
}

/**
 * Every rule of every frequent itemset of size 2..levels into a temporary table, numbered (see
 * the module header): left side in columns a1.., right side `consequent`.
 */
async function ruleRows(ctx: ModelContext, def: BasketModelDef, levels: number, baskets: number): Promise<number> {
  const c = modelCompilation(ctx.workspace, ctx.dialect);
  const width = Math.max(1, def.maxSize - 1);
  const parts: string[] = [];
  for (let k = 2; k <= levels; k++) {
    for (let j = 1; j <= k; j++) {
      const left = Array.from({ length: k }, (_, i) => i + 1).filter((i) => i !== j);
      const on = left.map((i, pos) => `x.i${pos + 1} = s.i${i}`).join(' AND ');
      const columns = Array.from({ length: width }, (_, pos) => (pos < left.length ? `s.i${left[pos]}` : 'CAST(NULL AS INTEGER)'));
      parts.push(`SELECT ${k - 1} AS lhs, ${columns.map((col, pos) => `${col} AS a${pos + 1}`).join(', ')}, s.i${j} AS consequent, s.n AS n, x.n AS n_x, y.n AS n_y
        FROM ${itemsets(k)} s JOIN ${itemsets(k - 1)} x ON ${on} JOIN ${itemsets(1)} y ON y.i1 = s.i${j}`);
    }
  }
  await ctx.db.run(`DROP TABLE IF EXISTS ${RULES}`);
  if (parts.length === 0) {
    await ctx.db.run(`CREATE TEMP TABLE ${RULES} (rule BIGINT, lhs INTEGER, ${Array.from({ length: width }, (_, p) => `a${p + 1} INTEGER`).join(', ')}, consequent INTEGER, support DOUBLE PRECISION, confidence DOUBLE PRECISION, lift DOUBLE PRECISION)`);
    return 0;
  }
  const total = c.params.value('number', baskets);
  const measured = `SELECT r.*, CAST(r.n AS DOUBLE PRECISION) / ${total} AS support, CAST(r.n AS DOUBLE PRECISION) / r.n_x AS confidence,
      (CAST(r.n AS DOUBLE PRECISION) * ${total}) / (CAST(r.n_x AS DOUBLE PRECISION) * r.n_y) AS lift
    FROM (${parts.join('\nUNION ALL\n')}) r`;
  const leftText = Array.from({ length: width }, (_, p) => `m.a${p + 1}`).join(', ');
  const sql = `CREATE TEMP TABLE ${RULES} AS
    SELECT row_number() OVER (ORDER BY m.lift DESC, m.confidence DESC, m.support DESC, m.lhs, ${leftText}, m.consequent) AS rule,
      m.lhs, ${leftText}, m.consequent, m.support, m.confidence, m.lift
    FROM (${measured}) m WHERE m.confidence >= ${c.params.value('number', def.minConfidence)} AND m.lift >= ${c.params.value('number', def.minLift)}`;
  await runBound(ctx.db, c, sql, ctx.at);
  await analyzeTables(ctx.db, ctx.dialect, RULES);
  return size(ctx.db, RULES);
}

async function storeRules(ctx: ModelContext, fitId: number, maxSize: number): Promise<void> {
  const width = Math.max(1, maxSize - 1);
  for (let p = 1; p <= width; p++) {
    await ctx.db.run(`INSERT INTO model_rule_items (fit, rule, item) SELECT $1, r.rule, w.item FROM ${RULES} r JOIN ${WORDS} w ON w.id = r.a${p}`, [fitId]);
  }
  await ctx.db.run(
    `INSERT INTO model_rules (fit, rule, antecedent, consequent, support, confidence, lift)
     SELECT $1, r.rule, l.antecedent, w.item, r.support, r.confidence, r.lift FROM ${RULES} r JOIN ${WORDS} w ON w.id = r.consequent
     JOIN (SELECT rule, array_agg(item ORDER BY item) AS antecedent FROM model_rule_items WHERE fit = $1 GROUP BY rule) l ON l.rule = r.rule`,
    [fitId],
  );
  // The suggestions are computed from these rows in the same transaction.
  await analyzeTables(ctx.db, ctx.dialect, 'model_rule_items', 'model_rules');
}

/** A stored rule as models.md prints it. */
export interface BasketRule {
  readonly antecedent: string[];
  readonly consequent: string[];
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
}

/** The rules of a fit, in their order (lift, then confidence, descending); the first `limit` when given. */
export async function storedRules(db: Queryable, fitId: number, limit?: number): Promise<BasketRule[]> {
  const rows = await db.query<{ antecedent: string[]; consequent: string; support: number; confidence: number; lift: number }>(
    `SELECT antecedent, consequent, support, confidence, lift FROM model_rules WHERE fit = $1 ORDER BY rule${limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(limit))}`}`,
    [fitId],
  );
  return rows.map((r) => ({ antecedent: [...r.antecedent], consequent: [r.consequent], support: r.support, confidence: r.confidence, lift: r.lift }));
}
