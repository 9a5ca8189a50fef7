/**
 * The right to erasure (workspace.md): a customer's fields, records and events are deleted. Their
 * past memberships are not deleted but detached: moved to an anonymous token, unique to the person
 * and linked to nothing, so that counts of past runs stay true and the next run reports them as
 * `gone`. Their models' outputs are deleted. Nothing left can identify them.
 */
import type { Store } from '../store/store.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, EVENTS_TABLE } from '../store/tables.js';
import type { Workspace } from '../workspace/types.js';

/** Models' per-customer outputs: deleted with the customer (they are derived from their data). */
const MODEL_OUTPUT_TABLES = ['model_clv', 'model_basket', 'model_clusters'];

/** The customers being erased, each with its token, for the statements of one erasure. */
const ERASED = '_erased';

export interface Erasure {
  /** Customers deleted. */
  readonly deleted: number;
  /** Keys asked for that are not customers (nothing to delete), in code-point order. */
  readonly unknown: string[];
}

/** Erases the customers of `keys` in one transaction, table by table (set-based, any number of keys). */
export async function eraseCustomers(store: Store, ws: Workspace, keys: readonly string[]): Promise<Erasure> {
  const q = store.dialect.quoteIdentifier;
  const customer = q(CUSTOMER);
  const asked = `SELECT DISTINCT k FROM unnest(CAST($1 AS VARCHAR[])) AS t(k)`;
  return store.transaction(async (tx) => {
    await tx.run(
      `CREATE TEMP TABLE ${ERASED} AS SELECT c.${customer} AS _customer, 'erased:' || CAST(gen_random_uuid() AS VARCHAR) AS token
       FROM ${q(CUSTOMERS_TABLE)} c WHERE c.${customer} IN (${asked})`,
      [[...keys]],
    );
    const [{ n }] = (await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${ERASED}`)) as [{ n: number }];
    // Sorted here, not by the store: PostgreSQL's order follows its collation, DuckDB's the code points.
    const unknown = (await tx.query<{ k: string }>(`SELECT k FROM (${asked}) a WHERE k NOT IN (SELECT _customer FROM ${ERASED})`, [[...keys]])).map((r) => r.k).sort();
    const theirs = `${customer} IN (SELECT _customer FROM ${ERASED})`;
    for (const table of [...ws.collections.map((c) => collectionTable(c.id)), EVENTS_TABLE, ...MODEL_OUTPUT_TABLES]) await tx.run(`DELETE FROM ${q(table)} WHERE ${theirs}`);
    // Copied under the tokens, then deleted: the customer key is the distribution column on
    // Citus, which cannot be updated in place.
    await tx.run(`INSERT INTO memberships SELECT e.token, m.key, m.segment, m.r, m.f, m.m, m.from_run, m.to_run FROM memberships m JOIN ${ERASED} e ON e._customer = m._customer`);
    await tx.run(`DELETE FROM memberships WHERE ${theirs}`);
    await tx.run(`DELETE FROM ${q(CUSTOMERS_TABLE)} WHERE ${theirs}`);
    // A failed erasure rolls the temporary table back with the rest (both stores' DDL is transactional).
    await tx.run(`DROP TABLE ${ERASED}`);
    return { deleted: Number(n), unknown };
  });
}
