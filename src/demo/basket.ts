import type { Random } from '../math/random.js';
import type { History } from './calendar.js';
import { PRODUCT_CENTS, Product } from './catalog.js';

/** Prices rise each January, as a Swiss practice's tariff does: 3% a year. */
const PRICE_FACTOR_BY_YEAR = [1, 1.03, 1.03 ** 2, 1.03 ** 3, 1.03 ** 4];

/**
 * One purchase being composed: a product mask and an amount in centimes. Prices are list
 * prices of the year with a small spread (quantities, discounts, the length of a consultation).
 */
export class Basket {
  products = 0;
  cents = 0;
  private factor = 1;

  constructor(
    private readonly history: History,
    private readonly rng: Random,
  ) {}

  /** Starts an empty basket on `day` (sets the year's tariff). */
  open(day: number): this {
    this.products = 0;
    this.cents = 0;
    this.factor = PRICE_FACTOR_BY_YEAR[this.history.yearIndex[day]!]!;
    return this;
  }

  /** Adds `quantity` units of a product at list price, spread ±5%. */
  add(product: number, quantity = 1): this {
    this.products |= 1 << product;
    this.cents += PRODUCT_CENTS[product]! * this.factor * quantity * (0.95 + 0.1 * this.rng.next());
    return this;
  }

  /** Adds a product at an explicit price in centimes (before the year's rise). */
  addPriced(product: number, cents: number): this {
    this.products |= 1 << product;
    this.cents += cents * this.factor;
    return this;
  }

  /** A consultation: its price depends on its length; emergencies cost almost twice as much. */
  consultation(emergency: boolean): this {
    const length = emergency ? 1.9 : 0.8 + 0.6 * this.rng.next();
    return this.addPriced(Product.consultation, PRODUCT_CENTS[Product.consultation]! * length);
  }

  /** A surgery: neutering at a fixed tariff by species, anything else log-normal around 1,400 CHF. */
  surgery(neuterCents: number): this {
    if (neuterCents > 0) return this.addPriced(Product.surgery, neuterCents * (0.9 + 0.3 * this.rng.next()));
    const cents = Math.min(900_000, Math.max(30_000, 140_000 * Math.exp(this.rng.normal(0, 0.55))));
    return this.addPriced(Product.surgery, cents);
  }

  /** The amount, rounded to the centime and never zero. */
  total(): number {
    return Math.max(1, Math.round(this.cents));
  }
}
