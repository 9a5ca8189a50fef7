/**
 * What makes two events the same when the workspace declares no event id (workspace.md: "by all
 * their values"): customer, type, time, and the values of the properties of *their type*. A column
 * read by one type only is stored as the file has it on every row (load-events.ts), so a `visit`
 * row of a file whose `amount` column serves purchases keeps that amount in `purchase.amount`; it
 * is no value of the visit and must not make two otherwise equal visits different.
 */
import { CUSTOMER, EVENT_ID, EVENT_TYPE, propertyColumn, storedColumns, TIME } from '../store/tables.js';
import type { Workspace } from '../workspace/types.js';
import { q } from './sql-names.js';

/** SQL expressions over the event row `alias` (`o.`, `s.`, or '' for the table itself) that identify it. */
export function eventIdentity(ws: Workspace, alias = '', has: (column: string) => boolean = () => true): string[] {
  const col = (name: string) => `${alias}${q(name)}`;
  if (ws.events.id !== undefined) return [col(EVENT_ID)];
  const properties = ws.events.types.flatMap((t) =>
    t.properties.flatMap((p) =>
      storedColumns(p)
        .map((c) => propertyColumn(t.id, c.name))
        .map((name) => (has(name) ? `CASE WHEN ${col(EVENT_TYPE)} = '${t.id.replaceAll("'", "''")}' THEN ${col(name)} END` : 'NULL')),
    ),
  );
  return [col(CUSTOMER), col(EVENT_TYPE), col(TIME), ...properties];
}

/**
 * The condition that rows `o` and `s` are the same event (missing values equal). `sHas` says which
 * property columns `s` has (rows read from a file have those of the file; the others are missing).
 */
export function sameEvent(ws: Workspace, o: string, s: string, sHas?: (column: string) => boolean): string {
  const left = eventIdentity(ws, `${o}.`);
  const right = eventIdentity(ws, `${s}.`, sHas);
  // The key columns are never NULL: plain equality lets the database join on them.
  const keys = ws.events.id !== undefined ? 1 : 3;
  return left.map((l, i) => (i < keys ? `${l} = ${right[i]}` : right[i] === 'NULL' ? `${l} IS NULL` : `${l} IS NOT DISTINCT FROM ${right[i]}`)).join(' AND ');
}
