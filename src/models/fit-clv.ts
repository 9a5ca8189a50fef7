/**
 * Customer lifetime value (models.md, `model: clv`): the BG/NBD and Gamma-Gamma models fitted by
 * maximum likelihood on the SQL summary of `clv-summary.ts`, and every customer's outputs written
 * in bulk:
 *
 * - the likelihoods are sums over customers of functions of (x, t_x, T) and (x, m_x), so the
 *   database groups identical customers and JavaScript fits on the groups with their weights
 *   (`math/bgnbd.ts`, `math/gamma-gamma.ts`);
 * - `p_alive` and `expected_spend` are closed forms, computed in SQL from the parameters;
 * - the expected purchases of a customer alive at T need the hypergeometric 2F1 and depend on
 *   (x, T) only: they are computed in JavaScript once per distinct (x, T), inserted as one table,
 *   and joined; `expected_purchases` = P(alive) × that, `clv` = margin × expected_spend ×
 *   (discounted) expected purchases (`math/clv.ts`).
 */
import type { Compilation } from '../compiler/compilation.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Queryable, StatementOptions } from '../store/store.js';
import type { ClvModelDef, Workspace } from '../workspace/types.js';
import { calibrationOf, clvSummarySql, queueFirstEvent, withOffsets, withOffsetsFrom, type Calibration } from './clv-summary.js';
import { ModelDataError } from './model-errors.js';
import { expectedPurchasesIfAlive, fitBgNbd, type BgNbdParams } from './math/bgnbd.js';
import { discountSchedule } from './math/clv.js';
import { fitGammaGamma, type GammaGammaParams } from './math/gamma-gamma.js';
import { analyzeTables, deferBound, deleteCustomerOutputs, insertColumns, modelCompilation, queryBound, queueBound, runBound, type CustomerSubset, type ModelContext } from './model-sql.js';

/** What a CLV fit stores and `segmenta model fit clv --json` prints (the first three keys are models.md's). */
export interface ClvFitResult {
  readonly bgnbd: BgNbdParams & { readonly loglik: number; readonly converged: boolean };
  readonly gammagamma: GammaGammaParams & { readonly loglik: number; readonly customers: number; readonly converged: boolean };
  /** Customers summarised: existing, with at least one purchase in the calibration period. */
  readonly customers: number;
  /** Of which with x > 0 and a positive mean repeat spend (the Gamma-Gamma fit). */
  readonly repeat_customers: number;
  readonly calibration_end: string;
  readonly time_unit: ClvModelDef['timeUnit'];
  readonly horizon: number;
  readonly margin: number;
  readonly discount_rate: number;
}

const SUMMARY = '_clv_summary';
const PAIRS = '_clv_pairs';

/** Fits the model as of `at`, writes every customer's outputs under fit `fitId`, returns the fit. */
export async function fitClv(ctx: ModelContext, def: ClvModelDef, fitId: number): Promise<ClvFitResult> {
  const { db: tx, workspace: ws, at } = ctx;
  const calibration = await withOffsets(tx, calibrationOf(def, at, ws.timezone), def.event, ws.timezone);
  await summarise(ctx, def, calibration);
  try {
    const bgnbd = await fitPurchases(tx, def, calibration);
    const gammaGamma = await fitSpend(tx, def, calibration);
    const result: ClvFitResult = {
      bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, loglik: bgnbd.loglik, converged: bgnbd.converged },
      gammagamma: { p: gammaGamma.p, q: gammaGamma.q, gamma: gammaGamma.gamma, loglik: gammaGamma.loglik, customers: gammaGamma.customers, converged: gammaGamma.converged },
      customers: bgnbd.customers,
      repeat_customers: gammaGamma.customers,
      calibration_end: calibration.end,
      time_unit: def.timeUnit,
      horizon: def.horizon,
      margin: def.margin,
      discount_rate: def.discountRate,
    };
    await writeOutputs(ctx, def, result, fitId);
    return result;
  } finally {
    await tx.run(`DROP TABLE IF EXISTS ${SUMMARY}`);
  }
}

/**
 * Re-scores some customers with a stored fit's parameters as of `at` (a customer run), replacing
 * their rows of that fit. Customers selected by SQL (an import's, possibly many) go the way of a
 * fit, through temporary tables. A few named by key: their summaries are read once, the expected
 * purchases of their (x, T) computed here, and one statement writes their outputs from those
 * values (for a few customers, temporary tables cost more to create, analyse and drop than the work).
 */
export async function rescoreClv(
  ctx: ModelContext,
  def: ClvModelDef,
  fit: { id: number; result: ClvFitResult },
  subset: Exclude<CustomerSubset, undefined>,
  queued?: ClvCustomerReads,
): Promise<void> {
  const { db: tx, workspace: ws, at } = ctx;
  deleteCustomerOutputs(ctx, 'model_clv', fit.id, subset);
  if (typeof subset === 'string') {
    const calibration = rescoringCalibration(def, at, ws.timezone);
    if (calibration === undefined) return;
    await summarise(ctx, def, await withOffsets(tx, calibration, def.event, ws.timezone, subset), subset);
    try {
      await writeOutputs(ctx, def, fit.result, fit.id);
    } finally {
      await tx.run(`DROP TABLE IF EXISTS ${SUMMARY}`);
    }
    return;
  }
  // Keys are inline only up to a hundred customers (runs/run.ts): their rows pass through here.
  const options = { repeated: ctx.repeated ?? false };
  const reads = queued ?? queueClvReads(tx, ctx.dialect, ws, def, at, subset, options);
  if (reads === undefined) return;
  let rows = await reads.summary;
  const first = await reads.first;
  if (first !== null && first.getTime() < reads.offsetsFrom.getTime()) {
    // Purchases before the offsets prepared in advance: summarised again, with offsets from the first.
    // (Instants before `offsetsFrom` would get the offset of its span: not exact, so not used.)
    const read = modelCompilation(ws, ctx.dialect, subset);
    rows = await queryBound<SummaryRow>(tx, read, clvSummarySql(read, def, withOffsetsFrom(reads.calibration, first, ws.timezone)), at, options);
  }
  if (rows.length === 0) return;
  const expected = expectedByPair(def, fit.result.bgnbd, rows);
  const c = modelCompilation(ws, ctx.dialect);
  const numbers = (values: readonly number[]) => c.params.value('number[]', values);
  // A list bound with missing values would lose its type: m_x (missing when x = 0) goes as 0.
  const summary = `SELECT u._customer, u.x, u.t_x, u.t_cal, CASE WHEN u.x > 0 THEN u.m_x END AS m_x
    FROM (SELECT unnest(${c.params.value('text[]', rows.map((r) => r._customer))}) AS _customer, unnest(${numbers(rows.map((r) => Number(r.x)))}) AS x,
      unnest(${numbers(rows.map((r) => Number(r.t_x)))}) AS t_x, unnest(${numbers(rows.map((r) => Number(r.t_cal)))}) AS t_cal,
      unnest(${numbers(rows.map((r) => (r.m_x === null ? 0 : Number(r.m_x))))}) AS m_x) u`;
  const pairs = `SELECT unnest(${numbers(expected.x)}) AS x, unnest(${numbers(expected.tCal)}) AS t_cal,
      unnest(${numbers(expected.alivePurchases)}) AS alive_purchases, unnest(${numbers(expected.aliveDiscounted)}) AS alive_discounted`;
  const sql = `${INSERT} WITH ${SUMMARY} AS (${summary}), ${PAIRS} AS (${pairs}) ${outputsSelect(c, def, fit.result, fit.id, ctx.run)}`;
  deferBound(tx, c, sql, at, options);
}

/** The calibration of a customer run's re-scoring; undefined when its end is after the instant (not re-scored then). */
function rescoringCalibration(def: ClvModelDef, at: Date, zone: string): Calibration | undefined {
  try {
    return calibrationOf(def, at, zone);
  } catch (error) {
    if (error instanceof ModelDataError) return undefined;
    throw error;
  }
}

interface SummaryRow extends Record<string, unknown> {
  _customer: string;
  x: number;
  t_x: number;
  t_cal: number;
  m_x: number | null;
}

/**
 * A customer run of a few keys dates purchases of the last years (from 1 January, this many years
 * before the calibration end's) with zone offsets prepared in advance. Walking a zone's offsets costs
 * about 5 ms a year the first time in a process: five years keep the first customer run of a
 * `segmenta import` quick, and customers who bought earlier take one more round trip.
 */
const PREPARED_OFFSET_YEARS = 5;

/** The reads of a CLV re-scoring for a few keys, queued (`Queryable.defer`). */
export interface ClvCustomerReads {
  readonly calibration: Calibration;
  /** Where the offsets of `summary` begin. */
  readonly offsetsFrom: Date;
  readonly summary: PromiseLike<SummaryRow[]>;
  /** The customers' first purchase. */
  readonly first: PromiseLike<Date | null>;
}

/**
 * Queues the summary of a few customers and their first purchase, so that both travel with a
 * customer run's first round trip. The summary dates purchases with the zone's offsets of the last
 * years (`PREPARED_OFFSET_YEARS`: the same statement for every customer of a day, where offsets from
 * each customer's first purchase would need that purchase first); a customer who bought before is
 * summarised again, with offsets from that purchase.
 * Undefined when the calibration end is after the instant (the model is then not re-scored).
 */
export function queueClvReads(
  db: Queryable,
  dialect: Dialect,
  ws: Workspace,
  def: ClvModelDef,
  at: Date,
  keys: readonly string[],
  options: StatementOptions = {},
): ClvCustomerReads | undefined {
  const calibration = rescoringCalibration(def, at, ws.timezone);
  if (calibration === undefined) return undefined;
  const offsetsFrom = new Date(Date.UTC(Number(calibration.end.slice(0, 4)) - PREPARED_OFFSET_YEARS, 0, 1));
  const read = modelCompilation(ws, dialect, keys);
  const summary = queueBound<SummaryRow>(db, read, clvSummarySql(read, def, withOffsetsFrom(calibration, offsetsFrom, ws.timezone)), at, options);
  return { calibration, offsetsFrom, summary, first: queueFirstEvent(db, def.event, keys, options) };
}

async function summarise(ctx: ModelContext, def: ClvModelDef, calibration: Calibration, subset?: string): Promise<void> {
  const c = modelCompilation(ctx.workspace, ctx.dialect, subset);
  await ctx.db.run(`DROP TABLE IF EXISTS ${SUMMARY}`);
  await runBound(ctx.db, c, `CREATE TEMP TABLE ${SUMMARY} AS ${clvSummarySql(c, def, calibration)}`, ctx.at);
  await analyzeTables(ctx.db, ctx.dialect, SUMMARY);
}

async function fitPurchases(tx: Queryable, def: ClvModelDef, calibration: Calibration) {
  const groups = await tx.query<{ x: number; t_x: number; t_cal: number; n: number }>(
    `SELECT x, t_x, t_cal, count(*) AS n FROM ${SUMMARY} GROUP BY x, t_x, t_cal ORDER BY x, t_x, t_cal`,
  );
  if (groups.length === 0) {
    throw new ModelDataError(`model "${def.id}": no customer has a "${def.event}" event up to the calibration end ${calibration.end}: nothing to fit`);
  }
  const column = (key: 'x' | 't_x' | 't_cal' | 'n') => Float64Array.from(groups, (g) => Number(g[key]));
  const data = { x: column('x'), tx: column('t_x'), T: column('t_cal'), weights: column('n') };
  if (data.x.every((x) => x === 0)) {
    throw new ModelDataError(`model "${def.id}": no customer bought twice (on two different days) up to the calibration end ${calibration.end}: the BG/NBD model needs repeat purchases`);
  }
  return fitBgNbd(data);
}

async function fitSpend(tx: Queryable, def: ClvModelDef, calibration: Calibration) {
  const groups = await tx.query<{ x: number; m_x: number; n: number }>(
    `SELECT x, m_x, count(*) AS n FROM ${SUMMARY} WHERE x > 0 AND m_x > 0 GROUP BY x, m_x ORDER BY x, m_x`,
  );
  if (groups.length === 0) {
    throw new ModelDataError(`model "${def.id}": no repeat purchase with a positive "${def.amount}" up to the calibration end ${calibration.end}: the Gamma-Gamma model needs some`);
  }
  // Groups expanded back to customers (the fit collapses them again, in its own order).
  let total = 0;
  for (const g of groups) total += Number(g.n);
  const x = new Float64Array(total);
  const mx = new Float64Array(total);
  let i = 0;
  for (const g of groups) {
    const n = Number(g.n);
    x.fill(Number(g.x), i, i + n);
    mx.fill(Number(g.m_x), i, i + n);
    i += n;
  }
  return fitGammaGamma({ x, mx });
}

/** E[purchases over the horizon | alive at T] per distinct (x, T) of `rows`, undiscounted and discounted. */
function expectedByPair(def: ClvModelDef, params: BgNbdParams, rows: ReadonlyArray<{ x: number; t_cal: number }>) {
  const { times, factors } = discountSchedule(def.horizon, def.discountRate);
  const distinct = new Map(rows.map((r) => [`${Number(r.x)} ${Number(r.t_cal)}`, r]));
  const x = [...distinct.values()].map((p) => Number(p.x));
  const tCal = [...distinct.values()].map((p) => Number(p.t_cal));
  const alivePurchases: number[] = [];
  const aliveDiscounted: number[] = [];
  x.forEach((xi, i) => {
    const T = tCal[i] as number;
    let sum = 0;
    let previous = 0;
    let value = 0;
    times.forEach((t, k) => {
      value = expectedPurchasesIfAlive(params, t, xi, T);
      sum += (value - previous) * (factors[k] as number);
      previous = value;
    });
    alivePurchases.push(value);
    aliveDiscounted.push(sum);
  });
  return { x, tCal, alivePurchases, aliveDiscounted };
}

/** The same, as a table (a fit: every customer's distinct pairs, joined in bulk). */
async function insertPairs(tx: Queryable, dialect: Dialect, def: ClvModelDef, params: BgNbdParams): Promise<void> {
  const expected = expectedByPair(def, params, await tx.query<{ x: number; t_cal: number }>(`SELECT DISTINCT x, t_cal FROM ${SUMMARY}`));
  await tx.run(`DROP TABLE IF EXISTS ${PAIRS}`);
  await tx.run(`CREATE TEMP TABLE ${PAIRS} (x DOUBLE PRECISION, t_cal DOUBLE PRECISION, alive_purchases DOUBLE PRECISION, alive_discounted DOUBLE PRECISION)`);
  await insertColumns(tx, dialect, PAIRS, [
    { name: 'x', type: 'number', values: expected.x },
    { name: 't_cal', type: 'number', values: expected.tCal },
    { name: 'alive_purchases', type: 'number', values: expected.alivePurchases },
    { name: 'alive_discounted', type: 'number', values: expected.aliveDiscounted },
  ]);
  await analyzeTables(tx, dialect, PAIRS);
}

/**
 * P(alive | x, t_x, T) of the BG/NBD in SQL (1 when x = 0). The exponent is kept within ±700 so
 * that exp() never overflows, nor underflows (PostgreSQL raises an error where DuckDB returns 0);
 * below −700 the probability is 1 in doubles either way.
 */
function pAliveSql(c: Compilation, p: BgNbdParams): string {
  const [r, alpha, a, b] = [p.r, p.alpha, p.a, p.b].map((v) => c.params.value('number', v));
  const lnRatio = `ln(${a}) - ln(${b} + s.x - 1) + (${r} + s.x) * (ln(${alpha} + s.t_cal) - ln(${alpha} + s.t_x))`;
  return `CASE WHEN s.x = 0 THEN 1.0 ELSE 1.0 / (1.0 + exp(GREATEST(-700.0, LEAST(700.0, ${lnRatio})))) END`;
}

/** E[M | x, m_x] of the Gamma-Gamma in SQL: (γ + x m_x) p / (p x + q − 1); missing when p x + q ≤ 1. */
function spendSql(c: Compilation, g: GammaGammaParams): string {
  const [p, q, gamma] = [g.p, g.q, g.gamma].map((v) => c.params.value('number', v));
  const denominator = `(${p} * s.x + ${q} - 1)`;
  return `CASE WHEN ${denominator} > 0 THEN (${gamma} + CASE WHEN s.x > 0 THEN s.x * s.m_x ELSE 0 END) * ${p} / ${denominator} END`;
}

const INSERT = 'INSERT INTO model_clv (_customer, fit, run, x, t_x, t_cal, m_x, p_alive, expected_purchases, expected_spend, clv)';

/** Every customer's outputs under `fitId`, from the summary and the (x, T) pairs tables. */
function outputsSelect(c: Compilation, def: ClvModelDef, fit: ClvFitResult, fitId: number, run: number | null): string {
  const scored = `SELECT s.*, ${pAliveSql(c, fit.bgnbd)} AS p_alive, ${spendSql(c, fit.gammagamma)} AS spend FROM ${SUMMARY} s`;
  return `SELECT s._customer, ${c.params.value('integer', fitId)}, ${c.params.value('integer', run)}, s.x, s.t_x, s.t_cal, s.m_x, s.p_alive,
      s.p_alive * p.alive_purchases, s.spend, ${c.params.value('number', def.margin)} * s.spend * s.p_alive * p.alive_discounted
    FROM (${scored}) s JOIN ${PAIRS} p ON p.x = s.x AND p.t_cal = s.t_cal
    ORDER BY s._customer`; // stored by customer: a customer run reads one customer's rows without a full scan
}

async function writeOutputs(ctx: ModelContext, def: ClvModelDef, fit: ClvFitResult, fitId: number): Promise<void> {
  await insertPairs(ctx.db, ctx.dialect, def, fit.bgnbd);
  try {
    const c = modelCompilation(ctx.workspace, ctx.dialect);
    await runBound(ctx.db, c, `${INSERT} ${outputsSelect(c, def, fit, fitId, ctx.run)}`, ctx.at);
  } finally {
    await ctx.db.run(`DROP TABLE IF EXISTS ${PAIRS}`);
  }
}

/** The summary of every customer as of the context's instant, by key (tests, benchmarks). */
export async function clvSummary(ctx: Omit<ModelContext, 'run'>, def: ClvModelDef) {
  const c = modelCompilation(ctx.workspace, ctx.dialect);
  const calibration = await withOffsets(ctx.db, calibrationOf(def, ctx.at, ctx.workspace.timezone), def.event, ctx.workspace.timezone);
  return queryBound<{ _customer: string; x: number; t_x: number; t_cal: number; m_x: number | null }>(ctx.db, c, `${clvSummarySql(c, def, calibration)} ORDER BY 1`, ctx.at);
}
