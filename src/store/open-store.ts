import type { Workspace } from '../workspace/types.js';
import { DuckDbStore } from './duckdb-store.js';
import { PostgresStore } from './postgres-store.js';
import type { Store } from './store.js';

/** DuckDB's memory limit unless `SEGMENTA_MEMORY_LIMIT` says otherwise: large imports spill to disk beyond it. */
export const DEFAULT_MEMORY_LIMIT = '1GB';

/** Opens the store the workspace names. */
export async function openStore(ws: Workspace, env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  switch (ws.store.kind) {
    case 'duckdb':
      return DuckDbStore.open(ws.store.path, { timezone: ws.timezone, memoryLimit: env['SEGMENTA_MEMORY_LIMIT'] || DEFAULT_MEMORY_LIMIT });
    case 'postgres':
      return PostgresStore.open(ws.store.url, { timezone: ws.timezone });
  }
}
