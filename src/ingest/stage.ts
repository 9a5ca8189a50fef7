/**
 * The staging step of an import: one scan of the file by DuckDB into a temporary table holding,
 * per record, its ordinal, its keys, its typed values and the list of its problems. Unknown
 * parents are found in the same scan by a join with the customers table.
 */
import type { Workspace } from '../workspace/types.js';
import { CUSTOMERS_TABLE, CUSTOMER } from '../store/tables.js';
import { problem, scalarValue, typedField, type TypedField } from './field-values.js';
import { ImportError } from './import-error.js';
import type { Source } from './source.js';

export const STAGE = '_stage';

export type ImportEntity = { kind: 'customers' } | { kind: 'collection'; id: string } | { kind: 'events' };

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** What the staging table holds, for the merge step. */
export interface StagePlan {
  /** The CREATE statement (parameters: the source's). */
  readonly sql: string;
  /** Typed fields per target: customers/collection have one target; events one per type. */
  readonly fields: ReadonlyMap<string, readonly StagedField[]>;
}

export interface StagedField {
  readonly typed: TypedField;
  /** Column names in the staging table, one per stored column. */
  readonly stageColumns: readonly string[];
}

function key(source: Source, column: string): string {
  return `NULLIF(trim(${source.text(column)}), '')`;
}

function requireColumn(source: Source, column: string, role: string, file: string): void {
  if (!source.columns.includes(column)) {
    throw new ImportError(`${file} has no column "${column}" (${role}); its columns are: ${source.columns.join(', ')}`);
  }
}

function problemsList(items: readonly string[]): string {
  return `list_filter([${items.join(', ')}]::STRUCT("column" VARCHAR, reason VARCHAR)[], p -> p IS NOT NULL)`;
}

function stageFields(fields: readonly TypedField[], prefix: string): { selects: string[]; staged: StagedField[] } {
  const selects: string[] = [];
  const staged: StagedField[] = [];
  fields.forEach((typed, i) => {
    const stageColumns = typed.columns.map((c, j) => `${prefix}${i}_${j}`);
    typed.columns.forEach((c, j) => selects.push(`${c.sql} AS ${q(stageColumns[j]!)}`));
    staged.push({ typed, stageColumns });
  });
  return { selects, staged };
}

/** Builds the staging statement for an entity of the workspace. */
export function planStage(ws: Workspace, entity: ImportEntity, source: Source, file: string): StagePlan {
  const base = [`${source.ordinal} AS _ord`];
  const problems: string[] = [source.recordProblem === 'NULL' ? 'NULL' : `CASE WHEN (${source.recordProblem}) IS NOT NULL THEN {'column': '', 'reason': ${source.recordProblem}} END`];
  const selects: string[] = [];
  const fields = new Map<string, StagedField[]>();
  let joins = '';

  if (entity.kind === 'customers') {
    requireColumn(source, ws.customers.key, 'the customer key', file);
    const k = key(source, ws.customers.key);
    base.push(`${k} AS ${q(CUSTOMER)}`);
    problems.push(problem(`${k} IS NULL`, ws.customers.key, 'missing customer key'));
    const typed = ws.customers.fields.map((f) => typedField(f, source));
    const staged = stageFields(typed, 'f');
    selects.push(...staged.selects);
    problems.push(...typed.flatMap((t) => t.problems));
    fields.set(CUSTOMERS_TABLE, staged.staged);
  } else if (entity.kind === 'collection') {
    const collection = ws.collections.find((c) => c.id === entity.id)!;
    requireColumn(source, collection.key, `the key of ${collection.id}`, file);
    requireColumn(source, collection.parent, 'the owning customer', file);
    const k = key(source, collection.key);
    const parent = key(source, collection.parent);
    base.push(`${k} AS _key`, `${parent} AS ${q(CUSTOMER)}`);
    problems.push(problem(`${k} IS NULL`, collection.key, `missing ${collection.id} key`));
    problems.push(problem(`${parent} IS NULL`, collection.parent, 'missing customer key'));
    problems.push(problem(`${parent} IS NOT NULL AND c.${q(CUSTOMER)} IS NULL`, collection.parent, 'unknown customer', parent));
    joins = `LEFT JOIN ${q(CUSTOMERS_TABLE)} c ON c.${q(CUSTOMER)} = ${parent}`;
    const typed = collection.fields.map((f) => typedField(f, source));
    const staged = stageFields(typed, 'f');
    selects.push(...staged.selects);
    problems.push(...typed.flatMap((t) => t.problems));
    fields.set(collection.id, staged.staged);
  } else {
    const ev = ws.events;
    requireColumn(source, ev.customer, 'the customer of each event', file);
    requireColumn(source, ev.type, 'the event type', file);
    requireColumn(source, ev.time, 'the event time', file);
    if (ev.id !== undefined) requireColumn(source, ev.id, 'the event id', file);
    const customer = key(source, ev.customer);
    const type = key(source, ev.type);
    const time = scalarValue('timestamp', source.text(ev.time), ev.time);
    const known = ev.types.map((t) => t.id);
    base.push(`${customer} AS ${q(CUSTOMER)}`, `${type} AS _type`, `${time.sql} AS _time`);
    problems.push(problem(`${customer} IS NULL`, ev.customer, 'missing customer key'));
    problems.push(problem(`${customer} IS NOT NULL AND c.${q(CUSTOMER)} IS NULL`, ev.customer, 'unknown customer', customer));
    problems.push(problem(`${type} IS NULL`, ev.type, 'missing event type'));
    problems.push(problem(`${type} NOT IN (${known.map(literal).join(', ') || "''"})`, ev.type, `unknown event type (known: ${known.join(', ')})`, type));
    problems.push(problem(`${source.text(ev.time)} IS NULL`, ev.time, 'missing time'));
    problems.push(...time.problems);
    if (ev.id !== undefined) {
      const id = key(source, ev.id);
      base.push(`${id} AS _id`);
      problems.push(problem(`${id} IS NULL`, ev.id, 'missing event id'));
    }
    joins = `LEFT JOIN ${q(CUSTOMERS_TABLE)} c ON c.${q(CUSTOMER)} = ${customer}`;
    ev.types.forEach((eventType, t) => {
      const typed = eventType.properties.map((p) => typedField(p, source));
      const staged = stageFields(typed, `t${t}_`);
      // A property is validated only on rows of its own type.
      selects.push(...staged.selects.map((s) => s));
      problems.push(...typed.flatMap((x) => x.problems).map((p) => `CASE WHEN ${type} = ${literal(eventType.id)} THEN ${p} END`));
      fields.set(eventType.id, staged.staged);
    });
  }

  const sql = `CREATE TEMP TABLE ${STAGE} AS
    SELECT ${[...base, ...selects].join(',\n      ')},
      ${problemsList(problems)} AS _problems,
      CASE WHEN len(_problems) > 0 THEN ${source.raw} END AS _raw
    FROM ${source.from} ${joins}`;
  return { sql, fields };
}
