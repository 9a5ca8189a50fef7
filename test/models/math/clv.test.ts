import { describe, expect, test } from 'vitest';
import { expectedPurchases } from '../../../src/models/math/bgnbd.js';
import { customerLifetimeValue, discountSchedule } from '../../../src/models/math/clv.js';
import { expectedSpend } from '../../../src/models/math/gamma-gamma.js';
import { readCdnowCbs } from './cdnow.js';

const cbs = readCdnowCbs();
/** Published CDNOW estimates (Fader, Hardie & Lee 2005, Marketing Science; JMR). */
const bgnbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('CLV = margin × E[M] × (discounted) E[Y]', () => {
  test('without discounting: margin × E[M | x, m_x] × E[Y(H) | x, t_x, T]', () => {
    const result = customerLifetimeValue(bgnbd, gammaGamma, cbs, { horizon: 52, margin: 0.3 });
    for (const i of [0, 1, 2, 17, 2356]) {
      const [x, tx, T, mx] = [cbs.x[i] as number, cbs.tx[i] as number, cbs.T[i] as number, cbs.mx[i] as number];
      const purchases = expectedPurchases(bgnbd, 52, x, tx, T);
      expect(result.expectedPurchases[i]).toBe(purchases);
      expect(result.discountedPurchases[i]).toBe(purchases);
      expect(result.clv[i]).toBeCloseTo(0.3 * expectedSpend(gammaGamma, x, mx) * purchases, 10);
    }
  });

  test('with a discount rate: the purchases of each unit, discounted at the end of the unit', () => {
    const d = 0.01;
    const result = customerLifetimeValue(bgnbd, gammaGamma, cbs, { horizon: 10.5, discountRate: d });
    // Written out for customer 1 (x = 2, t_x = 30.43, T = 38.86): units 1..10, then the half unit to 10.5.
    const [x, tx, T, mx] = [2, cbs.tx[0] as number, cbs.T[0] as number, cbs.mx[0] as number];
    let sum = 0;
    let previous = 0;
    for (const t of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10.5]) {
      const cumulative = expectedPurchases(bgnbd, t, x, tx, T);
      sum += (cumulative - previous) / (1 + d) ** t;
      previous = cumulative;
    }
    expect(result.discountedPurchases[0]).toBeCloseTo(sum, 12);
    expect(result.clv[0]).toBeCloseTo(sum * expectedSpend(gammaGamma, x, mx), 10);
    expect(result.discountedPurchases[0]).toBeLessThan(result.expectedPurchases[0] as number);
  });

  test('the schedule', () => {
    expect(discountSchedule(3, 0)).toEqual({ times: [3], factors: [1] });
    expect(discountSchedule(2.5, 0.1).times).toEqual([1, 2, 2.5]);
    expect(discountSchedule(2, 0.1).factors[1]).toBeCloseTo(1 / 1.21, 15);
    expect(() => discountSchedule(0, 0)).toThrow(RangeError);
    expect(() => discountSchedule(1, -0.1)).toThrow(RangeError);
  });
});
