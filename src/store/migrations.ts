/**
 * Segmenta's own tables, as a list of numbered steps. A store records the last step applied
 * (`meta.schema_version`); opening it with a newer Segmenta applies the steps it lacks, in one
 * transaction. Never edit a released step: add one.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Queryable } from './store.js';
import { IMPORTS_TABLE } from './tables.js';

export interface Migration {
  readonly version: number;
  readonly description: string;
  up(tx: Queryable, d: Dialect): Promise<void>;
}

/**
 * The tables the migrations below create, beside `meta` and the workspace's own (`userTables`):
 * kept beside them so that a migration adding a table names it here too (test/store/tables.test.ts
 * compares this list with a fresh store).
 */
export const MIGRATION_TABLES = [
  IMPORTS_TABLE,
  'runs',
  'memberships',
  'run_sizes',
  'run_cutpoints',
  'model_fits',
  'model_clv',
  'model_basket',
  'model_clusters',
  'model_rules',
  'model_rule_items',
] as const;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'import log',
    async up(tx, d) {
      await tx.run(
        `CREATE TABLE ${IMPORTS_TABLE} (
          id BIGINT PRIMARY KEY, entity ${d.keyType} NOT NULL, file ${d.keyType} NOT NULL, format ${d.keyType} NOT NULL,
          finished ${d.instantType} NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL,
          unchanged BIGINT NOT NULL, rejected BIGINT NOT NULL)`,
      );
    },
  },
  {
    version: 2,
    description: 'runs, memberships as intervals, sizes and cut points per run',
    async up(tx, d) {
      const key = d.keyType;
      await tx.run(`CREATE TABLE runs (id BIGINT PRIMARY KEY, run_at ${d.instantType} NOT NULL, created ${d.instantType} NOT NULL, kind ${key} NOT NULL, customers BIGINT NOT NULL)`);
      // A customer is in a segment (segment NULL) or in a segment of a segmentation, with its
      // scores, from run from_run (included) until run to_run (excluded; NULL while it lasts).
      await tx.run(
        `CREATE TABLE memberships (_customer ${key} NOT NULL, key ${key} NOT NULL, segment ${key}, r INTEGER, f INTEGER, m INTEGER,
          from_run BIGINT NOT NULL, to_run BIGINT)`,
      );
      await tx.run(`CREATE TABLE run_sizes (run BIGINT NOT NULL, key ${key} NOT NULL, segment ${key}, size BIGINT NOT NULL)`);
      await tx.run(`CREATE TABLE run_cutpoints (run BIGINT NOT NULL, segmentation ${key} NOT NULL, measure ${key} NOT NULL, score INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL)`);
    },
  },
  {
    version: 3,
    description: 'memberships keyed by customer (Citus distribution column first); indexes where the store reads by index',
    async up(tx, d) {
      if (!d.indexesCustomerReads) return;
      // A run writes at most one interval per customer and key, so (customer, key, from_run) is unique.
      await tx.run(`ALTER TABLE memberships ADD PRIMARY KEY (_customer, key, from_run)`);
      await tx.run(`CREATE INDEX memberships_open ON memberships (_customer, key) WHERE to_run IS NULL`);
      await tx.run(`CREATE INDEX memberships_by_run ON memberships (from_run)`);
      await tx.run(`CREATE INDEX run_sizes_by_run ON run_sizes (run)`);
    },
  },
  // Version 3 is main's (added on the PostgreSQL branch at the same time); the models take 4, so that
  // stores already at main's version 3 get them too. A store at 2 applies 4 here, and 3 and 4 once merged.
  {
    version: 4,
    description: 'models: fits, per-customer outputs of CLV, basket analysis and clusters, association rules',
    async up(tx, d) {
      const key = d.keyType;
      const num = 'DOUBLE PRECISION';
      const list = d.columnType('list<string>');
      // One row per fit: of `segmenta model fit` (run NULL) or of a full run. `result` is the JSON of
      // the fit (parameters, and what `model fit --json` prints).
      await tx.run(
        `CREATE TABLE model_fits (id BIGINT PRIMARY KEY, model ${key} NOT NULL, kind ${key} NOT NULL, run BIGINT,
          fit_at ${d.instantType} NOT NULL, created ${d.instantType} NOT NULL, result ${key} NOT NULL)`,
      );
      // Per-customer outputs of a fit; `run` is the run that last computed the row (a customer run
      // re-scores its customers with the fit's parameters).
      await tx.run(
        `CREATE TABLE model_clv (_customer ${key} NOT NULL, fit BIGINT NOT NULL, run BIGINT, x BIGINT NOT NULL, t_x ${num} NOT NULL,
          t_cal ${num} NOT NULL, m_x ${num}, p_alive ${num}, expected_purchases ${num}, expected_spend ${num}, clv ${num},
          PRIMARY KEY (_customer, fit))`,
      );
      await tx.run(
        `CREATE TABLE model_basket (_customer ${key} NOT NULL, fit BIGINT NOT NULL, run BIGINT, favourite_category ${key},
          suggestions ${list}, PRIMARY KEY (_customer, fit))`,
      );
      await tx.run(`CREATE TABLE model_clusters (_customer ${key} NOT NULL, fit BIGINT NOT NULL, run BIGINT, cluster ${key} NOT NULL, PRIMARY KEY (_customer, fit))`);
      await tx.run(
        `CREATE TABLE model_rules (fit BIGINT NOT NULL, rule INTEGER NOT NULL, antecedent ${list} NOT NULL, consequent ${key} NOT NULL,
          support ${num} NOT NULL, confidence ${num} NOT NULL, lift ${num} NOT NULL, PRIMARY KEY (fit, rule))`,
      );
      await tx.run(`CREATE TABLE model_rule_items (fit BIGINT NOT NULL, rule INTEGER NOT NULL, item ${key} NOT NULL, PRIMARY KEY (fit, rule, item))`);
    },
  },
  {
    version: 5,
    description: 'full runs found by instant without reading every customer run',
    async up(tx, d) {
      if (!d.indexesCustomerReads) return;
      // Every customer run reads the cut points of the latest full run at or before its instant;
      // customer runs accumulate (one per import or event), full runs are a few a month.
      await tx.run(`CREATE INDEX runs_full_by_instant ON runs (run_at, id) WHERE kind = 'full'`);
    },
  },
  {
    version: 6,
    description: 'PostgreSQL: text compared and ordered byte by byte (COLLATE "C"), as in DuckDB, whatever the database collation',
    async up(tx, d) {
      if (d.name !== 'postgres') return;
      // Stores made before: every text column of the store's schema (Segmenta's tables and the
      // workspace's). New stores are created so (the dialect's text types); their list is empty.
      // One statement a table, so that each of its indexes is rebuilt once (the rows are not rewritten).
      const tables = await tx.query<{ table_name: string; alterations: string }>(
        `SELECT c.relname AS table_name,
                string_agg(format('ALTER COLUMN %I TYPE %s COLLATE "C"', a.attname, CASE WHEN a.atttypid = 'text[]'::regtype THEN 'TEXT[]' ELSE 'TEXT' END), ', ' ORDER BY a.attnum) AS alterations
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            AND a.atttypid IN ('text'::regtype, 'text[]'::regtype) AND a.attcollation <> 'pg_catalog."C"'::regcollation
          GROUP BY c.relname ORDER BY 1`,
      );
      for (const t of tables) await tx.run(`ALTER TABLE ${d.quoteIdentifier(t.table_name)} ${t.alterations}`);
    },
  },
  {
    version: 7,
    description: 'value-tier cut points keep the last customer of each tier at its lowest revenue',
    async up(tx, d) {
      // Equal revenues are split between tiers by key; without the key, a customer run put every
      // customer at the cut revenue in the higher tier. Rows of earlier runs keep NULL (that reading).
      await tx.run(`ALTER TABLE run_cutpoints ADD COLUMN IF NOT EXISTS customer ${d.keyType}`);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
