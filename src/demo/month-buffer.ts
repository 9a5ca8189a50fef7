/**
 * The events of one calendar month, as typed columns, sorted by time before they are written.
 * A purchase is its product mask and amount; a visit has mask 0. Memory is what one month of
 * the whole clientele needs (about 20 bytes an event), reused from month to month.
 */
export class MonthBuffer {
  length = 0;
  second = new Uint32Array(0);
  customer = new Uint32Array(0);
  products = new Uint32Array(0);
  cents = new Uint32Array(0);
  private keys = new Float64Array(0);

  constructor(capacity = 1 << 16) {
    this.grow(capacity);
  }

  /** Forgets the previous month's events and keeps the memory. */
  clear(): void {
    this.length = 0;
  }

  /** Adds an event at `second` (since day 0 of the history). `products` = 0 for a visit. */
  push(second: number, customer: number, products: number, cents: number): void {
    if (this.length === this.second.length) this.grow(this.second.length * 2);
    const i = this.length++;
    this.second[i] = second;
    this.customer[i] = customer;
    this.products[i] = products;
    this.cents[i] = cents;
  }

  /**
   * Indices of the events in time order; equal times keep the order in which they were pushed
   * (customer by customer), so the result is the same on every run.
   */
  sortedOrder(monthStartSecond: number): Uint32Array {
    const n = this.length;
    if (this.keys.length < n) this.keys = new Float64Array(this.second.length);
    const keys = this.keys.subarray(0, n);
    // Seconds within a month stay below 2^22 and indices below 2^31: the key is exact in a double.
    for (let i = 0; i < n; i++) keys[i] = (this.second[i]! - monthStartSecond) * INDEX_RANGE + i;
    keys.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = keys[i]! % INDEX_RANGE;
    return order;
  }

  private grow(capacity: number): void {
    const second = new Uint32Array(capacity);
    const customer = new Uint32Array(capacity);
    const products = new Uint32Array(capacity);
    const cents = new Uint32Array(capacity);
    second.set(this.second.subarray(0, this.length));
    customer.set(this.customer.subarray(0, this.length));
    products.set(this.products.subarray(0, this.length));
    cents.set(this.cents.subarray(0, this.length));
    this.second = second;
    this.customer = customer;
    this.products = products;
    this.cents = cents;
  }
}

const INDEX_RANGE = 2 ** 31;
