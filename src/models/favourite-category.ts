/**
 * The favourite category of each customer (models.md): the category with the most spend, ties
 * broken by the most purchases, then by name (in the database's text order). A purchase counts,
 * whole, for each distinct category it holds (a purchase of food and toys for 30 adds 30 to
 * both); a missing amount counts 0. Categories are the model's `category` property (a text or a
 * list of texts), or its items when it has none.
 */
import type { Dialect } from '../dialects/dialect.js';
import { EVENTS } from './basket.js';

/** `SELECT _customer, category` for the customers in the basket tables; `isList`: the category is a list. */
export function favouriteCategorySql(dialect: Dialect, isList: boolean): string {
  const expanded = isList
    ? `SELECT DISTINCT v.basket, v._customer, v.amount, v.category FROM (SELECT b.basket, b._customer, b.amount, unnest(b.category) AS category FROM ${EVENTS} b) v`
    : `SELECT b.basket, b._customer, b.amount, b.category FROM ${EVENTS} b`;
  const totals = `SELECT u._customer, u.category, ${dialect.exactSum('u.amount')} AS spend, count(*) AS purchases
    FROM (${expanded}) u WHERE u.category IS NOT NULL GROUP BY u._customer, u.category`;
  const ranked = `SELECT t._customer, t.category, row_number() OVER (PARTITION BY t._customer ORDER BY t.spend DESC, t.purchases DESC, t.category) AS rank FROM (${totals}) t`;
  return `SELECT r._customer, r.category FROM (${ranked}) r WHERE r.rank = 1`;
}
