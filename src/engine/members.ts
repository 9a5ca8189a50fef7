/**
 * The members of a rule or segment, streamed page by page (keyset pagination over a temporary
 * table of their keys, in one transaction) so that a million rows never sit in memory at once.
 * Columns are named as in the import files (the key column, `home_lat`/`home_lon` for
 * geopoints), so that an export can be imported again.
 */
import { bindParams, type CompiledQuery } from '../compiler/compile-rule.js';
import type { Store } from '../store/store.js';
import { CUSTOMER, CUSTOMERS_TABLE, latColumn, lonColumn } from '../store/tables.js';
import { formatInstant } from '../time/instant.js';
import type { FieldDef, Workspace } from '../workspace/types.js';
import { didYouMean, nearestName } from '../rules/suggest.js';
import { Refusal } from './refusal.js';

export type MemberRow = Record<string, string | number | boolean | null | Array<string | number>>;

/** The output columns for `--fields` (default: the key and every customer field). */
export function memberFields(ws: Workspace, names?: readonly string[]): FieldDef[] {
  if (names === undefined) return [...ws.customers.fields];
  const known = ws.customers.fields.map((f) => f.name);
  return names
    .filter((n) => n !== ws.customers.key)
    .map((name) => {
      const field = ws.customers.fields.find((f) => f.name === name);
      if (field === undefined) {
        const fields = [ws.customers.key, ...known];
        const nearest = nearestName(name, fields);
        throw new Refusal('unknown-field', `unknown field "${name}"${didYouMean(name, fields)} (fields: ${fields.join(', ')})`, { name, known: fields, ...(nearest ? { nearest } : {}) });
      }
      return field;
    });
}

const PAGE = 10_000;
const MEMBERS = '_members';

/** Calls `page` with successive pages of member rows, in key order. */
export async function eachMemberPage(
  store: Store,
  ws: Workspace,
  query: CompiledQuery,
  at: Date,
  fields: readonly FieldDef[],
  page: (rows: MemberRow[]) => Promise<void>,
): Promise<number> {
  const d = store.dialect;
  const q = d.quoteIdentifier;
  const columns = [`c.${q(CUSTOMER)}`, ...fields.flatMap((f) => (f.type === 'geopoint' ? [`c.${q(latColumn(f.name))}`, `c.${q(lonColumn(f.name))}`] : [`c.${q(f.name)}`]))];
  return store.transaction(async (tx) => {
    await tx.run(`CREATE TEMP TABLE ${MEMBERS} AS ${query.sql}`, bindParams(query, { at }));
    let last: string | null = null;
    let total = 0;
    try {
      for (;;) {
        const rows: Record<string, unknown>[] = await tx.query(
          `SELECT ${columns.join(', ')} FROM ${q(CUSTOMERS_TABLE)} c WHERE c.${q(CUSTOMER)} IN (SELECT ${q(CUSTOMER)} FROM ${MEMBERS})
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
    }
    return total;
  });
}

function outputRow(ws: Workspace, fields: readonly FieldDef[], row: Record<string, unknown>): MemberRow {
  const out: MemberRow = { [ws.customers.key]: String(row[CUSTOMER]) };
  for (const f of fields) {
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
