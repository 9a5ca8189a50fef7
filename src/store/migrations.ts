/**
 * Segmenta's own tables, as a list of numbered steps. A store records the last step applied
 * (`meta.schema_version`); opening it with a newer Segmenta applies the steps it lacks, in one
 * transaction. Never edit a released step: add one.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Queryable } from './store.js';
import { IMPORTS_TABLE } from './tables.js';

export interface Migration {
  readonly version: number;
  readonly description: string;
  up(tx: Queryable, d: Dialect): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'import log',
    async up(tx, d) {
      await tx.run(
        `CREATE TABLE ${IMPORTS_TABLE} (
          id BIGINT PRIMARY KEY, entity ${d.keyType} NOT NULL, file ${d.keyType} NOT NULL, format ${d.keyType} NOT NULL,
          finished ${d.instantType} NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL,
          unchanged BIGINT NOT NULL, rejected BIGINT NOT NULL)`,
      );
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
