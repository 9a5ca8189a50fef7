import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASETS } from '../../support/shared.js';

/** shared/datasets/iris/blobs.csv: scikit-learn's make_blobs(500, 4 centres, random_state=1). */
export interface Blobs {
  points: Float64Array;
  truth: Int32Array;
  sklearn: Record<2 | 3 | 4, Int32Array>;
}

export function readBlobs(file = path.join(DATASETS, 'iris', 'blobs.csv')): Blobs {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const column = (i: number): Int32Array => Int32Array.from(rows, (row) => row[i] as number);
  const points = new Float64Array(rows.length * 2);
  rows.forEach((row, i) => {
    points[2 * i] = row[0] as number;
    points[2 * i + 1] = row[1] as number;
  });
  return { points, truth: column(2), sklearn: { 2: column(3), 3: column(4), 4: column(5) } };
}

/** Adjusted Rand index (Hubert & Arabie 1985), from the contingency table. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const table = new Map<string, number>();
  const rowsCount = new Map<number, number>();
  const colsCount = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowsCount.set(a[i] as number, (rowsCount.get(a[i] as number) ?? 0) + 1);
    colsCount.set(b[i] as number, (colsCount.get(b[i] as number) ?? 0) + 1);
  }
  const pairs = (m: number): number => (m * (m - 1)) / 2;
  let index = 0;
  for (const m of table.values()) index += pairs(m);
  let rowsPairs = 0;
  for (const m of rowsCount.values()) rowsPairs += pairs(m);
  let colsPairs = 0;
  for (const m of colsCount.values()) colsPairs += pairs(m);
  const expected = (rowsPairs * colsPairs) / pairs(n);
  const max = (rowsPairs + colsPairs) / 2;
  return (index - expected) / (max - expected);
}

/** True when two labelings are the same partition (equal up to a renaming of the labels). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] as number, b[i] as number];
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return false;
    forward.set(x, y);
    backward.set(y, x);
  }
  return true;
}
