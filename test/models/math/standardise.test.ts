import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyStandardisation, standardise, unstandardise } from '../../../src/models/math/standardise.js';
import { DATASETS } from '../../support/shared.js';

function readIris(): Float64Array {
  const rows = readFileSync(path.join(DATASETS, 'iris', 'iris.csv'), 'utf8').trim().split('\n').slice(1);
  return Float64Array.from(rows.flatMap((line) => line.split(',').slice(0, 4).map(Number)));
}

describe('standardise (scikit-learn StandardScaler: population sd)', () => {
  test('iris: the means and scales StandardScaler reports on scikit-learn\'s copy', () => {
    const { values, means, sds } = standardise(readIris(), 4);
    // StandardScaler().fit(load_iris().data): mean_ and scale_ (= numpy std, ddof = 0)
    [5.84333333, 3.05733333, 3.758, 1.19933333].forEach((m, j) => expect(means[j]).toBeCloseTo(m, 8));
    [0.82530129, 0.43441097, 1.75940407, 0.75969263].forEach((s, j) => expect(sds[j]).toBeCloseTo(s, 8));
    for (let j = 0; j < 4; j++) {
      let [sum, squares] = [0, 0];
      for (let i = 0; i < 150; i++) {
        sum += values[i * 4 + j] as number;
        squares += (values[i * 4 + j] as number) ** 2;
      }
      expect(sum / 150).toBeCloseTo(0, 14);
      expect(squares / 150).toBeCloseTo(1, 14);
    }
  });

  test('round trip, new rows, and a constant column (scale 1, z = 0)', () => {
    const points = new Float64Array([1, 7, 2, 7, 3, 7, 10, 7]);
    const { values, means, sds } = standardise(points, 2);
    expect(sds[1]).toBe(1);
    expect(values[1]).toBe(0);
    const back = unstandardise(values, 2, means, sds);
    back.forEach((v, i) => expect(v).toBeCloseTo(points[i] as number, 13));
    expect(applyStandardisation(new Float64Array([4, 7]), 2, means, sds)[0]).toBeCloseTo(0, 15);
    expect(() => standardise(new Float64Array([1, 2, 3]), 2)).toThrow(RangeError);
  });
});
