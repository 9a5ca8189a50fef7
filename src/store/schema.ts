/**
 * Creates and evolves the store's tables. Two layers: Segmenta's own tables, versioned by
 * `migrations` (the version is kept in `meta`), and the user tables derived from the workspace,
 * which gain a column when a field is added. A field whose type changed is refused with advice
 * rather than converted silently.
 */
import type { Queryable, Store } from './store.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { CUSTOMER, EVENT_ID, EVENT_TYPE, IMPORT_ID, META_TABLE, RECORD_KEY, TIME, userTables, type UserTable } from './tables.js';
import { StoreError } from './store.js';
import type { Workspace } from '../workspace/types.js';
import type { Dialect } from '../dialects/dialect.js';

function fixedColumns(table: UserTable, ws: Workspace, d: Dialect): string[] {
  const q = d.quoteIdentifier;
  switch (table.kind) {
    case 'customers':
      return [`${q(CUSTOMER)} ${d.keyType} PRIMARY KEY`];
    case 'collection':
      return [`${q(CUSTOMER)} ${d.keyType} NOT NULL`, `${q(RECORD_KEY)} ${d.keyType} NOT NULL`];
    case 'events':
      return [
        `${q(CUSTOMER)} ${d.keyType} NOT NULL`,
        `${q(EVENT_TYPE)} ${d.keyType} NOT NULL`,
        `${q(TIME)} ${d.instantType} NOT NULL`,
        ...(ws.events.id !== undefined ? [`${q(EVENT_ID)} ${d.keyType} NOT NULL`] : []),
        `${q(IMPORT_ID)} BIGINT NOT NULL`,
      ];
  }
}

function tableConstraints(table: UserTable, d: Dialect): string[] {
  if (table.kind === 'collection') return [`PRIMARY KEY (${d.quoteIdentifier(CUSTOMER)}, ${d.quoteIdentifier(RECORD_KEY)})`];
  return [];
}

/** PostgreSQL names array types `ARRAY` in `data_type` and `_<element>` in `udt_name`. */
const PG_ARRAYS: Record<string, string> = { _text: 'VARCHAR[]', _varchar: 'VARCHAR[]', _float8: 'DOUBLE[]' };

async function existingColumns(db: Queryable, table: string): Promise<Map<string, string>> {
  const rows = await db.query<{ column_name: string; data_type: string; udt_name: string }>(
    `SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()`,
    [table],
  );
  return new Map(rows.map((r) => [r.column_name, r.data_type === 'ARRAY' ? (PG_ARRAYS[r.udt_name] ?? r.udt_name) : r.data_type]));
}

/** Brings the store up to this version of Segmenta and to the workspace's declarations. */
export async function ensureSchema(store: Store, ws: Workspace): Promise<void> {
  const d = store.dialect;
  await store.transaction(async (tx) => {
    await tx.run(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (key ${d.keyType} PRIMARY KEY, value ${d.keyType})`);
    const rows = await tx.query<{ value: string }>(`SELECT value FROM ${META_TABLE} WHERE key = 'schema_version'`);
    const current = rows.length === 0 ? 0 : Number(rows[0]!.value);
    if (current > SCHEMA_VERSION) {
      throw new StoreError(`the store ${store.location} was written by a newer Segmenta (schema version ${current}; this one knows ${SCHEMA_VERSION}): upgrade Segmenta`);
    }
    for (const migration of MIGRATIONS) {
      if (migration.version > current) await migration.up(tx, d);
    }
    if (current < SCHEMA_VERSION) {
      await tx.run(`DELETE FROM ${META_TABLE} WHERE key = 'schema_version'`);
      await tx.run(`INSERT INTO ${META_TABLE} VALUES ('schema_version', $1)`, [String(SCHEMA_VERSION)]);
    }
    for (const table of userTables(ws)) await ensureUserTable(tx, table, ws, d);
  });
}

/**
 * The events of one import (the customers `segmenta import` re-evaluates after it), found without
 * reading the whole table (PostgreSQL). A BRIN index: an import's rows are appended together, so
 * it keeps one small summary per range of pages, costs almost nothing to maintain, and pages added
 * since its last summary are always read, which are the latest import's.
 */
function eventsByImport(table: string, d: Dialect): string {
  return `CREATE INDEX events_by_import ON ${d.quoteIdentifier(table)} USING brin (${d.quoteIdentifier(IMPORT_ID)})`;
}

async function ensureUserTable(tx: Queryable, table: UserTable, ws: Workspace, d: Dialect): Promise<void> {
  const q = d.quoteIdentifier;
  const columns = table.columns;
  const existing = await existingColumns(tx, table.name);
  if (existing.size === 0) {
    const definitions = [
      ...fixedColumns(table, ws, d),
      ...columns.map((c) => `${q(c.name)} ${d.columnType(c.type)}`),
      ...tableConstraints(table, d),
    ];
    await tx.run(`CREATE TABLE ${q(table.name)} (${definitions.join(', ')})`);
    if (d.indexesCustomerReads && table.kind === 'events') {
      // One customer's events of a type in time order (rules, customer runs); events by id (de-duplication).
      await tx.run(`CREATE INDEX events_by_customer ON ${q(table.name)} (${q(CUSTOMER)}, ${q(EVENT_TYPE)}, ${q(TIME)})`);
      if (ws.events.id !== undefined) await tx.run(`CREATE INDEX events_by_id ON ${q(table.name)} (${q(EVENT_ID)})`);
      await tx.run(eventsByImport(table.name, d));
    }
    return;
  }
  if (d.indexesCustomerReads && table.kind === 'events') {
    // Stores created before it (checked first: CREATE INDEX IF NOT EXISTS would lock the table
    // against other processes' imports on every open).
    const [{ present }] = (await tx.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexname = 'events_by_import') AS present`,
      [table.name],
    )) as [{ present: boolean }];
    if (!present) await tx.run(eventsByImport(table.name, d));
  }
  if (table.kind === 'events' && ws.events.id !== undefined && !existing.has(EVENT_ID)) {
    throw new StoreError(`events now have an id column ("${ws.events.id}") but the store's events were imported without one: import them into a new store`);
  }
  for (const column of columns) {
    const type = existing.get(column.name);
    const wanted = d.columnType(column.type);
    if (type === undefined) {
      await tx.run(`ALTER TABLE ${q(table.name)} ADD COLUMN ${q(column.name)} ${wanted}`);
    } else if (normaliseType(type) !== normaliseType(wanted)) {
      throw new StoreError(
        `field "${column.name}" of ${table.name} is now ${column.type} but the store holds it as ${type}: rename the field, or drop the store and import again`,
      );
    }
  }
}

function normaliseType(type: string): string {
  return type
    .toUpperCase()
    .replace(' COLLATE "C"', '')
    .replace('TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ')
    .replace('CHARACTER VARYING', 'VARCHAR')
    .replace('TEXT', 'VARCHAR')
    .replace('DOUBLE PRECISION', 'DOUBLE');
}
