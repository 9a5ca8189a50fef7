/**
 * What differs between the SQL of the stores. The compiler and the store speak to this interface
 * only: no code outside `src/dialects/` branches on which database it is talking to. Each method
 * returns SQL text; user values never pass through here as text, only as bound parameters.
 */
import type { FieldType } from '../workspace/types.js';

/** Types of bound parameters (the dialect writes the matching cast). */
export type ParamType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'text[]' | 'number[]';

export interface Dialect {
  readonly name: 'duckdb' | 'postgres';

  /** `"name"` with embedded quotes doubled: the one place identifiers are quoted. */
  quoteIdentifier(name: string): string;
  /** Placeholder for the n-th (1-based) parameter, cast to its type. */
  param(index: number, type: ParamType): string;

  /** Column type for a stored field type (geopoints are stored as two `number` columns). */
  columnType(type: Exclude<FieldType, 'geopoint'>): string;
  /** Column type of the customer key and other keys. */
  readonly keyType: string;
  /** Column type of event instants. */
  readonly instantType: string;
  /**
   * Capability: one customer's rows are found through btree indexes (PostgreSQL), so the schema
   * creates them. Without it (DuckDB), the store keeps tables clustered by customer instead and
   * its zone maps do the same job at no cost to bulk loads.
   */
  readonly indexesCustomerReads: boolean;

  /** `list` has the element `item` (both SQL expressions). */
  listContains(list: string, item: string): string;
  /** `list` shares at least one element with `items` (an array expression). */
  listHasAny(list: string, items: string): string;
  /** `list` has every element of `items`. */
  listHasAll(list: string, items: string): string;
  /** Case-insensitive substring test. */
  containsInsensitive(text: string, part: string): string;
  startsWithInsensitive(text: string, prefix: string): string;
  endsWithInsensitive(text: string, suffix: string): string;
  /** Regular expression match (the database's own regex flavour). */
  regexMatches(text: string, pattern: string): string;
  /** Seconds between two instants (b − a), as a double. */
  secondsBetween(a: string, b: string): string;
  /** The calendar date of an instant in the named zone (the zone is a bound parameter expression). */
  localDate(instant: string, zone: string): string;
  /** Year, month and day parts of a date. */
  datePart(part: 'year' | 'month' | 'day', date: string): string;
  /**
   * The sum of a double column, exact and independent of row order: a parallel sum of doubles
   * depends on the order of additions, so a customer whose purchases total exactly 1000.00
   * would sometimes be `> 1000` and sometimes not.
   */
  exactSum(value: string, filter?: string): string;
  /**
   * The customer key `key` is among the keys `keys` selects (one column), or, `negated`, is not:
   * the semi- and anti-joins of set-based rules, each written in the form its planner runs best.
   */
  keyIn(key: string, keys: string, negated: boolean): string;
  /**
   * `a / b` in floating point (never integer division, `count(visit) / count(purchase)` included),
   * missing (not an error) when b is 0.
   */
  safeDivide(a: string, b: string): string;
  /**
   * The date `months` calendar months after `date` (both SQL expressions; months an integer),
   * clamped to the end of a shorter month (31 January + 1 month = 28 or 29 February).
   */
  addMonths(date: string, months: string): string;
  /** Aggregate: the `value` of the group's row with the smallest `key` (keys unique within a group). */
  argMin(value: string, key: string): string;
  /** A value identifying each row of the table aliased `alias` within one statement (equality, grouping, joins). */
  rowId(alias: string): string;
  /**
   * The statement that gives the planner the statistics of a table just filled (a temporary table,
   * or rows written earlier in the transaction) before it is queried, or undefined when the store
   * keeps them as it writes (DuckDB). PostgreSQL plans on statistics that autovacuum gathers later,
   * and never for temporary tables: without them it may take a table of thousands of rows for one
   * of a few, and nest loops over it.
   */
  analyze(table: string): string | undefined;

  /**
   * Settings for the rest of a transaction that evaluates some customers (a customer run), or
   * undefined. On PostgreSQL:
   * - JIT off: PostgreSQL compiles a statement whose estimated cost passes `jit_above_cost` to
   *   machine code before running it; the statement that evaluates every segment for one customer
   *   is estimated high on a base of a million customers and took 170 ms to compile for 2 ms of
   *   work; for 10,000 customers, 1.4 s for 1.3 s of work.
   * - Asynchronous commit: the commit returns before its write-ahead log reaches the disk (5 of the
   *   12 ms of a one-customer run here). A crash of the server (not of Segmenta) within a fraction of
   *   a second may then lose the last customer runs as wholes, never half of one; their customers'
   *   events are stored by imports, which commit synchronously, and the next run evaluates them again.
   */
  readonly customerRunSettings?: string;
}
