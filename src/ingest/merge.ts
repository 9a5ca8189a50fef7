/**
 * The merge step for customers and collection records: staged, valid rows upserted by key, the
 * last row of the file winning (workspace.md, "Imports"). Every input row ends up counted once:
 * inserted, updated, unchanged or rejected. New rows are inserted in key order, so that one
 * customer's rows stay together (see `Store.clusterByCustomer`).
 */
import type { DuckDbQueryable } from '../store/duckdb-store.js';
import type { Queryable } from '../store/store.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, RECORD_KEY } from '../store/tables.js';
import { STAGE, type ImportEntity, type StagedField, type StagePlan } from './stage.js';
import { customerRunVerdict } from '../runs/customer-run-limit.js';
import { q } from './sql-names.js';

export interface MergeCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * The customers whose data a merge changed (inserted or updated customers; owners, old and new, of
 * inserted, updated or moved records): their number, and their keys when few enough for a
 * customer run to re-evaluate them at once (`customerRunVerdict`), else none. Not looked for before
 * the first full run (`'no-full-run'`): there is nothing to re-evaluate yet, and first imports are
 * the large ones.
 */
export type ChangedCustomers = { readonly count: number; readonly keys?: readonly string[] } | 'no-full-run';

export interface MergeResult extends MergeCounts {
  readonly changed: ChangedCustomers;
}

const VALID = `len(_problems) = 0`;
export const LATEST = '_latest';

export type MergeEntity = Exclude<ImportEntity, { kind: 'events' }>;

interface ColumnPair {
  readonly target: string;
  readonly stage: string;
}

function pairs(fields: readonly StagedField[]): ColumnPair[] {
  return fields.flatMap((f) => f.typed.columns.map((c, i) => ({ target: c.name, stage: f.stageColumns[i]! })));
}

function differs(columns: readonly ColumnPair[], t: string, s: string): string {
  if (columns.length === 0) return 'false';
  return columns.map((c) => `${t}.${q(c.target)} IS DISTINCT FROM ${s}.${q(c.stage)}`).join(' OR ');
}

async function count(db: Queryable, sql: string): Promise<number> {
  const rows = await db.query<{ n: number }>(sql);
  return Number(rows[0]?.n ?? 0);
}

/**
 * On the DuckDB session that read the file: the number of valid staged rows, and `_latest`, the
 * last valid row of each key (a later row of the file updates an earlier one).
 */
export async function latestByKey(db: DuckDbQueryable, entity: MergeEntity): Promise<number> {
  const valid = await count(db, `SELECT count(*) AS n FROM ${STAGE} WHERE ${VALID}`);
  const key = entity.kind === 'customers' ? CUSTOMER : '_key';
  await db.run(`CREATE TEMP TABLE ${LATEST} AS SELECT * EXCLUDE (_ord, _problems, _raw) FROM ${STAGE} WHERE ${VALID}
    QUALIFY row_number() OVER (PARTITION BY ${q(key)} ORDER BY _ord DESC) = 1`);
  return valid;
}

/**
 * \`_latest\` as the target table holds it: \`_customer\` (and \`_key\`) and the staged columns, typed
 * as the target's columns. Made in the store that receives the rows (PostgreSQL fills it by COPY).
 */
export function latestLike(entity: MergeEntity, plan: StagePlan): string {
  const table = q(entity.kind === 'customers' ? CUSTOMERS_TABLE : collectionTable(entity.id));
  const keys = entity.kind === 'customers' ? [`t.${q(CUSTOMER)}`] : [`t.${q(CUSTOMER)}`, `t.${q(RECORD_KEY)} AS _key`];
  const columns = pairs(plan.fields).map((c) => `t.${q(c.target)} AS ${q(c.stage)}`);
  return `CREATE TEMP TABLE ${LATEST} AS SELECT ${[...keys, ...columns].join(', ')} FROM ${table} t WHERE false`;
}

/** The staged column names of `_latest`, in the order of `latestLike`. */
export function latestColumns(entity: MergeEntity, plan: StagePlan): string[] {
  return [CUSTOMER, ...(entity.kind === 'customers' ? [] : ['_key']), ...pairs(plan.fields).map((c) => c.stage)];
}

async function applyCustomers(db: Queryable, plan: StagePlan, valid: number): Promise<MergeResult> {
  const columns = pairs(plan.fields);
  const table = q(CUSTOMERS_TABLE);
  const key = q(CUSTOMER);
  const [counts] = await db.query<{ inserted: number; updated: number }>(
    `SELECT count(*) FILTER (WHERE t.${key} IS NULL) AS inserted,
            count(*) FILTER (WHERE t.${key} IS NOT NULL AND (${differs(columns, 't', 's')})) AS updated
     FROM ${LATEST} s LEFT JOIN ${table} t ON t.${key} = s.${key}`,
  );
  const changed = await changedCustomers(
    db,
    `SELECT s.${key} AS k FROM ${LATEST} s LEFT JOIN ${table} t ON t.${key} = s.${key} WHERE t.${key} IS NULL OR ${differs(columns, 't', 's')}`,
    Number(counts!.inserted) + Number(counts!.updated),
    true,
  );
  if (columns.length > 0) {
    await db.run(`UPDATE ${table} AS t SET ${columns.map((c) => `${q(c.target)} = s.${q(c.stage)}`).join(', ')}
      FROM ${LATEST} s WHERE t.${key} = s.${key} AND (${differs(columns, 't', 's')})`);
  }
  await db.run(`INSERT INTO ${table} (${[key, ...columns.map((c) => q(c.target))].join(', ')})
    SELECT ${[`s.${key}`, ...columns.map((c) => `s.${q(c.stage)}`)].join(', ')} FROM ${LATEST} s
    WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = s.${key}) ORDER BY s.${key}`);
  const inserted = Number(counts!.inserted);
  const updated = Number(counts!.updated);
  return { inserted, updated, unchanged: valid - inserted - updated, changed };
}

async function applyRecords(db: Queryable, plan: StagePlan, collection: string, valid: number): Promise<MergeResult> {
  const columns = pairs(plan.fields);
  const table = q(collectionTable(collection));
  const key = q(RECORD_KEY);
  const owner = q(CUSTOMER);
  const [counts] = await db.query<{ inserted: number; updated: number }>(
    `SELECT count(*) FILTER (WHERE t.${key} IS NULL) AS inserted,
            count(*) FILTER (WHERE t.${key} IS NOT NULL AND (t.${owner} <> s.${owner} OR ${differs(columns, 't', 's')})) AS updated
     FROM ${LATEST} s LEFT JOIN ${table} t ON t.${key} = s._key`,
  );
  const changed = await changedCustomers(
    db,
    `SELECT s.${owner} AS k FROM ${LATEST} s LEFT JOIN ${table} t ON t.${key} = s._key
       WHERE t.${key} IS NULL OR t.${owner} <> s.${owner} OR ${differs(columns, 't', 's')}
     UNION SELECT t.${owner} FROM ${LATEST} s JOIN ${table} t ON t.${key} = s._key WHERE t.${owner} <> s.${owner}`,
    Number(counts!.inserted) + Number(counts!.updated),
    false,
  );
  // A record that changed owner moves: removed here, inserted below with its new owner.
  await db.run(`DELETE FROM ${table} AS t USING ${LATEST} s WHERE t.${key} = s._key AND t.${owner} <> s.${owner}`);
  if (columns.length > 0) {
    await db.run(`UPDATE ${table} AS t SET ${columns.map((c) => `${q(c.target)} = s.${q(c.stage)}`).join(', ')}
      FROM ${LATEST} s WHERE t.${key} = s._key AND t.${owner} = s.${owner} AND (${differs(columns, 't', 's')})`);
  }
  await db.run(`INSERT INTO ${table} (${[owner, key, ...columns.map((c) => q(c.target))].join(', ')})
    SELECT ${[`s.${owner}`, 's._key', ...columns.map((c) => `s.${q(c.stage)}`)].join(', ')} FROM ${LATEST} s
    WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = s._key) ORDER BY s.${owner}, s._key`);
  const inserted = Number(counts!.inserted);
  const updated = Number(counts!.updated);
  return { inserted, updated, unchanged: valid - inserted - updated, changed };
}

/**
 * The customers `sql` selects (`k`, before the merge writes), given the number of rows the merge
 * inserts or updates (which is their number when each row is a customer): how many, and their keys
 * when a customer run would take them.
 */
async function changedCustomers(db: Queryable, sql: string, changedRows: number, rowPerCustomer: boolean): Promise<ChangedCustomers> {
  if (changedRows === 0) return { count: 0, keys: [] };
  const verdict = await customerRunVerdict(db, async () =>
    rowPerCustomer ? changedRows : Number((await db.query<{ n: number }>(`SELECT count(DISTINCT k) AS n FROM (${sql}) c`))[0]!.n),
  );
  if (!verdict.take) return verdict.reason === 'no-full-run' ? 'no-full-run' : { count: verdict.count };
  const keys = await db.query<{ k: string }>(`SELECT DISTINCT k FROM (${sql}) c ORDER BY k`);
  return { count: verdict.count, keys: keys.map((r) => r.k) };
}

/** Upserts `_latest` into the target table of `db` (portable SQL), then drops it; `valid` counts the file's valid rows. */
export async function applyLatest(db: Queryable, entity: MergeEntity, plan: StagePlan, valid: number): Promise<MergeResult> {
  try {
    return entity.kind === 'customers' ? await applyCustomers(db, plan, valid) : await applyRecords(db, plan, entity.id, valid);
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${LATEST}`);
  }
}

/** Both steps on one DuckDB store: the file was read into the store's own session. */
export async function mergeStage(db: DuckDbQueryable, entity: MergeEntity, plan: StagePlan): Promise<MergeResult> {
  return applyLatest(db, entity, plan, await latestByKey(db, entity));
}
