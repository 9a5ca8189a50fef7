/**
 * Where the project's shared fixtures and data sets are: the `shared` folder beside the
 * repository (`../shared`, as the project lays them out), or the folder `SEGMENTA_SHARED` names.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SHARED = process.env['SEGMENTA_SHARED'] ? path.resolve(process.env['SEGMENTA_SHARED']) : path.resolve(here, '../../../shared');
export const FIXTURE = path.join(SHARED, 'fixtures', 'clinic');
export const DATASETS = path.join(SHARED, 'datasets');

/** Fails with what is missing and how to point at it, instead of a bare ENOENT in many tests. */
export function checkShared(): void {
  for (const folder of [FIXTURE, DATASETS]) {
    if (!existsSync(folder)) {
      throw new Error(
        `the tests read the project's shared fixtures and data sets from ${SHARED}, but ${folder} does not exist: ` +
          'clone the repository beside the `shared` folder (../shared), or set SEGMENTA_SHARED to where it is',
      );
    }
  }
}
