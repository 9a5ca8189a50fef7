/**
 * The right to erasure (workspace.md): a customer's fields, records and events are deleted. Their
 * past memberships are not deleted but detached: moved to an anonymous token, unique to the person
 * and linked to nothing, so that counts of past runs stay true and the next run reports them as
 * `gone`. Their models' outputs are deleted. Nothing left can identify them.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { collectionTable, CUSTOMER, CUSTOMERS_TABLE, EVENTS_TABLE } from '../store/tables.js';
import type { Workspace } from '../workspace/types.js';

/** Models' per-customer outputs: deleted with the customer (they are derived from their data). */
const MODEL_OUTPUT_TABLES = ['model_clv', 'model_basket', 'model_clusters'];

export async function eraseCustomers(store: Store, ws: Workspace, keys: readonly string[]): Promise<number> {
  const q = store.dialect.quoteIdentifier;
  return store.transaction(async (tx) => {
    let erased = 0;
    for (const key of new Set(keys)) {
      const found = await tx.run(`DELETE FROM ${q(CUSTOMERS_TABLE)} WHERE ${q(CUSTOMER)} = $1`, [key]);
      if (found === 0) continue;
      erased += 1;
      for (const c of ws.collections) await tx.run(`DELETE FROM ${q(collectionTable(c.id))} WHERE ${q(CUSTOMER)} = $1`, [key]);
      await tx.run(`DELETE FROM ${q(EVENTS_TABLE)} WHERE ${q(CUSTOMER)} = $1`, [key]);
      for (const table of MODEL_OUTPUT_TABLES) await tx.run(`DELETE FROM ${q(table)} WHERE ${q(CUSTOMER)} = $1`, [key]);
      // Copied under the token, then deleted: the customer key is the distribution column on Citus,
      // which cannot be updated in place.
      await tx.run(`INSERT INTO memberships SELECT $2, key, segment, r, f, m, from_run, to_run FROM memberships WHERE _customer = $1`, [key, `erased:${randomUUID()}`]);
      await tx.run(`DELETE FROM memberships WHERE _customer = $1`, [key]);
    }
    return erased;
  });
}
