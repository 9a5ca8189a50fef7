/**
 * Planner statistics of the tables that grow with customers (events, collections, memberships,
 * models' outputs), refreshed after a large write. PostgreSQL gathers them only through
 * autovacuum, later or never (it may be off, as on the machine these figures come from); DuckDB
 * keeps its own as it writes, so this is a no-op there.
 *
 * `ANALYZE` alone underestimates how many customers such a table holds by a factor of 20: its rows
 * are stored in customer order, so the pages it samples hold a few customers each. At 1,000,000
 * customers it estimated 50,745 in `events`, and PostgreSQL then read all 28 million events by
 * hash join to find those of 10,000 customers (3.6 s) instead of their rows through the index
 * (1.3 s). Every row belongs to a customer, so the number of customers is the figure to give it.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Queryable } from './store.js';
import { CUSTOMER, CUSTOMERS_TABLE } from './tables.js';

export async function refreshCustomerStatistics(db: Queryable, dialect: Dialect, ...tables: string[]): Promise<void> {
  if (dialect.analyze(CUSTOMERS_TABLE) === undefined) return;
  const q = dialect.quoteIdentifier;
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${q(CUSTOMERS_TABLE)}`)) as [{ n: number }];
  const customers = Math.floor(Number(n));
  for (const table of tables) {
    // A positive n_distinct is a count of distinct values (a negative one a share of the rows).
    if (table !== CUSTOMERS_TABLE && customers > 0) await db.run(`ALTER TABLE ${q(table)} ALTER COLUMN ${q(CUSTOMER)} SET (n_distinct = ${customers})`);
    await db.run(dialect.analyze(q(table))!);
  }
}
