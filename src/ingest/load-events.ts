/**
 * Events are loaded in place: one scan of the file writes every readable row straight into the
 * `events` table, tagged with the import's id. Rows that fail a check are tagged with the negated
 * id instead (cheap: one boolean per row), then explained by a second, numbered scan that runs
 * only when something failed, and removed before the transaction commits. Unknown customers and
 * duplicates are found afterwards with set queries on the loaded rows. A 30M-row file is thus
 * parsed once and written once, which is what DuckDB's own `read_csv` into a table costs.
 */
import type { FieldDef, Workspace } from '../workspace/types.js';
import type { DuckDbQueryable } from '../store/duckdb-store.js';
import { CUSTOMER, CUSTOMERS_TABLE, EVENT_ID, EVENT_TYPE, EVENTS_TABLE, IMPORT_ID, propertyColumn, TIME } from '../store/tables.js';
import { anyFails, failures, guarded, literal, nulCheck, reasonsText, scalarValue, shapeChecks, typedField, type Check } from './field-values.js';
import { addReaderRejects, REJECTS } from './rejects.js';
import type { Source } from './source.js';
import { keyValue, requireColumn, withRecordChecks } from './stage.js';
import { eventIdentity, sameEvent } from './event-identity.js';
import { q } from './sql-names.js';

export interface EventCounts {
  readonly inserted: number;
  readonly unchanged: number;
}

interface EventPlan {
  /** Target columns and the SQL of their values, over the scan aliased `src`. */
  readonly columns: ReadonlyArray<{ name: string; sql: string }>;
  /** Checks done while loading. */
  readonly checks: readonly Check[];
  /** The customer key expression (checked against customers after loading). */
  readonly customer: string;
}

function planEvents(ws: Workspace, source: Source, file: string): EventPlan {
  const ev = ws.events;
  requireColumn(source, ev.customer, 'the customer of each event', file);
  requireColumn(source, ev.type, 'the event type', file);
  requireColumn(source, ev.time, 'the event time', file);
  if (ev.id !== undefined) requireColumn(source, ev.id, 'the event id', file);
  const customer = keyValue(source, ev.customer);
  const type = keyValue(source, ev.type);
  const time = scalarValue('timestamp', source.text(ev.time), ev.time);
  const known = ev.types.map((t) => t.id);
  const checks: Check[] = [
    ...[ev.customer, ev.type, ev.time, ...(ev.id !== undefined ? [ev.id] : [])].flatMap((c) => shapeChecks(source, c, 'value')),
    { condition: `(${customer} IS NULL)`, column: ev.customer, reason: 'missing customer key' },
    { condition: `(${type} IS NULL)`, column: ev.type, reason: 'missing event type' },
    { condition: `(${type} NOT IN (${known.map(literal).join(', ') || "''"}))`, column: ev.type, reason: `unknown event type (known: ${known.join(', ')})`, value: type },
    { condition: `(${source.text(ev.time)} IS NULL)`, column: ev.time, reason: 'missing time' },
    ...time.checks,
  ];
  const columns = [
    { name: CUSTOMER, sql: `coalesce(${customer}, '')` },
    { name: EVENT_TYPE, sql: `coalesce(${type}, '')` },
    { name: TIME, sql: `coalesce(${time.sql}, TIMESTAMPTZ '-infinity')` },
  ];
  if (ev.id !== undefined) {
    const id = keyValue(source, ev.id);
    checks.push({ condition: `(${id} IS NULL)`, column: ev.id, reason: 'missing event id' }, nulCheck(id, ev.id));
    columns.push({ name: EVENT_ID, sql: `coalesce(${id}, '')` });
  }
  // A source column read by one event type only is stored as is (other types leave it empty in
  // practice, and rules always read a property with its type); one shared by several types is
  // stored for each type on that type's rows only.
  const readers = new Map<string, number>();
  for (const t of ev.types) for (const p of t.properties) for (const c of sourceColumns(p)) readers.set(c, (readers.get(c) ?? 0) + 1);
  for (const eventType of ev.types) {
    const ofType = `(${type} = ${literal(eventType.id)})`;
    for (const property of eventType.properties) {
      const typed = typedField(property, source);
      const shared = sourceColumns(property).some((c) => (readers.get(c) ?? 0) > 1);
      for (const column of typed.columns) {
        const name = propertyColumn(eventType.id, column.name);
        columns.push({ name, sql: shared ? `CASE WHEN ${ofType} THEN ${column.sql} END` : column.sql });
      }
      checks.push(...guarded(typed.checks, ofType));
    }
  }
  return { columns, checks: withRecordChecks(source, checks), customer };
}

function sourceColumns(field: FieldDef): string[] {
  return field.type === 'geopoint' ? [field.latColumn!, field.lonColumn!] : [field.column];
}

async function count(db: DuckDbQueryable, sql: string, params: readonly number[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return Number(row?.n ?? 0);
}

/**
 * Makes sure the `customers` table of `db` knows which of the keys selected by `keysSql` (a query
 * on `db` with the given parameters) are customers. A no-op when `db` is the store itself; a
 * scratch database reading a file for another store learns them from that store.
 */
export type CustomerResolver = (db: DuckDbQueryable, keysSql: string, params: readonly unknown[]) => Promise<void>;

/** Loads the events of `source` under `importId`; rejected rows go to the `_rejects` table. */
export async function loadEvents(
  db: DuckDbQueryable,
  ws: Workspace,
  source: Source,
  file: string,
  importId: number,
  onProgress?: (fraction: number) => void,
  resolveCustomers?: CustomerResolver,
): Promise<EventCounts> {
  const plan = planEvents(ws, source, file);
  const events = q(EVENTS_TABLE);
  const imported = q(IMPORT_ID);
  const ok = `NOT (${anyFails(plan.checks)})`;
  // Events already stored are skipped while loading rather than deleted afterwards: deleting
  // rows of a large uncommitted insert makes DuckDB re-append all of them at commit.
  const priorEvents = (await count(db, `SELECT count(*) AS n FROM (SELECT 1 FROM ${events} LIMIT 1)`)) > 0;
  const load = `INSERT INTO ${events} (${[...plan.columns.map((c) => q(c.name)), imported].join(', ')})
     SELECT ${[...plan.columns.map((c) => `s.${q(c.name)}`), `s.${imported}`].join(', ')} FROM (
       SELECT ${[...plan.columns.map((c) => `${c.sql} AS ${q(c.name)}`), `CASE WHEN ${ok} THEN ${importId} ELSE ${-importId} END AS ${imported}`].join(',\n         ')}
       FROM ${source.from}) AS s
     ${priorEvents ? `WHERE NOT (s.${imported} > 0 AND EXISTS (SELECT 1 FROM ${events} o WHERE ${sameEvent(ws, 'o', 's', (c) => plan.columns.some((p) => p.name === c))}))` : ''}`;
  const landed = onProgress ? await db.runWithProgress(load, source.params, onProgress) : await db.run(load, source.params);
  await addReaderRejects(db, source);
  // Rows skipped as already stored: the records the load read less those it loaded (the reader's
  // rejects are in neither).
  const alreadyStored = priorEvents ? (await count(db, `SELECT count(${source.records}) AS n FROM ${source.from}`, source.params as never)) - landed : 0;

  // What failed: rows tagged while loading, and rows whose customer is unknown (looked up once
  // per distinct customer of the file, then counted row by row only if there are any).
  const failed = await count(db, `SELECT count(*) AS n FROM ${events} WHERE ${imported} = $1`, [-importId]);
  await resolveCustomers?.(db, `SELECT DISTINCT ${q(CUSTOMER)} FROM ${events} WHERE ${imported} = ${importId}`, []);
  // NOT IN is DuckDB's fastest anti-join here (2.5x NOT EXISTS on 5M rows); keys are never NULL.
  const unknownCustomer = `e.${q(CUSTOMER)} NOT IN (SELECT ${q(CUSTOMER)} FROM ${q(CUSTOMERS_TABLE)})`;
  const unknownCustomers = await count(
    db,
    `SELECT count(*) AS n FROM (SELECT DISTINCT ${q(CUSTOMER)} FROM ${events} WHERE ${imported} = $1) e WHERE ${unknownCustomer}`,
    [importId],
  );
  const orphans = unknownCustomers === 0 ? 0 : await count(db, `SELECT count(*) AS n FROM ${events} e WHERE ${imported} = $1 AND ${unknownCustomer}`, [importId]);
  if (failed + orphans > 0) {
    const checks = [
      ...plan.checks,
      ...withRecordChecks(source, [
        { condition: `(${plan.customer} IS NOT NULL AND c.${q(CUSTOMER)} IS NULL)`, column: ws.events.customer, reason: 'unknown customer', value: plan.customer },
      ]).slice(source.recordBroken === 'false' ? 0 : 1),
    ];
    // A second, numbered scan explains the rows that failed (the same checks, so the same rows).
    await db.run(
      `INSERT INTO ${REJECTS}
       SELECT ${source.lineOf('ord')}, p[1]."column", ${reasonsText('p')}, raw FROM (
         SELECT src.ordinality AS ord, ${failures(checks)} AS p, CASE WHEN len(p) > 0 THEN ${source.raw} END AS raw
         FROM ${source.numberedFrom} LEFT JOIN ${q(CUSTOMERS_TABLE)} c ON c.${q(CUSTOMER)} = ${plan.customer}
       ) WHERE len(p) > 0`,
      source.params,
    );
    await db.run(`DELETE FROM ${events} WHERE ${imported} = $1`, [-importId]);
    await db.run(`DELETE FROM ${events} e WHERE ${imported} = $1 AND ${unknownCustomer}`, [importId]);
  }
  const valid = landed - failed - orphans;
  const duplicates = await removeDuplicates(db, ws, importId);
  return { inserted: valid - duplicates, unchanged: duplicates + alreadyStored };
}

/**
 * Events are facts, never updated: one seen earlier in the same file is dropped (those already
 * stored were skipped while loading). Identity is the id when the workspace declares one, else all
 * the event's values (missing values equal; event-identity.ts). Candidates are found by hash first so that the exact
 * comparison only touches the few rows that may be duplicates; the first occurrence is kept.
 */
async function removeDuplicates(db: DuckDbQueryable, ws: Workspace, importId: number): Promise<number> {
  const events = q(EVENTS_TABLE);
  const imported = q(IMPORT_ID);
  const coarse = ws.events.id !== undefined ? [EVENT_ID] : [CUSTOMER, EVENT_TYPE, TIME];
  const coarseHash = `hash(${coarse.map(q).join(', ')})`;
  let removed = 0;

  // One pass finds the (few) hashes seen more than once; only their rows are compared exactly.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _repeated AS SELECT h FROM (SELECT ${coarseHash} AS h FROM ${events} WHERE ${imported} = $1) GROUP BY h HAVING count(*) > 1`,
    [importId],
  );
  const repeated = await count(db, `SELECT count(*) AS n FROM _repeated`);
  if (repeated > 0) {
    removed += await db.run(
      `DELETE FROM ${events} WHERE rowid IN (
         SELECT rowid FROM ${events} WHERE ${imported} = $1 AND ${coarseHash} IN (SELECT h FROM _repeated)
         QUALIFY row_number() OVER (PARTITION BY ${eventIdentity(ws).join(', ')} ORDER BY rowid) > 1)`,
      [importId],
    );
  }
  await db.run(`DROP TABLE _repeated`);

  return removed;
}
