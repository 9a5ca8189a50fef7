import { describe, expect, test } from 'vitest';
import { aggregateRows } from '../../../src/models/math/aggregate-rows.js';

describe('aggregateRows', () => {
  test('identical rows become one weighted row, in order of first appearance', () => {
    const x = new Float64Array([2, 0, 2, 1, 0, 2]);
    const t = new Float64Array([5, 0, 5, 3, 0, 4]);
    const { columns, weights, groupOf } = aggregateRows([x, t]);
    expect(Array.from(columns[0] as Float64Array)).toEqual([2, 0, 1, 2]);
    expect(Array.from(columns[1] as Float64Array)).toEqual([5, 0, 3, 4]);
    expect(Array.from(weights)).toEqual([2, 2, 1, 1]);
    expect(Array.from(groupOf)).toEqual([0, 1, 0, 2, 1, 3]);
  });

  test('−0 equals 0; NaN rows stay apart; many rows with many collisions', () => {
    const { weights } = aggregateRows([new Float64Array([0, -0, NaN, NaN])]);
    expect(Array.from(weights)).toEqual([2, 1, 1]);
    const n = 100_000;
    const column = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const grouped = aggregateRows([column]);
    expect(grouped.weights.length).toBe(1000);
    expect(grouped.weights.every((w) => w === 100)).toBe(true);
  });

  test('columns must have the same length', () => {
    expect(() => aggregateRows([new Float64Array(2), new Float64Array(3)])).toThrow(RangeError);
  });
});
