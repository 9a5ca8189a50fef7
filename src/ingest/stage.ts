/**
 * Staging for customers and collection records: one scan of the file into a temporary table with,
 * per record, its ordinal, keys, typed values and failed checks. Unknown owners are found in the
 * same scan by a join with the customers table. (Events, far more numerous, are loaded in place
 * instead: see load-events.ts.)
 */
import type { Workspace } from '../workspace/types.js';
import { CUSTOMERS_TABLE, CUSTOMER } from '../store/tables.js';
import { failures, guarded, nulCheck, shapeChecks, typedField, type Check, type TypedField } from './field-values.js';
import { ImportError } from './import-error.js';
import type { Source } from './source.js';
import { q } from './sql-names.js';

export const STAGE = '_stage';

export type ImportEntity = { kind: 'customers' } | { kind: 'collection'; id: string } | { kind: 'events' };

export interface StagedField {
  readonly typed: TypedField;
  /** Column names in the staging table, one per stored column. */
  readonly stageColumns: readonly string[];
}

export interface StagePlan {
  /** The CREATE statement (parameters: the source's). */
  readonly sql: string;
  readonly fields: readonly StagedField[];
  /** Collections: SQL of the owning customer's key over the source, to learn which owners exist. */
  readonly parentKeys?: string;
}

/** A key column: trimmed text, NULL when empty. */
export function keyValue(source: Source, column: string): string {
  return source.text(column);
}

export function requireColumn(source: Source, column: string, role: string, file: string): void {
  if (!source.columns.includes(column)) {
    throw new ImportError(`${file} has no column "${column}" (${role}); its columns are: ${source.columns.join(', ')}`);
  }
}

/**
 * The checks of a record: first whether the record is usable at all (an NDJSON line that is not a
 * JSON object), then, only for usable records, the checks of its values.
 */
export function withRecordChecks(source: Source, checks: readonly Check[]): Check[] {
  if (source.recordBroken === 'false') return [...checks];
  return [{ condition: source.recordBroken, column: '', reason: '', reasonSql: source.recordProblem }, ...guarded(checks, `NOT (${source.recordBroken})`)];
}

/** Builds the staging statement for customers or a collection. */
export function planStage(ws: Workspace, entity: Exclude<ImportEntity, { kind: 'events' }>, source: Source, file: string): StagePlan {
  const base = [`src.ordinality AS _ord`];
  const checks: Check[] = [];
  let joins = '';
  let typed: TypedField[];

  if (entity.kind === 'customers') {
    requireColumn(source, ws.customers.key, 'the customer key', file);
    const k = keyValue(source, ws.customers.key);
    base.push(`${k} AS ${q(CUSTOMER)}`);
    checks.push(...shapeChecks(source, ws.customers.key, 'value'), { condition: `${k} IS NULL`, column: ws.customers.key, reason: 'missing customer key' }, nulCheck(k, ws.customers.key));
    typed = ws.customers.fields.map((f) => typedField(f, source));
  } else {
    const collection = ws.collections.find((c) => c.id === entity.id)!;
    requireColumn(source, collection.key, `the key of ${collection.id}`, file);
    requireColumn(source, collection.parent, 'the owning customer', file);
    const k = keyValue(source, collection.key);
    const parent = keyValue(source, collection.parent);
    base.push(`${k} AS _key`, `${parent} AS ${q(CUSTOMER)}`);
    checks.push(...shapeChecks(source, collection.key, 'value'), ...shapeChecks(source, collection.parent, 'value'));
    checks.push({ condition: `${k} IS NULL`, column: collection.key, reason: `missing ${collection.id} key` }, nulCheck(k, collection.key));
    checks.push({ condition: `${parent} IS NULL`, column: collection.parent, reason: 'missing customer key' });
    checks.push({ condition: `(${parent} IS NOT NULL AND c.${q(CUSTOMER)} IS NULL)`, column: collection.parent, reason: 'unknown customer', value: parent });
    joins = `LEFT JOIN ${q(CUSTOMERS_TABLE)} c ON c.${q(CUSTOMER)} = ${parent}`;
    typed = collection.fields.map((f) => typedField(f, source));
  }

  const selects: string[] = [];
  const fields = typed.map((t, i) => {
    const stageColumns = t.columns.map((_, j) => `f${i}_${j}`);
    t.columns.forEach((c, j) => selects.push(`${c.sql} AS ${q(stageColumns[j]!)}`));
    return { typed: t, stageColumns };
  });
  checks.push(...typed.flatMap((t) => t.checks));
  const sql = `CREATE TEMP TABLE ${STAGE} AS
    SELECT ${[...base, ...selects].join(',\n      ')},
      ${failures(withRecordChecks(source, checks))} AS _problems,
      CASE WHEN len(_problems) > 0 THEN ${source.raw} END AS _raw
    FROM ${source.numberedFrom} ${joins}`;
  return { sql, fields, ...(entity.kind === 'collection' ? { parentKeys: keyValue(source, ws.collections.find((c) => c.id === entity.id)!.parent) } : {}) };
}
