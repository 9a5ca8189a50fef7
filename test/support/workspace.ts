/**
 * Test workspaces: temporary folders holding a `segmenta.yaml` (the clinic fixture's, or one
 * written by the test) and a real store. Every test gets its own folder, so files run in parallel.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
import { importFile, type ImportOptions, type ImportSummary } from '../../src/ingest/import.js';
import { openWorkspace, type OpenWorkspace } from '../../src/open.js';
import { DuckDbStore } from '../../src/store/duckdb-store.js';

export const FIXTURE = path.resolve(here, '../../../shared/fixtures/clinic');
export const DATASETS = path.resolve(here, '../../../shared/datasets');

export async function tempDir(prefix = 'segmenta-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A copy of the clinic fixture in a fresh folder (the shared one is read-only). */
export async function clinicCopy(): Promise<string> {
  const dir = await tempDir('segmenta-clinic-');
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

/** A folder with the given `segmenta.yaml` and extra files. */
export async function workspaceWith(yaml: string, files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'segmenta.yaml'), yaml);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

export async function open(dir: string): Promise<OpenWorkspace & { store: DuckDbStore }> {
  const opened = await openWorkspace(dir, {});
  if (!(opened.store instanceof DuckDbStore)) throw new Error('expected a DuckDB store');
  return opened as OpenWorkspace & { store: DuckDbStore };
}

export function load(ws: OpenWorkspace & { store: DuckDbStore }, entity: string, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importFile(ws.store, ws.workspace, entity, path.isAbsolute(file) ? file : path.join(ws.workspace.dir, file), options);
}

/** The clinic fixture imported whole. */
export async function importedClinic(): Promise<OpenWorkspace & { store: DuckDbStore }> {
  const ws = await open(await clinicCopy());
  await load(ws, 'customers', 'customers.csv');
  await load(ws, 'pets', 'pets.csv');
  await load(ws, 'events', 'events.csv');
  return ws;
}
