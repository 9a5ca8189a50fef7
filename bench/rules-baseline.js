// Hand-written SQL for the rules benchmark: the same questions as the demo clinic's segments and
// rules.md's examples, written directly against the store's tables in the forms measured fastest
// (shared/notes/sql-performance.md): GROUP BY … HAVING with the window in WHERE, IN / NOT IN
// sub-selects, bool_or for "did X but not Y". AT is the evaluation instant.

export const AT = '2026-06-30 00:00:00+02';
const at = `TIMESTAMPTZ '${AT}'`;
const ago = (n, unit) => `(${at} - INTERVAL ${n} ${unit})`;
const exists = `(c.created_at IS NULL OR c.created_at <= ${at})`;
const customers = (where) => `SELECT c._customer FROM customers c WHERE ${exists} AND ${where}`;
const pets = (where) => `c._customer IN (SELECT _customer FROM rec_pets p WHERE ${where})`;
const events = (type, where = 'true') => `SELECT _customer FROM events e WHERE e._type = '${type}' AND e._time <= ${at} AND ${where}`;
const has = (type, where) => `c._customer IN (${events(type, where)})`;
const hasNot = (type, where) => `c._customer NOT IN (${events(type, where)})`;
const having = (type, where, test) => `c._customer IN (${events(type, where)} GROUP BY _customer HAVING ${test})`;
const age = (col) => `(date_diff('year', ${col}, DATE '2026-06-30') - CASE WHEN strftime(${col}, '%m%d') > '0630' THEN 1 ELSE 0 END)`;
const km = `2 * 6371.0088 * asin(least(1.0, sqrt(pow(sin(radians(46.5197 - c."home.lat") / 2), 2) + cos(radians(c."home.lat")) * cos(radians(46.5197)) * pow(sin(radians(6.6323 - c."home.lon") / 2), 2))))`;
// Sums exactly (DECIMAL), as Segmenta does: a parallel sum of doubles depends on row order.
const sum = (x) => `CAST(sum(CAST(${x} AS DECIMAL(38, 6))) AS DOUBLE)`;
const prod = (p) => `list_contains(e."purchase.products", '${p}')`;
const cat = (k) => `list_contains(e."purchase.categories", '${k}')`;

const seniorPets = pets(`${age('p.birth_date')} >= 10`);
const bigSpenders = having('purchase', `e._time >= ${ago(12, 'MONTH')}`, `${sum('e."purchase.amount"')} > 1000`);

/** Demo clinic segment id → hand-written SQL returning its members. */
export const SEGMENT_BASELINES = {
  'cats-ckd-fr-20km': customers(`c.language = 'fr' AND ${km} < 20 AND ${pets(`p.species = 'cat' AND list_contains(p.conditions, 'chronic kidney disease')`)}`),
  'senior-pets': customers(seniorPets),
  'heart-dogs': customers(pets(`p.species = 'dog' AND list_contains(p.conditions, 'heart failure')`)),
  newsletter: customers(`c.email_opt_in AND c.email IS NOT NULL`),
  'other-languages': customers(`c.language IN ('de', 'en', 'it', 'pt', 'es')`),
  'seniors-nearby': customers(`${age('c.birth_date')} >= 75 AND ${km} < 10`),
  'puppies-kittens': customers(pets(`p.species IN ('cat', 'dog') AND ${age('p.birth_date')} < 1`)),
  'big-households': customers(`c._customer IN (SELECT _customer FROM rec_pets GROUP BY _customer HAVING count(*) >= 3)`),
  'cats-only': customers(`c._customer IN (SELECT _customer FROM rec_pets GROUP BY _customer HAVING bool_and(species = 'cat'))`),
  'breeders-shelters': customers(`(c._customer IN (SELECT _customer FROM rec_pets GROUP BY _customer HAVING count(*) >= 8) OR ${having('purchase', `e._time >= ${ago(12, 'MONTH')}`, 'count(*) >= 40')})`),
  'diabetic-on-insulin': customers(`${pets(`list_contains(p.conditions, 'diabetes')`)} AND ${has('purchase', `${prod('insulin')} AND e._time >= ${ago(3, 'MONTH')}`)}`),
  'dental-care-due': customers(`${pets(`list_contains(p.conditions, 'dental disease')`)} AND ${hasNot('purchase', `${prod('dental-cleaning')} AND e._time >= ${ago(12, 'MONTH')}`)}`),
  'seniors-without-checkup': customers(`${seniorPets} AND ${hasNot('visit', `e._time >= ${ago(12, 'MONTH')}`)}`),
  'kidney-treatment-without-diet': customers(
    `c._customer IN (${events('purchase', `e._time >= ${ago(6, 'MONTH')}`)} GROUP BY _customer HAVING bool_or(${prod('kidney-medication')}) AND NOT bool_or(${prod('renal-diet')}))`,
  ),
  'vaccination-reminder': customers(`${pets(`p.species IN ('cat', 'dog')`)} AND ${has('visit', `e._time >= ${ago(24, 'MONTH')}`)} AND ${hasNot('purchase', `${cat('vaccination')} AND e._time >= ${ago(12, 'MONTH')}`)}`),
  'dogs-without-parasite-control': customers(`${pets(`p.species = 'dog'`)} AND ${hasNot('purchase', `${cat('parasite-control')} AND e._time >= ${ago(6, 'MONTH')}`)}`),
  regulars: customers(having('purchase', `e._time >= ${ago(90, 'DAY')}`, 'count(*) >= 2')),
  'big-spenders': customers(bigSpenders),
  'major-surgery': customers(having('purchase', `${cat('surgery')} AND e._time >= ${ago(12, 'MONTH')}`, `${sum('e."purchase.amount"')} > 1000`)),
  'big-spenders-reachable': customers(`${bigSpenders} AND c.email_opt_in`),
  newcomers: customers(having('purchase', 'true', `min(e._time) >= ${ago(90, 'DAY')}`)),
  'stopped-coming': customers(
    `c._customer IN (${events('visit', `e._time >= ${ago(24, 'MONTH')}`)} GROUP BY _customer HAVING count(*) >= 3 AND NOT bool_or(e._time >= ${ago(9, 'MONTH')}))`,
  ),
  dormant: customers(having('purchase', 'true', `max(e._time) < ${ago(6, 'MONTH')}`)),
  lost: customers(`c.email_opt_in AND c._customer IN (${events('purchase')} GROUP BY _customer HAVING NOT bool_or(e._time >= ${ago(12, 'MONTH')}))`),
};

/** rules.md's examples, as rules and as hand-written SQL. */
export const EXAMPLES = [
  {
    id: 'example: cats, French, 20 km',
    rule: 'language = "fr" and distance(home, clinic) < 20 km and any(pets where species = "cat" and conditions contains "chronic kidney disease")',
    sql: SEGMENT_BASELINES['cats-ckd-fr-20km'],
  },
  {
    id: 'example: surgery spend',
    rule: 'sum(purchase.amount where categories contains "surgery" within 12 months) > 1000',
    sql: SEGMENT_BASELINES['major-surgery'],
  },
  {
    id: 'example: food in 6 months',
    rule: 'count(purchase where categories contains "food" within 6 months) >= 3',
    sql: customers(having('purchase', `${cat('food')} AND e._time >= ${ago(6, 'MONTH')}`, 'count(*) >= 3')),
  },
  {
    id: 'example: did X but not Y',
    rule: 'any(purchase where products contains "renal-diet" within 6 months) and none(purchase where products contains "kidney-medication" within 6 months)',
    sql: customers(
      `c._customer IN (${events('purchase', `e._time >= ${ago(6, 'MONTH')}`)} GROUP BY _customer HAVING bool_or(${prod('renal-diet')}) AND NOT bool_or(${prod('kidney-medication')}))`,
    ),
  },
  {
    id: 'example: stopped doing X',
    rule: 'any(visit within 12 months) and none(visit within 3 months)',
    sql: customers(`c._customer IN (${events('visit', `e._time >= ${ago(12, 'MONTH')}`)} GROUP BY _customer HAVING NOT bool_or(e._time >= ${ago(3, 'MONTH')}))`),
  },
];
