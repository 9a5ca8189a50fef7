/**
 * Random rules over the clinic fixture's schema, as text: every form of rules.md that the fixture
 * can hold (text tests in every case, lists, whole days and relative dates, windows, collections
 * with `customer.`, arithmetic, segments, segmentations), nested with and/or/not. Values come
 * from the fixture's data (so that most rules select some customers but not all) and from the
 * corners (case, accents, DST days). Some texts are ill-typed (arithmetic on a distance) and are
 * refused by the checker; the callers skip them.
 */
import type { Random } from '../../src/math/random.js';

const COMPARISONS = ['=', '!=', '<', '<=', '>', '>='];
const TEXTS = ['fr', 'FR', 'de', 'en', 'it', 'pt', 'M', 'F', 'X', 'Léa', 'LÉA', 'é', 'É', 'ü', 'Ü', 'müller', 'MÜLLER', 'o', 'ch', '.CH', '10', '1', 'exemple', 'ß', 'SS', 'İ', 'i', 'Σ', ''];
const CUSTOMER_TEXT_FIELDS = ['language', 'gender', 'email', 'first_name', 'last_name', 'postcode'];
// Patterns that mean the same in RE2 (DuckDB) and POSIX (PostgreSQL).
const PATTERNS = ['^[A-Z]', '[0-9]{3}', 'é', '^C', '(a|e)n$', '^1[0-5]', 'ü|ö', '\\.ch$', '^[^@]+@', 'a.c', '^$', 'É'];
const SPECIES = ['cat', 'dog', 'rabbit', 'bird', 'reptile', 'Cat'];
const PET_NAMES = ['Luna', 'Rex', 'Naïa', 'NAÏA', 'a', 'o', 'Minou'];
const CONDITIONS = ['epilepsy', 'diabetes', 'obesity', 'dental disease', 'arthritis', 'heart failure', 'chronic kidney disease', 'Diabetes', 'kidney'];
const CATEGORIES = ['consultation', 'food', 'medication', 'parasite-control', 'surgery', 'vaccination', 'grooming', 'dental', 'FOOD'];
const PRODUCTS = ['consultation', 'dog-food', 'insulin', 'cat-food', 'renal-diet', 'kidney-medication', 'surgery', 'dental-cleaning', 'Insulin'];
const ORDER_IDS = ['O0000', 'O00000001', 'o0001', '9', ''];
const UNITS = ['hours', 'days', 'weeks', 'months', 'years', 'day', 'month', 'year'];
// Clock changes in Zurich (2025-03-30, 2025-10-26), 29 February, month ends, old birth dates.
const DATES = ['2023-01-01', '2024-02-29', '2025-03-30', '2025-10-26', '2026-01-31', '2026-06-30', '1960-01-01', '1985-07-15'];
const TIMESTAMPS = ['2025-03-30T02:30:00', '2025-10-26T02:30:00', '2026-01-01T00:00:00', '2025-12-31T23:59:59', '2026-03-29T01:59:59+00:00', '2025-06-15T12:00:00Z'];
const NUMBERS = ['0', '1', '2', '3', '5', '10', '20', '50', '100', '250.5', '1000', '-1', '0.5'];
const PLACES = ['clinic', 'point(46.2, 6.15)', 'point(47.37, 8.54)'];
const SEGMENTS = ['cats-ckd-fr-20km', 'senior-pets', 'heart-dogs'];

/** Instants to evaluate at, in the fixture's zone: inside a clock change's gap and overlap, 29 February, a month's last second. */
export const RANDOM_RULE_INSTANTS = ['2026-07-01T00:00:00', '2025-08-31T18:30:00', '2025-03-30T02:30:00', '2025-10-26T02:30:00', '2024-02-29T12:00:00', '2026-03-31T23:59:59'];

export function randomRule(random: Random, depth = 2): string {
  return new RuleWriter(random).rule(depth);
}

class RuleWriter {
  constructor(private readonly random: Random) {}

  rule(depth: number): string {
    const r = this.random.next();
    if (depth > 0 && r < 0.3) return `(${this.rule(depth - 1)}) and (${this.rule(depth - 1)})`;
    if (depth > 0 && r < 0.5) return `(${this.rule(depth - 1)}) or (${this.rule(depth - 1)})`;
    if (depth > 0 && r < 0.6) return `not (${this.rule(depth - 1)})`;
    return this.customerTest();
  }

  private customerTest(): string {
    const { random } = this;
    const s = random.next();
    if (s < 0.18) return this.textTest(random.pick(CUSTOMER_TEXT_FIELDS), TEXTS);
    if (s < 0.26) return `${random.pick(['birth_date', 'created_at'])} ${random.pick(COMPARISONS)} ${this.time()}`;
    if (s < 0.3) return `${random.pick(['birth_date', 'created_at'])} within ${this.duration()}`;
    if (s < 0.34) return random.pick(['email_opt_in', 'email_opt_in = false', 'email_opt_in != true', 'email_opt_in is null']);
    if (s < 0.45) return `${this.customerNumber(1)} ${random.pick(COMPARISONS)} ${this.customerNumber(1)}`;
    // A ratio of two whole numbers: a fraction, on both stores.
    if (s < 0.5) return `${this.wholeNumber()} / ${this.wholeNumber()} ${random.pick(COMPARISONS)} ${random.pick(['0', '0.05', '0.5', '1', '1.5'])}`;
    if (s < 0.62) return `${random.pick(['any', 'all', 'none'])}(pets where ${this.petTest(2)})`;
    if (s < 0.66) return `any(pets)`;
    if (s < 0.8) return `${random.pick(['any', 'none'])}(${this.events(2)})`;
    if (s < 0.88) return `${random.pick(['first', 'last'])}(${random.pick(['purchase', 'visit'])}${this.window()}) ${random.pick(COMPARISONS)} ${this.time()}`;
    if (s < 0.9) return `in segment ${JSON.stringify(random.pick(SEGMENTS))}`;
    if (s < 0.93)
      return random.pick([
        () => `${this.customerNumber(0)} between ${random.pick(NUMBERS)} and ${random.pick(NUMBERS)}`,
        () => `${this.customerNumber(0)} ${random.pick(['in', 'not in'])} [${random.pick(NUMBERS)}, ${random.pick(NUMBERS)}]`,
        () => `${this.customerNumber(0)} ${random.pick(['is null', 'is not null'])}`,
        () => `${random.pick(['first', 'last'])}(${random.pick(['purchase', 'visit'])}) ${random.pick(['within ' + this.duration(), 'between ' + random.pick(DATES) + ' and ' + random.pick(DATES), 'is null'])}`,
      ])();
    return random.pick([
      `rf6 = ${JSON.stringify(random.pick(['best', 'engaged', 'new', 'slipping', 'at_risk', 'inactive', 'prospect']))}`,
      `rfm = ${JSON.stringify(random.pick(['champions', 'loyal', 'lost', 'hibernating', 'prospect', 'new']))}`,
      `rfm.${random.pick(['r', 'f', 'm'])} ${random.pick(COMPARISONS)} ${random.int(1, 5)}`,
      `rf6.${random.pick(['recency_days', 'frequency', 'monetary'])} ${random.pick(COMPARISONS)} ${random.pick(NUMBERS)}`,
      `lifecycle = ${JSON.stringify(random.pick(['new', 'active', 'at_risk', 'lapsed', 'prospect']))}`,
    ]);
  }

  private customerNumber(depth: number): string {
    const { random } = this;
    if (depth > 0 && random.chance(0.15)) return `${this.customerNumber(depth - 1)} ${random.pick(['+', '-', '*', '/'])} ${this.customerNumber(depth - 1)}`;
    return random.pick([
      () => 'age(birth_date)',
      () => `distance(home, ${random.pick(PLACES)})`,
      () => `count(pets${random.chance(0.5) ? ` where ${this.petTest(1)}` : ''})`,
      () => `count(${this.events(1)})`,
      () => `${random.pick(['sum', 'avg', 'min', 'max'])}(purchase.amount${random.chance(0.4) ? ` where ${this.purchaseTest(1)}` : ''}${this.window()})`,
      () => random.pick(NUMBERS),
    ])();
  }

  private wholeNumber(): string {
    return this.random.pick([() => 'age(birth_date)', () => `count(pets${this.random.chance(0.5) ? ` where ${this.petTest(1)}` : ''})`, () => `count(${this.events(1)})`])();
  }

  /** A condition of `where`: a leaf test, or (above depth 0) two joined by and/or, or one negated. */
  private nested(depth: number, leaf: () => string): string {
    const { random } = this;
    const r = random.next();
    if (depth > 0 && r < 0.2) return `${this.nested(depth - 1, leaf)} ${random.pick(['and', 'or'])} ${this.nested(depth - 1, leaf)}`;
    if (depth > 0 && r < 0.25) return `not (${this.nested(depth - 1, leaf)})`;
    return leaf();
  }

  private petTest(depth: number): string {
    return this.nested(depth, () => this.petLeaf());
  }

  private petLeaf(): string {
    const { random } = this;
    const s = random.next();
    if (s < 0.25) return this.textTest('species', SPECIES);
    if (s < 0.45) return `conditions ${this.listTest(CONDITIONS)}`;
    if (s < 0.6) return `age(birth_date) ${random.pick(COMPARISONS)} ${random.int(0, 20)}`;
    if (s < 0.7) return `birth_date ${random.pick(COMPARISONS)} ${this.time()}`;
    if (s < 0.8) return this.textTest('name', PET_NAMES);
    if (s < 0.9) return random.pick(['customer.language = "fr"', 'customer.email_opt_in', 'customer.gender != "F"', 'age(customer.birth_date) > 60']);
    return random.pick(['birth_date is null', 'birth_date is not null', 'conditions is null']);
  }

  private events(depth: number): string {
    const type = this.random.pick(['purchase', 'purchase', 'visit']);
    const where = type === 'purchase' && this.random.chance(0.6) ? ` where ${this.purchaseTest(depth)}` : '';
    return `${type}${where}${this.window()}`;
  }

  private purchaseTest(depth: number): string {
    return this.nested(depth, () => this.purchaseLeaf());
  }

  private purchaseLeaf(): string {
    const { random } = this;
    const s = random.next();
    if (s < 0.3) return `amount ${random.pick(COMPARISONS)} ${random.pick(NUMBERS)}`;
    if (s < 0.5) return `categories ${this.listTest(CATEGORIES)}`;
    if (s < 0.7) return `products ${this.listTest(PRODUCTS)}`;
    if (s < 0.8) return `amount between ${random.pick(NUMBERS)} and ${random.pick(NUMBERS)}`;
    if (s < 0.9) return this.textTest('order_id', ORDER_IDS);
    return random.pick(['amount is null', 'amount is not null']);
  }

  private textTest(field: string, values: readonly string[]): string {
    const { random } = this;
    const value = (): string => JSON.stringify(random.pick(values));
    const s = random.next();
    if (s < 0.25) return `${field} ${random.pick(COMPARISONS)} ${value()}`;
    if (s < 0.35) return `${field} ${random.pick(['in', 'not in'])} ${this.list(values)}`;
    if (s < 0.45) return `${field} ${random.pick(['is null', 'is not null'])}`;
    if (s < 0.6) return `${field} contains ${value()}`;
    if (s < 0.7) return `${field} starts with ${value()}`;
    if (s < 0.8) return `${field} ends with ${value()}`;
    if (s < 0.9) return `${field} matches ${JSON.stringify(random.pick(PATTERNS))}`;
    return `${field} between ${value()} and ${value()}`;
  }

  private listTest(values: readonly string[]): string {
    const s = this.random.next();
    if (s < 0.5) return `contains ${JSON.stringify(this.random.pick(values))}`;
    return `contains ${s < 0.75 ? 'any' : 'all'} ${this.list(values)}`;
  }

  private list(values: readonly string[]): string {
    return `[${Array.from({ length: this.random.int(1, 3) }, () => JSON.stringify(this.random.pick(values))).join(', ')}]`;
  }

  private time(): string {
    const s = this.random.next();
    if (s < 0.35) return this.random.pick(DATES);
    if (s < 0.55) return this.random.pick(TIMESTAMPS);
    return `${this.duration()} ago`;
  }

  private duration(): string {
    const { random } = this;
    const unit = random.pick(UNITS);
    const most = unit.startsWith('hour') ? 2000 : unit.startsWith('day') ? 800 : unit.startsWith('week') ? 100 : unit.startsWith('month') ? 30 : 5;
    return `${random.int(unit.startsWith('hour') || unit.startsWith('week') ? 1 : 0, most)} ${unit}`;
  }

  private window(): string {
    const s = this.random.next();
    if (s < 0.45) return '';
    if (s < 0.8) return ` within ${this.duration()}`;
    const [from, to] = [this.random.pick(DATES.slice(0, 6)), this.random.pick(DATES.slice(0, 6))].sort();
    return ` between ${from} and ${to}`;
  }
}
