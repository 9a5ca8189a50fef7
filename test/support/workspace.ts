/**
 * Test workspaces: temporary folders holding a `segmenta.yaml` (the clinic fixture's, or one
 * written by the test) and a real store. Every test gets its own folder, so files run in parallel.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importFile, type ImportOptions, type ImportSummary } from '../../src/ingest/import.js';
import { openWorkspace, type OpenWorkspace } from '../../src/open.js';
import { FIXTURE } from './shared.js';
import { storeEnv, useStore, type StoreKind } from './stores.js';

export { DATASETS, FIXTURE } from './shared.js';

export async function tempDir(prefix = 'segmenta-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A copy of the clinic fixture in a fresh folder (the shared one is read-only). */
export async function clinicCopy(store: StoreKind = 'duckdb'): Promise<string> {
  const dir = await tempDir('segmenta-clinic-');
  await cp(FIXTURE, dir, { recursive: true });
  return useStore(dir, store);
}

/** A folder with the given `segmenta.yaml` and extra files. */
export async function workspaceWith(yaml: string, files: Record<string, string | Buffer> = {}, store: StoreKind = 'duckdb'): Promise<string> {
  const dir = useStore(await tempDir(), store);
  await writeFile(path.join(dir, 'segmenta.yaml'), yaml);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** Opens the workspace in `dir` on `store` (its PostgreSQL schema named from the folder). */
export async function open(dir: string, store: StoreKind = 'duckdb'): Promise<OpenWorkspace> {
  return openWorkspace(useStore(dir, store), storeEnv(store, dir));
}

export function load(ws: OpenWorkspace, entity: string, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importFile(ws.store, ws.workspace, entity, path.isAbsolute(file) ? file : path.join(ws.workspace.dir, file), options);
}

/** The fixture's files, in the order they import (customers before what refers to them). */
export const FIXTURE_FILES = [['customers', 'customers.csv'], ['pets', 'pets.csv'], ['events', 'events.csv']] as const;

/** The clinic fixture imported whole. */
export async function importedClinic(store: StoreKind = 'duckdb'): Promise<OpenWorkspace> {
  const ws = await open(await clinicCopy(), store);
  for (const [entity, file] of FIXTURE_FILES) await load(ws, entity, file);
  return ws;
}
