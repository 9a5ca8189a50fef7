import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASETS } from '../../support/shared.js';

/** The CDNOW calibration summary published with BTYD (shared/datasets/cdnow/cbs_reference.csv). */
export interface Cbs {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  mx: Float64Array;
}

export function readCdnowCbs(file = path.join(DATASETS, 'cdnow', 'cbs_reference.csv')): Cbs {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = (lines[0] ?? '').split(',').map((h) => h.replace(/"/g, ''));
  const at = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`missing column ${name}`);
    return i;
  };
  const [ix, itx, iT, imx] = [at('x'), at('t.x'), at('T.cal'), at('m.x')];
  const rows = lines.slice(1).map((line) => line.split(',').map((cell) => Number(cell.replace(/"/g, ''))));
  const column = (i: number): Float64Array => Float64Array.from(rows, (row) => row[i] as number);
  return { x: column(ix), tx: column(itx), T: column(iT), mx: column(imx) };
}
