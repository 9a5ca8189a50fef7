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
  private counts = new Uint32Array(0);

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
   * Moves an event one second later while another event of the same customer holds its second, so
   * that no customer has two events at the same instant: independently drawn clinic times would
   * otherwise now and then repeat a visit exactly, and an export never lists one visit twice.
   */
  separateCollisions(monthStartSecond: number, monthSeconds: number): void {
    const taken = new Set<number>();
    const span = 2 ** 22; // more seconds than any month has
    for (let i = 0; i < this.length; i++) {
      let offset = this.second[i]! - monthStartSecond;
      const base = this.customer[i]! * span;
      while (taken.has(base + offset) && offset + 1 < monthSeconds) offset++;
      taken.add(base + offset);
      this.second[i] = monthStartSecond + offset;
    }
  }

  /**
   * Indices of the events in time order; equal times keep the order in which they were pushed
   * (customer by customer), so the result is the same on every run. A counting sort on the
   * second within the month: linear, and stable by construction.
   */
  sortedOrder(monthStartSecond: number, monthSeconds: number): Uint32Array {
    const n = this.length;
    if (this.counts.length < monthSeconds + 1) this.counts = new Uint32Array(monthSeconds + 1);
    const counts = this.counts;
    counts.fill(0, 0, monthSeconds + 1);
    const second = this.second;
    for (let i = 0; i < n; i++) counts[second[i]! - monthStartSecond + 1]!++;
    for (let s = 1; s <= monthSeconds; s++) counts[s]! += counts[s - 1]!;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[counts[second[i]! - monthStartSecond]!++] = i;
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
