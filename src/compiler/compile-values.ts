/**
 * What rules read of a customer, as columns instead of conditions: `SELECT _customer, <value> AS
 * v0, …` for the customers a query selects. `members --fields rf6,clv.p_alive` lists them beside
 * the customer's fields, computed as a rule naming them would be, in one set-based query.
 */
import type { TypedExpr } from '../rules/index.js';
import { Compilation, type CompileOptions, type Scope } from './compilation.js';
import type { CompiledQuery } from './params.js';
import { sqlOf } from './temporal.js';
import { operand } from './values.js';

/**
 * Column `v<i>` holds the value of `values[i]`; `keys` is SQL selecting the customers' `_customer`
 * (or makes it with the compilation, to bind a key as one of its parameters).
 */
export function compileValues(values: readonly TypedExpr[], keys: string | ((c: Compilation) => string), options: CompileOptions): CompiledQuery {
  const c = new Compilation(options);
  const alias = c.alias('c');
  const key = `${alias}.${c.q('_customer')}`;
  const joins: string[] = [];
  const scope: Scope = { kind: 'customer', alias, owner: key, setBased: true, joins, joined: new Map() };
  const columns = values.map((value, i) => `${sqlOf(c, operand(c, value, scope))} AS ${c.q(`v${i}`)}`);
  const sql = `SELECT ${[key, ...columns].join(', ')} FROM ${c.q('customers')} ${alias}${joins.length ? ` ${joins.join(' ')}` : ''} WHERE ${key} IN (${typeof keys === 'string' ? keys : keys(c)})`;
  return { sql, params: c.params.sources };
}
