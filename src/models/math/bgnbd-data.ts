/**
 * The BG/NBD summary columns checked, and their distinct values ("levels"): times in whole days take
 * few distinct values, so logarithms of α + t are computed once per level at each evaluation.
 * Shared by the likelihood (`bgnbd.ts`) and its gradient (`bgnbd-gradient.ts`).
 */
import { aggregateRows } from './aggregate-rows.js';
import type { BgNbdData } from './bgnbd.js';

/** Throws a RangeError for an impossible customer. */
export function checkRow(x: number, tx: number, T: number, row: number): void {
  if (!(x >= 0 && Number.isFinite(x) && tx >= 0 && T >= 0 && Number.isFinite(T) && (x === 0 || tx <= T))) {
    throw new RangeError(`BG/NBD: invalid customer at row ${row}: x=${x}, t_x=${tx}, T=${T}`);
  }
}

/** Throws for columns of different lengths or an impossible customer; returns the row count. */
export function checkData(data: BgNbdData): number {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n)) {
    throw new RangeError('BG/NBD: columns of different lengths');
  }
  for (let i = 0; i < n; i++) checkRow(data.x[i] as number, data.tx[i] as number, data.T[i] as number, i);
  return n;
}

/** The distinct values of a column and, for each row, the index of its value. */
export interface Levels {
  values: Float64Array;
  levelOf: Int32Array;
}

export function distinctLevels(column: Float64Array): Levels {
  const { columns, groupOf } = aggregateRows([column]);
  return { values: columns[0] as Float64Array, levelOf: groupOf };
}

export interface DataLevels {
  x: Levels;
  tx: Levels;
  T: Levels;
}

export function levelsOf(data: BgNbdData): DataLevels {
  return { x: distinctLevels(data.x), tx: distinctLevels(data.tx), T: distinctLevels(data.T) };
}

/** ln(α + v) for each distinct value v: times take few distinct values (whole days). */
export function lnShifted(alpha: number, levels: Levels): Float64Array {
  const out = new Float64Array(levels.values.length);
  for (let l = 0; l < out.length; l++) out[l] = Math.log(alpha + (levels.values[l] as number));
  return out;
}

