/**
 * The favourite category of each customer (models.md): the category with the most spend, ties
 * broken by the most purchases, then by name (in the database's text order). A purchase counts,
 * whole, for each distinct category it holds (a purchase of food and toys for 30 adds 30 to
 * both); a missing amount counts 0. Categories are the model's `category` property (a text or a
 * list of texts), or its items when it has none.
 */
import type { Dialect } from '../dialects/dialect.js';
import { CATEGORIES } from './basket.js';

/** `SELECT _customer, category` for the customers in the basket tables. */
export function favouriteCategorySql(dialect: Dialect): string {
  const totals = `SELECT u._customer, u.category, ${dialect.exactSum('u.amount')} AS spend, count(*) AS purchases
    FROM ${CATEGORIES} u GROUP BY u._customer, u.category`;
  const ranked = `SELECT t._customer, t.category, row_number() OVER (PARTITION BY t._customer ORDER BY t.spend DESC, t.purchases DESC, t.category) AS rank FROM (${totals}) t`;
  return `SELECT r._customer, r.category FROM (${ranked}) r WHERE r.rank = 1`;
}
