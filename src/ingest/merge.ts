/**
 * The merge step for customers and collection records: staged, valid rows upserted by key, the
 * last row of the file winning (workspace.md, "Imports"). Every input row ends up counted once:
 * inserted, updated, unchanged or rejected.
 */
import type { DuckDbQueryable } from '../store/duckdb-store.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, RECORD_KEY } from '../store/tables.js';
import { STAGE, type ImportEntity, type StagedField, type StagePlan } from './stage.js';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface MergeCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

const VALID = `len(_problems) = 0`;
const LATEST = '_latest';

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

async function count(db: DuckDbQueryable, sql: string): Promise<number> {
  const rows = await db.query<{ n: number }>(sql);
  return Number(rows[0]?.n ?? 0);
}

/** Keeps the last valid row of each key (a later row of the file updates an earlier one). */
async function latestByKey(db: DuckDbQueryable, keyColumn: string): Promise<void> {
  await db.run(`CREATE TEMP TABLE ${LATEST} AS SELECT * FROM ${STAGE} WHERE ${VALID}
    QUALIFY row_number() OVER (PARTITION BY ${q(keyColumn)} ORDER BY _ord DESC) = 1`);
}

async function mergeCustomers(db: DuckDbQueryable, plan: StagePlan): Promise<MergeCounts> {
  const columns = pairs(plan.fields);
  const table = q(CUSTOMERS_TABLE);
  const key = q(CUSTOMER);
  const valid = await count(db, `SELECT count(*) AS n FROM ${STAGE} WHERE ${VALID}`);
  await latestByKey(db, CUSTOMER);
  const [counts] = await db.query<{ inserted: number; updated: number }>(
    `SELECT count(*) FILTER (WHERE t.${key} IS NULL) AS inserted,
            count(*) FILTER (WHERE t.${key} IS NOT NULL AND (${differs(columns, 't', 's')})) AS updated
     FROM ${LATEST} s LEFT JOIN ${table} t ON t.${key} = s.${key}`,
  );
  if (columns.length > 0) {
    await db.run(`UPDATE ${table} AS t SET ${columns.map((c) => `${q(c.target)} = s.${q(c.stage)}`).join(', ')}
      FROM ${LATEST} s WHERE t.${key} = s.${key} AND (${differs(columns, 't', 's')})`);
  }
  await db.run(`INSERT INTO ${table} (${[key, ...columns.map((c) => q(c.target))].join(', ')})
    SELECT ${[`s.${key}`, ...columns.map((c) => `s.${q(c.stage)}`)].join(', ')} FROM ${LATEST} s
    WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = s.${key})`);
  await db.run(`DROP TABLE ${LATEST}`);
  const inserted = Number(counts!.inserted);
  const updated = Number(counts!.updated);
  return { inserted, updated, unchanged: valid - inserted - updated };
}

async function mergeRecords(db: DuckDbQueryable, plan: StagePlan, collection: string): Promise<MergeCounts> {
  const columns = pairs(plan.fields);
  const table = q(collectionTable(collection));
  const key = q(RECORD_KEY);
  const owner = q(CUSTOMER);
  const valid = await count(db, `SELECT count(*) AS n FROM ${STAGE} WHERE ${VALID}`);
  await latestByKey(db, '_key');
  const [counts] = await db.query<{ inserted: number; updated: number }>(
    `SELECT count(*) FILTER (WHERE t.${key} IS NULL) AS inserted,
            count(*) FILTER (WHERE t.${key} IS NOT NULL AND (t.${owner} <> s.${owner} OR ${differs(columns, 't', 's')})) AS updated
     FROM ${LATEST} s LEFT JOIN ${table} t ON t.${key} = s._key`,
  );
  // A record that changed owner moves: removed here, inserted below with its new owner.
  await db.run(`DELETE FROM ${table} AS t USING ${LATEST} s WHERE t.${key} = s._key AND t.${owner} <> s.${owner}`);
  if (columns.length > 0) {
    await db.run(`UPDATE ${table} AS t SET ${columns.map((c) => `${q(c.target)} = s.${q(c.stage)}`).join(', ')}
      FROM ${LATEST} s WHERE t.${key} = s._key AND t.${owner} = s.${owner} AND (${differs(columns, 't', 's')})`);
  }
  await db.run(`INSERT INTO ${table} (${[owner, key, ...columns.map((c) => q(c.target))].join(', ')})
    SELECT ${[`s.${owner}`, 's._key', ...columns.map((c) => `s.${q(c.stage)}`)].join(', ')} FROM ${LATEST} s
    WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = s._key)`);
  await db.run(`DROP TABLE ${LATEST}`);
  const inserted = Number(counts!.inserted);
  const updated = Number(counts!.updated);
  return { inserted, updated, unchanged: valid - inserted - updated };
}

export function mergeStage(db: DuckDbQueryable, entity: Exclude<ImportEntity, { kind: 'events' }>, plan: StagePlan): Promise<MergeCounts> {
  return entity.kind === 'customers' ? mergeCustomers(db, plan) : mergeRecords(db, plan, entity.id);
}
