/**
 * The words of the rule language. All are matched without regard to case (`AND`, `And`).
 *
 * Reserved words can never be bare names: a field called `in` is written `` `in` ``. The other
 * words are contextual and stay free as names: function names only count before `(`
 * (`count(pets)` but `count > 3`), units only right after a number (`90 days`, `20 km`), `ago`
 * only after a duration, `segment` only after a leading `in`, `any`/`all` after `contains` only
 * before `[`. A name after a dot is never a keyword (`rfm.m`, `customer.in`).
 */
import type { AggregateFn, DurationUnit, QuantifierKind } from './ast.js';

export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'true',
  'false',
  'between',
  'contains',
  'starts',
  'ends',
  'with',
  'matches',
  'within',
  'where',
]);

/** Duration units, singular and plural, to their canonical (plural) form. */
export const DURATION_UNITS: ReadonlyMap<string, DurationUnit> = new Map([
  ['hour', 'hours'],
  ['hours', 'hours'],
  ['day', 'days'],
  ['days', 'days'],
  ['week', 'weeks'],
  ['weeks', 'weeks'],
  ['month', 'months'],
  ['months', 'months'],
  ['year', 'years'],
  ['years', 'years'],
]);

export const DISTANCE_UNITS: ReadonlySet<string> = new Set(['km', 'm']);

export const QUANTIFIERS: ReadonlySet<QuantifierKind> = new Set(['any', 'all', 'none']);

export const AGGREGATE_FNS: ReadonlySet<AggregateFn> = new Set(['count', 'sum', 'avg', 'min', 'max', 'first', 'last']);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for `[A-Za-z_][A-Za-z0-9_]*`. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** True when `name` is a reserved word (in any case). */
export function isReserved(name: string): boolean {
  return RESERVED_WORDS.has(name.toLowerCase());
}
