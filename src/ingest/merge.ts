/**
 * The merge step: staged, valid rows into the store's tables, idempotently (workspace.md, "Imports").
 * Customers and records are upserted by key (the last row of the file wins); events are
 * de-duplicated by id, or by all their values, within the file and against the store.
 * Every input row ends up counted once: inserted, updated, unchanged or rejected.
 */
import type { Workspace } from '../workspace/types.js';
import type { DuckDbQueryable } from '../store/duckdb-store.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, EVENT_ID, eventTable, RECORD_KEY, TIME } from '../store/tables.js';
import { STAGE, type ImportEntity, type StagedField, type StagePlan } from './stage.js';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

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
  const columns = pairs(plan.fields.get(CUSTOMERS_TABLE)!);
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
  const columns = pairs(plan.fields.get(collection)!);
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

/**
 * Events are facts: never updated. With ids, the first row of an id is kept and ids already stored
 * are skipped. Without ids, an event is all its values: `EXCEPT` removes duplicates within the file
 * and events already stored (comparing missing values as equal), looking only at stored events in
 * the time span of the file.
 */
async function mergeEvents(db: DuckDbQueryable, ws: Workspace, plan: StagePlan): Promise<MergeCounts> {
  const valid = await count(db, `SELECT count(*) AS n FROM ${STAGE} WHERE ${VALID}`);
  let inserted = 0;
  const withId = ws.events.id !== undefined;
  for (const eventType of ws.events.types) {
    const columns = pairs(plan.fields.get(eventType.id)!);
    const table = q(eventTable(eventType.id));
    const fixed = [CUSTOMER, TIME, ...(withId ? [EVENT_ID] : [])];
    const targetColumns = [...fixed.map(q), ...columns.map((c) => q(c.target))].join(', ');
    const stageColumns = [q(CUSTOMER), '_time', ...(withId ? ['_id'] : []), ...columns.map((c) => q(c.stage))].join(', ');
    const ofType = `${VALID} AND _type = ${literal(eventType.id)}`;
    if (withId) {
      inserted += await db.run(`INSERT INTO ${table} (${targetColumns})
        SELECT ${stageColumns} FROM (SELECT * FROM ${STAGE} WHERE ${ofType} QUALIFY row_number() OVER (PARTITION BY _id ORDER BY _ord) = 1) s
        WHERE NOT EXISTS (SELECT 1 FROM ${table} e WHERE e.${q(EVENT_ID)} = s._id)`);
    } else {
      const span = `(SELECT min(_time) FROM ${STAGE} WHERE ${ofType}) AND (SELECT max(_time) FROM ${STAGE} WHERE ${ofType})`;
      inserted += await db.run(`INSERT INTO ${table} (${targetColumns})
        SELECT ${stageColumns} FROM ${STAGE} WHERE ${ofType}
        EXCEPT
        SELECT ${targetColumns} FROM ${table} WHERE ${q(TIME)} BETWEEN ${span}`);
    }
  }
  return { inserted, updated: 0, unchanged: valid - inserted };
}

export function mergeStage(db: DuckDbQueryable, ws: Workspace, entity: ImportEntity, plan: StagePlan): Promise<MergeCounts> {
  switch (entity.kind) {
    case 'customers':
      return mergeCustomers(db, plan);
    case 'collection':
      return mergeRecords(db, plan, entity.id);
    case 'events':
      return mergeEvents(db, ws, plan);
  }
}
