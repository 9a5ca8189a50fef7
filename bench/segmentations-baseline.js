// Hand-written SQL computing the same scores and segments as the demo clinic's segmentations
// (rf6: thresholds, rfm: quintiles + standard11, lifecycle), directly on the store's tables.
import { AT } from './rules-baseline.js';

const at = `TIMESTAMPTZ '${AT}'`;
const measures = `SELECT _customer, (epoch(${at}) - epoch(max(_time))) / 86400.0 AS rd, (epoch(${at}) - epoch(min(_time))) / 86400.0 AS fd, count(*) AS fr,
    coalesce(CAST(sum(CAST("purchase.amount" AS DECIMAL(38, 6))) AS DOUBLE), 0) AS mo
  FROM events WHERE _type = 'purchase' AND _time <= ${at} GROUP BY _customer`;
const existing = `SELECT _customer FROM customers WHERE created_at IS NULL OR created_at <= ${at}`;
const base = `SELECT m.* FROM (${measures}) m WHERE m._customer IN (${existing})`;

export const SEGMENTATION_BASELINES = {
  rf6: `SELECT c._customer, CASE WHEN s._customer IS NULL THEN 'prospect'
      WHEN r >= 4 AND f >= 4 THEN 'best' WHEN r >= 3 AND f >= 3 THEN 'engaged' WHEN r >= 4 THEN 'new'
      WHEN r >= 2 AND f <= 2 THEN 'slipping' WHEN f >= 3 THEN 'at_risk' ELSE 'inactive' END AS segment
    FROM (${existing}) c LEFT JOIN (
      SELECT _customer, CASE WHEN rd <= 30 THEN 5 WHEN rd <= 90 THEN 4 WHEN rd <= 180 THEN 3 WHEN rd <= 365 THEN 2 ELSE 1 END AS r,
        CASE WHEN fr >= 16 THEN 5 WHEN fr >= 8 THEN 4 WHEN fr >= 4 THEN 3 WHEN fr >= 2 THEN 2 ELSE 1 END AS f FROM (${base})) s ON s._customer = c._customer`,
  rfm: `SELECT c._customer, CASE WHEN s._customer IS NULL THEN 'prospect'
      WHEN r = 5 AND f >= 4 THEN 'champions' WHEN r >= 3 AND f >= 4 THEN 'loyal' WHEN r >= 4 AND f >= 2 THEN 'potential_loyalist'
      WHEN r = 5 THEN 'new' WHEN r = 4 THEN 'promising' WHEN r = 3 AND f = 3 THEN 'need_attention' WHEN r = 3 THEN 'about_to_sleep'
      WHEN f = 5 THEN 'cant_lose' WHEN f >= 3 THEN 'at_risk' WHEN r = 2 OR f = 2 THEN 'hibernating' ELSE 'lost' END AS segment
    FROM (${existing}) c LEFT JOIN (
      SELECT _customer, least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY rd DESC))) AS r, least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY fr))) AS f,
        least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY mo))) AS m FROM (${base})) s ON s._customer = c._customer`,
  lifecycle: `SELECT c._customer, CASE WHEN s._customer IS NULL THEN 'prospect' WHEN fd <= 90 THEN 'new' WHEN rd <= 180 THEN 'active'
      WHEN rd <= 365 THEN 'at_risk' ELSE 'lapsed' END AS segment
    FROM (${existing}) c LEFT JOIN (${base}) s ON s._customer = c._customer`,
};
