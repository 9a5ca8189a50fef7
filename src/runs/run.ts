/**
 * A run (segmentations.md, "Runs"): every segment and segmentation of the workspace evaluated as
 * of an instant and stored atomically. The new state is computed into a temporary table by
 * set-based queries (segmentations first, then segments in dependency order, each reusing what is
 * already computed), then compared with the memberships still open: only what changed is written
 * (closed intervals and new ones). A run of a few customers does the same for those customers
 * only, with the score thresholds of the latest full run at or before its instant. Models come first (`runModels`).
 */
import { bindParams, type CompiledQuery } from '../compiler/compile-rule.js';
import { Compilation } from '../compiler/compilation.js';
import { ruleQuery } from '../compiler/conditions.js';
import { featuresQuery, segmentationColumnName, type Features } from '../compiler/features.js';
import { segmentationRow } from '../segmentations/row.js';
import { requireEverySegment, type Evaluation } from '../engine/evaluate.js';
import { segmentResolver } from '../engine/prepared-rules.js';
import { segmentationState, type CutPoint, type CutPoints } from '../segmentations/state.js';
import { mapDeferred } from '../store/statement-queue.js';
import type { Queryable, SqlValue } from '../store/store.js';
import { formatInstant } from '../time/instant.js';
import { dependencyOrder } from './segment-order.js';
import { segmentOrder } from '../segmentations/order.js';
import { refreshCustomerStatistics } from '../store/statistics.js';
import { clusterFits, fitModelsForRun, queueRescoreReads, rescoreModelsForRun, type ModelRunResult, type RescoreReads } from '../models/run-models.js';

export interface RunSummary {
  readonly run: number;
  readonly at: string;
  readonly kind: 'full' | 'customers';
  /** Segment id → members. */
  readonly segments: Record<string, number>;
  /** Segmentation id → segment → customers. */
  readonly segmentations: Record<string, Record<string, number>>;
  /** Membership rows written (intervals opened and closed): what the run cost the store. */
  readonly rowsWritten: number;
  /** Model id → the fit the run made (full runs) or used (customer runs), or why it could not. */
  readonly models: Record<string, ModelRunResult>;
}

export interface RunOptions {
  /** Re-evaluate only these customers (a customer run). */
  readonly customers?: readonly string[];
  /** Or only the customers this SQL selects (`_customer`). */
  readonly customersSql?: string;
  /**
   * A full run without its models (no fits, no clusters in the memberships; rules read the models'
   * latest earlier fits): the demo's replay uses it for the older months, to stay fast.
   */
  readonly skipModels?: boolean;
  /**
   * A scheduled run: made only if no full run of this instant exists yet, which is checked inside
   * the run's transaction, under the workspace's lock; otherwise `RunAlreadyMade` is thrown and
   * nothing is written. Two schedulers on one PostgreSQL workspace (two `segmenta serve`) then
   * make each scheduled run once, where the second would have repeated it after waiting for the
   * lock (and `transitions` would compare the run with its copy).
   */
  readonly once?: boolean;
  /** Test hook: wait this long inside the transaction before committing (to test killed runs). */
  readonly pauseBeforeCommitMs?: number;
  /** Test hook: fail after computing the state, before writing (to test failed runs). */
  readonly failBeforeCommit?: boolean;
}

/** A scheduled run (`RunOptions.once`) whose instant already has a full run: nothing was written. */
export class RunAlreadyMade extends Error {
  constructor(readonly run: number) {
    super(`a full run of this instant already exists (run ${run})`);
    this.name = 'RunAlreadyMade';
  }
}

const STATE = '_state';
const SUBSET = '_subset';
const IDENTITY = ['segment', 'r', 'f', 'm'];

async function insertState(tx: Queryable, c: Compilation, key: string, select: string, at: Date): Promise<void> {
  const keyParam = c.params.value('text', key);
  const sql = `INSERT INTO ${STATE} SELECT s._customer, ${keyParam}, s.segment, s.r, s.f, s.m, s.recency_days, s.frequency, s.monetary FROM (${select}) s`;
  await tx.run(sql, bindParams({ sql, params: c.params.sources }, { at }));
}

/**
 * Score thresholds, for each quintile-scored segmentation, of the latest full run at or before the
 * customer run's instant (the last made may be of an earlier instant: a replay of the past). None
 * before the first full run: the customer run then scores on the whole base as a full run does.
 * Queued (`Queryable.defer`).
 */
function lastCutPoints(tx: Queryable, at: Date): PromiseLike<Map<string, CutPoints>> {
  const result = tx.defer<{ segmentation: string; measure: string; score: number; value: number; customer: string | null }>(
    `SELECT segmentation, measure, score, value, customer FROM run_cutpoints
     WHERE run = (SELECT id FROM runs WHERE kind = 'full' AND run_at <= $1 ORDER BY run_at DESC, id DESC LIMIT 1)`,
    [at],
    { repeated: true },
  );
  return mapDeferred(result, ({ rows }) => {
    const cuts = new Map<string, Record<string, Record<number, CutPoint>>>();
    for (const r of rows) {
      const s = cuts.get(r.segmentation) ?? {};
      (s[r.measure] ??= {})[r.score] = r.customer === null ? { value: r.value } : { value: r.value, customer: r.customer };
      cuts.set(r.segmentation, s);
    }
    return cuts;
  });
}

/** Up to this many customers, a customer run evaluates everything in one statement with constant keys. */
const INLINE_KEYS = 100;

const NO_SCORES = `CAST(NULL AS VARCHAR) AS segment, CAST(NULL AS INTEGER) AS r, CAST(NULL AS INTEGER) AS f, CAST(NULL AS INTEGER) AS m,
  CAST(NULL AS DOUBLE PRECISION) AS recency_days, CAST(NULL AS BIGINT) AS frequency, CAST(NULL AS DOUBLE PRECISION) AS monetary`;

/**
 * The state of every segmentation, then every segment in dependency order, one statement each;
 * a segment that uses another, or a segmentation, reads what is already in the state table.
 */
async function computeStepByStep(tx: Queryable, ev: Evaluation, at: Date, subset: string | undefined, cuts: Map<string, CutPoints>): Promise<void> {
  const { workspace: ws, store } = ev;
  const computed = new Set<string>();
  const quoted = (key: string) => `'${key.replaceAll("'", "''")}'`;
  const resolver = segmentResolver(ev.rules, ws, {
    members: (id) => (computed.has(id) ? `SELECT _customer FROM ${STATE} WHERE key = ${quoted(id)}` : undefined),
    segmentation: (id) => (computed.has(id) ? `(SELECT * FROM ${STATE} WHERE key = ${quoted(id)})` : undefined),
  });
  const compilation = () => new Compilation({ workspace: ws, dialect: store.dialect, segments: resolver, ...(subset ? { subset } : {}) });
  for (const def of ws.segmentations) {
    const c = compilation();
    const cutPoints = cuts.get(def.id);
    await insertState(tx, c, def.id, segmentationState(c, def, cutPoints ? { cutPoints } : {}), at);
    computed.add(def.id);
  }
  for (const id of dependencyOrder(ev.rules.typed)) {
    const c = compilation();
    await insertState(tx, c, id, `SELECT m._customer, ${NO_SCORES} FROM (${ruleQuery(c, ev.rules.typed.get(id)!)}) m`, at);
    computed.add(id);
  }
}

const STATE_COLUMNS = ['segment', 'r', 'f', 'm', 'recency_days', 'frequency', 'monetary'];

/**
 * A few customers in one statement, their keys bound as constants so that every scan skips the
 * other customers' rows (tables are clustered by customer): one row per customer holding every
 * segmentation and every segment (compiler/features.ts, segmentations/row.ts), each source read
 * once, then unfolded into the state. Undefined when a segmentation has no per-customer form
 * (quintiles or value tiers before any full run); an empty text when there is nothing to evaluate.
 */
function customerRowsStatement(ev: Evaluation, subset: string | readonly string[], cuts: Map<string, CutPoints>): CompiledQuery | undefined {
  const { workspace: ws, store } = ev;
  const resolver = segmentResolver(ev.rules, ws, { state: (id) => (cuts.has(id) ? { cutPoints: cuts.get(id)! } : {}) });
  const c = new Compilation({ workspace: ws, dialect: store.dialect, segments: resolver, subset });
  const rules = [...ev.rules.typed.entries()];
  const flags = rules.map((_, i) => `flag${i}`);
  const segmentations = ws.segmentations.map((def) => ({ id: def.id, state: (f: Features, customer: string) => segmentationRow(c, def, (e, a, w) => f.measuresOf(e, a, w), cuts.get(def.id), customer) }));
  const row = featuresQuery(c, rules, flags, segmentations);
  if (row === undefined) return undefined;
  const ROW = '_row';
  const parts = ws.segmentations.map(
    (def, i) => `SELECT _customer, ${c.params.value('text', def.id)}, ${STATE_COLUMNS.map((column) => segmentationColumnName(i, column)).join(', ')} FROM ${ROW}`,
  );
  if (rules.length > 0) {
    const ids = c.params.value('text[]', rules.map(([id]) => id));
    parts.push(`SELECT _customer, key, ${NO_SCORES} FROM (SELECT _customer, unnest(${ids}) AS key, unnest(ARRAY[${flags.join(', ')}]) AS member FROM ${ROW}) s WHERE member`);
  }
  if (parts.length === 0) return { sql: '', params: [] };
  return { sql: `INSERT INTO ${STATE} WITH ${ROW} AS MATERIALIZED (${row}) ${parts.join('\nUNION ALL\n')}`, params: c.params.sources };
}

/**
 * The per-customer statement of each evaluation and number of keys, compiled once per process for
 * the cut points of the last full run (about 2 ms of JavaScript saved on every customer run); the
 * keys are bound at each run (`BindContext.keys`).
 */
const customerStatements = new WeakMap<Evaluation, Map<number, { cuts: string; statement: CompiledQuery | undefined }>>();

/** Evaluates a few customers into the state; false when a segmentation has no per-customer form. */
async function computeCustomerRows(tx: Queryable, ev: Evaluation, at: Date, keys: readonly string[], cuts: Map<string, CutPoints>): Promise<boolean> {
  let byCount = customerStatements.get(ev);
  if (byCount === undefined) customerStatements.set(ev, (byCount = new Map()));
  const cutsKey = JSON.stringify([...cuts.entries()]);
  let cached = byCount.get(keys.length);
  if (cached === undefined || cached.cuts !== cutsKey) {
    cached = { cuts: cutsKey, statement: customerRowsStatement(ev, keys, cuts) };
    byCount.set(keys.length, cached);
  }
  const { statement } = cached;
  if (statement === undefined) return false;
  // Queued: its rows are only read by the membership writes that follow it.
  if (statement.sql !== '') void tx.defer(statement.sql, bindParams(statement, { at, keys }), { repeated: true });
  return true;
}

/**
 * The customers of the run's subset table (an import touching many customers) in the same one
 * statement as a few customers: every source read once for all of them. 1,000 customers of
 * 100,000: 0.29 s on DuckDB and 0.23 s on PostgreSQL, against 2.9 s and 0.8 s in one statement per
 * segment and segmentation, which remains the way when a segmentation has no per-customer form.
 */
async function computeSubset(tx: Queryable, ev: Evaluation, at: Date, cuts: Map<string, CutPoints>): Promise<void> {
  const subset = `SELECT _customer FROM ${SUBSET}`;
  const statement = customerRowsStatement(ev, subset, cuts);
  if (statement === undefined) await computeStepByStep(tx, ev, at, subset, cuts);
  else if (statement.sql !== '') await tx.run(statement.sql, bindParams(statement, { at }));
}

/**
 * A few customers, when a segmentation has no per-customer form: the segmentations as set-based
 * states restricted to them (a CTE), then every segment over shared per-customer aggregates.
 */
async function computeFewCustomers(tx: Queryable, ev: Evaluation, at: Date, keys: readonly string[], cuts: Map<string, CutPoints>): Promise<void> {
  if (await computeCustomerRows(tx, ev, at, keys, cuts)) return;
  const { workspace: ws, store } = ev;
  const SEGMENTATIONS = '_segmentations';
  const quoted = (key: string) => `'${key.replaceAll("'", "''")}'`;
  const resolver = segmentResolver(ev.rules, ws, { segmentation: (id) => `(SELECT * FROM ${SEGMENTATIONS} WHERE key = ${quoted(id)})` });
  const c = new Compilation({ workspace: ws, dialect: store.dialect, segments: resolver, subset: keys });
  const parts: string[] = [];
  let segmentations = '';
  if (ws.segmentations.length > 0) {
    const states = ws.segmentations.map((def) => {
      const cutPoints = cuts.get(def.id);
      return `SELECT s._customer, ${c.params.value('text', def.id)} AS key, s.segment, s.r, s.f, s.m, s.recency_days, s.frequency, s.monetary FROM (${segmentationState(c, def, cutPoints ? { cutPoints } : {})}) s`;
    });
    segmentations = `WITH ${SEGMENTATIONS} AS MATERIALIZED (${states.join('\nUNION ALL\n')}) `;
    parts.push(`SELECT * FROM ${SEGMENTATIONS}`);
  }
  const rules = [...ev.rules.typed.entries()];
  if (rules.length > 0) {
    const ids = c.params.value('text[]', rules.map(([id]) => id));
    const flags = rules.map((_, i) => `flag${i}`);
    parts.push(`SELECT _customer, key, ${NO_SCORES} FROM (
        SELECT _customer, unnest(${ids}) AS key, unnest(ARRAY[${flags.join(', ')}]) AS member FROM (${featuresQuery(c, rules, flags)!}) flags) s
      WHERE member`);
  }
  if (parts.length === 0) return;
  const sql = `INSERT INTO ${STATE} ${segmentations}${parts.join('\nUNION ALL\n')}`;
  await tx.run(sql, bindParams({ sql, params: c.params.sources }, { at }), { repeated: true });
}

/** Evaluates and stores a run as of `at`. */
export async function runWorkspace(ev: Evaluation, at: Date, options: RunOptions = {}): Promise<RunSummary> {
  const { workspace: ws, store } = ev;
  requireEverySegment(ev);
  const partial = options.customers !== undefined || options.customersSql !== undefined;
  if (!partial) await store.clusterByCustomer();
  const keys = options.customers !== undefined && options.customersSql === undefined ? [...new Set(options.customers)] : undefined;
  // A few customers named by key: their keys inline as constants, and the same statement texts run
  // after run (so PostgreSQL keeps their plans: `repeated`), with a state table kept for the session.
  // An empty list goes the general way (an empty subset table): `IN ()` is not SQL.
  const inline = keys !== undefined && keys.length > 0 && keys.length <= INLINE_KEYS ? keys : undefined;
  const repeated = { repeated: inline !== undefined };
  // Statements whose results are not needed at once are queued (`Queryable.defer`): on PostgreSQL a
  // run of a few customers then takes 2 round trips instead of 21 (the first with the bookkeeping
  // and re-scoring reads, the second with every write and the COMMIT).
  const written = await store.transaction(async (tx) => {
    // Keys in the store's order of text (byte order on PostgreSQL too): value tiers' cut points take their greatest.
    const columns = `(_customer ${store.dialect.keyType}, key VARCHAR, segment VARCHAR, r INTEGER, f INTEGER, m INTEGER, recency_days DOUBLE PRECISION, frequency BIGINT, monetary DOUBLE PRECISION)`;
    if (partial && store.dialect.customerRunSettings) void tx.defer(store.dialect.customerRunSettings);
    if (inline) {
      // Kept for the session; emptied here, whatever the last run left in it.
      void tx.defer(`CREATE TEMP TABLE IF NOT EXISTS ${STATE} ${columns}`);
      void tx.defer(`DELETE FROM ${STATE}`, [], repeated);
    } else {
      void tx.defer(`DROP TABLE IF EXISTS ${STATE}`);
      void tx.defer(`CREATE TEMP TABLE ${STATE} ${columns}`);
    }
    if (partial && !inline) {
      // Keyed: a sub-select correlated to each customer (a model output read in the per-customer
      // statement) then looks its customer up instead of scanning the table (PostgreSQL, 10,000
      // customers of 1M: that statement 5.1 s → 2.2 s).
      await tx.run(`CREATE TEMP TABLE ${SUBSET} (_customer VARCHAR PRIMARY KEY)`);
      if (options.customersSql) await tx.run(`INSERT INTO ${SUBSET} SELECT DISTINCT _customer FROM (${options.customersSql}) k`);
      else await tx.run(`INSERT INTO ${SUBSET} SELECT DISTINCT k FROM unnest(CAST($1 AS VARCHAR[])) AS t(k)`, [options.customers!]);
      // PostgreSQL never gathers statistics on temporary tables by itself (see Dialect.analyze).
      const analyze = store.dialect.analyze(SUBSET);
      if (analyze !== undefined) await tx.run(analyze);
    }
    try {
      if (options.once && !partial) {
        const [made] = await tx.query<{ id: number }>(`SELECT id FROM runs WHERE kind = 'full' AND run_at = $1 ORDER BY id LIMIT 1`, [at]);
        if (made !== undefined) throw new RunAlreadyMade(Number(made.id));
      }
      const subset = partial ? (inline ?? `SELECT _customer FROM ${SUBSET}`) : undefined;
      // Queued, to travel with the run id's query: cut points, and what re-scoring the models reads.
      const cutPoints = partial ? lastCutPoints(tx, at) : undefined;
      const reads = subset !== undefined && !options.skipModels && ws.models.length > 0 ? queueRescoreReads(tx, store.dialect, ws, at, subset, repeated) : undefined;
      const [{ id }] = (await tx.query<{ id: number }>(`SELECT coalesce(max(id), 0) + 1 AS id FROM runs`, [], repeated)) as [{ id: number }];
      const run = Number(id);
      const cuts = cutPoints ? await cutPoints : new Map<string, CutPoints>();
      const models = options.skipModels ? {} : await runModels(tx, ev, at, run, subset, reads);
      if (inline) await computeFewCustomers(tx, ev, at, inline, cuts);
      else if (partial) await computeSubset(tx, ev, at, cuts);
      else await computeStepByStep(tx, ev, at, undefined, cuts);
      if (options.failBeforeCommit) throw new Error('run failed on purpose (test hook)');

      // Which open memberships the run may touch: all, or only those of its customers (their keys
      // as constants when few, so that the scan skips the row groups of other customers).
      const mine = (alias: string) =>
        !partial ? '' : inline ? `AND ${alias}._customer IN (${inline.map((_, i) => `CAST($${i + 2} AS VARCHAR)`).join(', ')})` : `AND ${alias}._customer IN (SELECT _customer FROM ${SUBSET})`;
      const params = [run, ...(inline ?? [])];
      // What changed, by set difference on the identity of an interval (EXCEPT treats missing
      // scores as equal, and hashes whole rows: one pass over each side instead of a join with
      // NULL-safe conditions). Intervals whose identity is gone are closed; new ones are opened.
      const identity = (alias: string) => ['_customer', 'key', ...IDENTITY].map((col) => `${alias}.${col}`).join(', ');
      const open = `SELECT ${identity('m')} FROM memberships m WHERE m.to_run IS NULL AND m.from_run < $1 ${mine('m')}`;
      const state = `SELECT ${identity('s')} FROM ${STATE} s`;
      const closed = tx.defer(
        `UPDATE memberships AS m SET to_run = $1 FROM (${open} EXCEPT ${state}) d
         WHERE m.to_run IS NULL AND m.from_run < $1 AND m._customer = d._customer AND m.key = d.key ${mine('m')}`,
        params,
        repeated,
      );
      // Ordered by customer: memberships stay clustered, so a customer's intervals are read from one row group.
      const opened = tx.defer(
        `INSERT INTO memberships SELECT d._customer, d.key, d.segment, d.r, d.f, d.m, $1, NULL
         FROM (${state} EXCEPT ${open}) d ORDER BY d._customer, d.key`,
        params,
        repeated,
      );
      void tx.defer(`INSERT INTO runs SELECT $1, $2, now(), $3, count(DISTINCT _customer) FROM ${STATE}`, [run, at, partial ? 'customers' : 'full'] as SqlValue[], repeated);
      let sizes: Array<{ key: string; segment: string | null; size: number }> = [];
      if (!partial) {
        // Customer runs then find their customers' intervals through the index (PostgreSQL).
        await refreshCustomerStatistics(tx, store.dialect, 'memberships');
        await tx.run(`INSERT INTO run_sizes SELECT $1, key, segment, count(*) FROM ${STATE} GROUP BY key, segment`, [run]);
        await storeCutPoints(tx, ev, run);
        sizes = await tx.query(`SELECT key, segment, size FROM run_sizes WHERE run = $1`, [run]);
      }
      if (options.pauseBeforeCommitMs) {
        // Everything written in the store's transaction before the pause, so that a test killing
        // the process then proves the store keeps none of it.
        await Promise.all([closed, opened]);
        process.stderr.write('pausing before commit (test hook)\n');
        await new Promise((resolve) => setTimeout(resolve, options.pauseBeforeCommitMs));
      }
      // The row counts are read after the commit, which sends the queued writes.
      return { run, sizes, models, closed, opened };
    } finally {
      if (!inline) void tx.defer(`DROP TABLE IF EXISTS ${STATE}`);
      if (partial && !inline) void tx.defer(`DROP TABLE IF EXISTS ${SUBSET}`);
    }
  });
  const rowsWritten = (await written.closed).changed + (await written.opened).changed;
  return summary(ev, written.run, at, partial ? 'customers' : 'full', written.sizes, rowsWritten, written.models);
}

/**
 * Thresholds of each score at this run, for re-evaluating a few customers later: for recency, the
 * largest value still given score k; for frequency, monetary and value-tier revenue, the smallest.
 * Value tiers also keep the last customer of each tier at that revenue (the greatest key: equal
 * revenues are ranked by key), so that a customer run at this instant changes no tier.
 */
async function storeCutPoints(tx: Queryable, ev: Evaluation, run: number): Promise<void> {
  for (const def of ev.workspace.segmentations) {
    if (def.model === 'rfm' && def.scoring.kind === 'quintiles') {
      for (const [score, measure, agg] of [['r', 'recency_days', 'max'], ['f', 'frequency', 'min'], ['m', 'monetary', 'min']] as const) {
        await tx.run(
          `INSERT INTO run_cutpoints (run, segmentation, measure, score, value) SELECT $1, $2, $3, k, (SELECT ${agg}(${measure}) FROM ${STATE} WHERE key = $2 AND ${score} >= k)
           FROM generate_series(2, 5) AS t(k) WHERE EXISTS (SELECT 1 FROM ${STATE} WHERE key = $2 AND ${score} >= k)`,
          [run, def.id, measure],
        );
      }
    }
    if (def.model === 'value_tiers') {
      await tx.run(
        `INSERT INTO run_cutpoints (run, segmentation, measure, score, value, customer)
         SELECT $1, $2, 'revenue', CASE t.segment WHEN 'A' THEN 3 ELSE 2 END, t.revenue, max(s._customer)
           FROM (SELECT segment, min(monetary) AS revenue FROM ${STATE} WHERE key = $2 AND segment IN ('A', 'B') GROUP BY segment) t
           JOIN ${STATE} s ON s.key = $2 AND s.segment = t.segment AND s.monetary = t.revenue
          GROUP BY t.segment, t.revenue`,
        [run, def.id],
      );
    }
  }
}

/**
 * The models first (src/models/run-models.ts): fitted on full runs, re-scored on customer runs;
 * the clusters of clusters models go into the state like a segmentation's segments.
 */
async function runModels(
  tx: Queryable,
  ev: Evaluation,
  at: Date,
  run: number,
  subset: string | readonly string[] | undefined,
  reads: RescoreReads | undefined,
): Promise<Record<string, ModelRunResult>> {
  if (ev.workspace.models.length === 0) return {};
  const ctx = { db: tx, dialect: ev.store.dialect, workspace: ev.workspace, at, run, repeated: Array.isArray(subset) };
  const results = subset === undefined ? await fitModelsForRun(ctx) : await rescoreModelsForRun(ctx, subset, reads);
  for (const { def, fit } of clusterFits(ev.workspace.models, results)) {
    const only = subset === undefined ? '' : typeof subset === 'string' ? `AND o._customer IN (${subset})` : `AND o._customer IN (${subset.map((_, i) => `$${i + 3}`).join(', ')})`;
    void tx.defer(
      `INSERT INTO ${STATE} SELECT o._customer, $1, o.cluster, NULL, NULL, NULL, NULL, NULL, NULL FROM model_clusters o WHERE o.fit = $2 ${only}`,
      [def.id, fit, ...(Array.isArray(subset) ? subset : [])] as SqlValue[],
      { repeated: ctx.repeated },
    );
  }
  return results;
}

function summary(
  ev: Evaluation,
  run: number,
  at: Date,
  kind: RunSummary['kind'],
  sizes: Array<{ key: string; segment: string | null; size: number }>,
  rowsWritten: number,
  models: Record<string, ModelRunResult>,
): RunSummary {
  const segments: Record<string, number> = {};
  const segmentations: Record<string, Record<string, number>> = {};
  if (kind === 'full') {
    for (const s of ev.workspace.segments) segments[s.id] = 0;
    for (const def of ev.workspace.segmentations) segmentations[def.id] = Object.fromEntries(segmentOrder(def).map((id) => [id, 0]));
    for (const row of sizes) {
      if (row.segment === null) segments[row.key] = Number(row.size);
      else (segmentations[row.key] ??= {})[row.segment] = Number(row.size);
    }
  }
  return { run, at: formatInstant(at, ev.workspace.timezone), kind, segments, segmentations, rowsWritten, models };
}

