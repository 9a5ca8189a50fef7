import type { Random } from '../math/random.js';

/**
 * A fixed set of relative weights, summed once, drawn from with one uniform number
 * (`Random.weighted` sums its weights on every call, which shows in hot loops).
 */
export class WeightedChoice {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new Error('no weights');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((weight, i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
  }

  /** An index, with probability proportional to its weight. */
  index(rng: Random): number {
    const cumulative = this.cumulative;
    const last = cumulative.length - 1;
    const u = rng.next() * cumulative[last]!;
    let i = 0;
    while (i < last && u >= cumulative[i]!) i++;
    return i;
  }

  /** One of `items` (as many as there are weights). */
  pick<T>(items: readonly T[], rng: Random): T {
    return items[this.index(rng)] as T;
  }
}
