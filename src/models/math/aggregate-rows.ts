/**
 * Collapses identical rows of numeric columns into distinct rows with weights (their counts).
 *
 * A likelihood that is a sum over customers of a function of a few summary statistics takes the
 * same value for every customer with the same statistics: Σ_i ℓ(row_i) = Σ_g w_g ℓ(row_g). With
 * times in whole days, a million customers have far fewer distinct (x, t_x, T) triples, so each
 * likelihood evaluation of the optimiser runs over the groups only. Rows are compared by exact
 * value (−0 and 0 are the same; every NaN is its own group, as NaN ≠ NaN). Groups appear in the
 * order of their first row, so the result does not depend on hashing.
 */

/** Distinct rows and how many input rows each stands for. */
export interface AggregatedRows {
  /** The distinct rows, one array per input column, in the order of first appearance. */
  columns: Float64Array[];
  /** How many input rows each distinct row stands for. */
  weights: Float64Array;
  /** For each input row, the index of its distinct row. */
  groupOf: Int32Array;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function mix(hash: number, value: number): number {
  bits[0] = value + 0;
  let h = Math.imul(hash ^ (words[0] as number), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ (words[1] as number), 0x85ebca77);
  return h ^ (h >>> 13);
}

/**
 * Groups the identical rows of `columns` (all of the same length) in O(n) expected time with an
 * open-addressing hash table.
 */
export function aggregateRows(columns: readonly Float64Array[]): AggregatedRows {
  const width = columns.length;
  if (width === 0) throw new RangeError('aggregateRows needs at least one column');
  const n = (columns[0] as Float64Array).length;
  for (const column of columns) {
    if (column.length !== n) throw new RangeError('aggregateRows: columns of different lengths');
  }
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const firstRow = new Int32Array(n);
  const counts = new Float64Array(n);
  const groupOf = new Int32Array(n);
  let groups = 0;

  for (let i = 0; i < n; i++) {
    let hash = 0x2545f491;
    for (let c = 0; c < width; c++) hash = mix(hash, (columns[c] as Float64Array)[i] as number);
    let slot = hash & mask;
    for (;;) {
      const g = table[slot] as number;
      if (g === -1) {
        table[slot] = groups;
        firstRow[groups] = i;
        counts[groups] = 1;
        groupOf[i] = groups;
        groups++;
        break;
      }
      const row = firstRow[g] as number;
      let same = true;
      for (let c = 0; c < width && same; c++) {
        const column = columns[c] as Float64Array;
        same = column[row] === column[i];
      }
      if (same) {
        counts[g] = (counts[g] as number) + 1;
        groupOf[i] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }

  const distinct = columns.map((column) => {
    const out = new Float64Array(groups);
    for (let g = 0; g < groups; g++) out[g] = column[firstRow[g] as number] as number;
    return out;
  });
  return { columns: distinct, weights: counts.slice(0, groups), groupOf };
}
