/**
 * How many customers an import may touch and still be re-evaluated at once by a customer run: 1 %
 * of the customers, or 1,000, whichever is larger. Above it the next full run does the same work
 * set-based, faster than a customer run would.
 */
const CUSTOMER_RUN_SHARE = 0.01;
const CUSTOMER_RUN_MINIMUM = 1000;

export function customerRunLimit(totalCustomers: number): number {
  return Math.max(CUSTOMER_RUN_MINIMUM, CUSTOMER_RUN_SHARE * totalCustomers);
}
