/**
 * The members of a rule or segment, streamed page by page (keyset pagination over a temporary
 * table of their keys, in one transaction) so that a million rows never sit in memory at once.
 * Columns are named as in the import files (the key column, `home_lat`/`home_lon` for
 * geopoints), so that an export can be imported again; what rules read of segmentations and models
 * (`rf6`, `clv.p_alive`) is named as rules name it.
 */
import { bindParams, type CompiledQuery } from '../compiler/compile-rule.js';
import type { Store } from '../store/store.js';
import { CUSTOMER, CUSTOMERS_TABLE, latColumn, lonColumn } from '../store/tables.js';
import { formatInstant } from '../time/instant.js';
import type { FieldDef, Workspace } from '../workspace/types.js';
import { didYouMean, nearestName } from '../rules/suggest.js';
import type { TypedExpr } from '../rules/index.js';
import { ruleValue, ruleValueNames } from './rule-values.js';
import { ruleEnvironment } from '../workspace/rule-environment.js';
import { Refusal } from './refusal.js';

export type MemberRow = Record<string, string | number | boolean | null | Array<string | number>>;

/**
 * An output column of `members`: a customer field (its columns named as in import files), or what a
 * rule reads of a segmentation or model, named as a rule names it (`rf6`, `rf6.r`, `clv.p_alive`,
 * `clusters`), its value computed as of the instant as a rule naming it would be.
 */
export type MemberField = { readonly kind: 'field'; readonly def: FieldDef } | { readonly kind: 'value'; readonly name: string; readonly value: TypedExpr };

/** The output columns of a member field, in order. */
export function memberColumns(field: MemberField): string[] {
  if (field.kind === 'value') return [field.name];
  return field.def.type === 'geopoint' ? [field.def.latColumn!, field.def.lonColumn!] : [field.def.column];
}

/** The list separator of each output column (lists of customer fields are joined with theirs in CSV). */
export function memberSeparators(field: MemberField): string[] {
  return memberColumns(field).map(() => (field.kind === 'field' ? field.def.separator : '|'));
}

/** The output columns for `--fields` (default: the key and every customer field). */
export function memberFields(ws: Workspace, names?: readonly string[]): MemberField[] {
  if (names === undefined) return ws.customers.fields.map((def) => ({ kind: 'field', def }));
  const env = ruleEnvironment(ws);
  return names
    .filter((n) => n !== ws.customers.key)
    .map((name): MemberField => {
      const def = ws.customers.fields.find((f) => f.name === name);
      if (def !== undefined) return { kind: 'field', def };
      const value = ruleValue(env, name);
      if (value !== undefined) return { kind: 'value', name, value };
      const fields = [ws.customers.key, ...ws.customers.fields.map((f) => f.name)];
      const values = ruleValueNames(env);
      const readable = [...fields, ...values];
      const nearest = nearestName(name, readable);
      throw new Refusal('unknown-field', `unknown field "${name}"${didYouMean(name, readable)} (fields: ${fields.join(', ')}; and what rules read of segmentations and models: ${values.join(', ') || 'none'})`, {
        name,
        known: readable,
        ...(nearest ? { nearest } : {}),
      });
    });
}

/** The models whose outputs the fields read (they need a fit at or before the instant). */
export function modelsOfFields(fields: readonly MemberField[]): string[] {
  return fields.flatMap((f) => (f.kind === 'value' && (f.value.kind === 'model_output' || f.value.kind === 'model_label') ? [f.value.model] : []));
}

const PAGE = 10_000;
const MEMBERS = '_members';
const VALUES = '_member_values';

/**
 * Calls `page` with successive pages of member rows, in key order. The values of segmentations and
 * models are computed once for all the members, before the pages are read.
 */
export async function eachMemberPage(
  store: Store,
  ws: Workspace,
  query: CompiledQuery,
  at: Date,
  fields: readonly MemberField[],
  page: (rows: MemberRow[]) => Promise<void>,
  values: (keys: string) => CompiledQuery,
): Promise<number> {
  const d = store.dialect;
  const q = d.quoteIdentifier;
  const computed = fields.filter((f): f is Extract<MemberField, { kind: 'value' }> => f.kind === 'value');
  const columns = [
    `c.${q(CUSTOMER)}`,
    ...fields.flatMap((f) => {
      if (f.kind === 'value') return [`v.${q(`v${computed.indexOf(f)}`)} AS ${q(f.name)}`];
      return f.def.type === 'geopoint' ? [`c.${q(latColumn(f.def.name))}`, `c.${q(lonColumn(f.def.name))}`] : [`c.${q(f.def.name)}`];
    }),
  ];
  return store.transaction(async (tx) => {
    await tx.run(`CREATE TEMP TABLE ${MEMBERS} AS ${query.sql}`, bindParams(query, { at }));
    let last: string | null = null;
    let total = 0;
    try {
      const joinValues = computed.length > 0;
      if (joinValues) {
        const valuesQuery = values(`SELECT ${q(CUSTOMER)} FROM ${MEMBERS}`);
        await tx.run(`CREATE TEMP TABLE ${VALUES} AS ${valuesQuery.sql}`, bindParams(valuesQuery, { at }));
      }
      for (;;) {
        const rows: Record<string, unknown>[] = await tx.query(
          `SELECT ${columns.join(', ')} FROM ${q(CUSTOMERS_TABLE)} c ${joinValues ? `LEFT JOIN ${VALUES} v ON v.${q(CUSTOMER)} = c.${q(CUSTOMER)}` : ''}
           WHERE c.${q(CUSTOMER)} IN (SELECT ${q(CUSTOMER)} FROM ${MEMBERS})
           ${last === null ? '' : `AND c.${q(CUSTOMER)} > $1`} ORDER BY c.${q(CUSTOMER)} LIMIT ${PAGE}`,
          last === null ? [] : [last],
        );
        if (rows.length === 0) break;
        total += rows.length;
        last = String(rows[rows.length - 1]![CUSTOMER]);
        await page(rows.map((r) => outputRow(ws, fields, r)));
        if (rows.length < PAGE) break;
      }
    } finally {
      await tx.run(`DROP TABLE IF EXISTS ${MEMBERS}`);
      await tx.run(`DROP TABLE IF EXISTS ${VALUES}`);
    }
    return total;
  });
}

function outputRow(ws: Workspace, fields: readonly MemberField[], row: Record<string, unknown>): MemberRow {
  const out: MemberRow = { [ws.customers.key]: String(row[CUSTOMER]) };
  for (const field of fields) {
    if (field.kind === 'value') {
      const value = row[field.name];
      out[field.name] = typeof value === 'bigint' ? Number(value) : ((value ?? null) as MemberRow[string]);
      continue;
    }
    const f = field.def;
    if (f.type === 'geopoint') {
      out[f.latColumn!] = (row[latColumn(f.name)] as number | null) ?? null;
      out[f.lonColumn!] = (row[lonColumn(f.name)] as number | null) ?? null;
      continue;
    }
    const value = row[f.name];
    out[f.column] = value instanceof Date ? formatInstant(value, ws.timezone) : ((value ?? null) as MemberRow[string]);
  }
  return out;
}

/** One CSV line (RFC 4180 quoting); lists joined by their separator. */
export function csvLine(values: ReadonlyArray<unknown>, separators: ReadonlyArray<string>): string {
  return values
    .map((v, i) => {
      if (v === null || v === undefined) return '';
      const text = Array.isArray(v) ? v.join(separators[i] ?? '|') : String(v);
      return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}
