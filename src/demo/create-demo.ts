/**
 * `segmenta demo`: a clinic generated, imported and summarised, ready to explore. Also the way the
 * benchmarks build their bases.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { importFile, type ImportSummary } from '../ingest/import.js';
import { openWorkspace, type OpenWorkspace } from '../open.js';
import { StoreError } from '../store/store.js';
import { DATABASE_URL_ENV } from '../workspace/load.js';
import { claimDemoStore, DEMO_FILES, requireDemoStore, writeDemoMark } from './demo-store.js';
import { DEMO_FIRST_LINE, isUnchangedDemoYaml } from './workspace-yaml.js';
import { generateClinic, type GenerateClinicResult } from './generate-clinic.js';
import { DateTime } from 'luxon';
import { evaluation } from '../engine/evaluate.js';
import { replay } from '../runs/replay.js';
import type { RunSummary } from '../runs/run.js';

export interface CreateDemoOptions {
  readonly dir: string;
  readonly customers: number;
  readonly seed: number;
  readonly until: string;
  /** Progress of each step, for a progress bar. */
  readonly onProgress?: (step: 'generate' | 'customers' | 'pets' | 'events' | 'runs', fraction: number) => void;
  /** Months of history to replay as monthly runs (default 24). */
  readonly months?: number;
}

export interface Demo {
  readonly dir: string;
  readonly generated: GenerateClinicResult;
  readonly imports: readonly ImportSummary[];
  /** The monthly runs replayed over the last 24 months of the history. */
  readonly runs: readonly RunSummary[];
  /** The opened workspace (the caller closes it). */
  readonly opened: OpenWorkspace;
}

/** What the demo's folder held before: nothing (`absent`: the first missing folder of its path) or an earlier demo. */
type DemoFolder = { readonly kind: 'absent'; readonly created: string } | { readonly kind: 'empty' } | { readonly kind: 'earlier-demo' };

/**
 * Refuses to write into a folder that holds something other than an earlier demo left as the demo
 * made it: its segmenta.yaml unchanged, and its stores (the folder's own DuckDB file, and the one
 * `SEGMENTA_DATABASE_URL` names) holding only what a demo imported. Checked before anything is
 * written, so that a refusal leaves everything as it was.
 */
export async function prepareDemoFolder(dir: string): Promise<DemoFolder> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreError(`cannot make the demo in ${dir}: ${(error as Error).message}`);
    let created = dir;
    while (!existsSync(path.dirname(created))) created = path.dirname(created);
    return { kind: 'absent', created };
  }
  if (entries.length === 0) return { kind: 'empty' };
  // Only a demo's own segmenta.yaml (its first line) marks the folder as one: a workspace of real
  // data beside files of the same names must never be written over.
  const yaml = entries.includes('segmenta.yaml') ? await readFile(path.join(dir, 'segmenta.yaml'), 'utf8').catch(() => '') : '';
  if (yaml.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] !== DEMO_FIRST_LINE) {
    throw new StoreError(`${dir} is not empty and is not an earlier demo: choose another folder`);
  }
  if (!isUnchangedDemoYaml(yaml)) {
    throw new StoreError(`${dir} is an earlier demo whose segmenta.yaml is not as the demo wrote it (edited, or written by another version): a demo would write over it; choose another folder`);
  }
  const { [DATABASE_URL_ENV]: named, ...withoutUrl } = process.env;
  for (const env of named ? [withoutUrl, process.env] : [withoutUrl]) {
    const earlier = await openWorkspace(dir, env);
    try {
      await requireDemoStore(earlier.store, earlier.store.location);
    } finally {
      await earlier.close();
    }
  }
  // The folder's own store was a demo's: made again from nothing (the other store is emptied when claimed).
  await rm(path.join(dir, '.segmenta'), { recursive: true, force: true });
  return { kind: 'earlier-demo' };
}

export async function createDemo(options: CreateDemoOptions): Promise<Demo> {
  const dir = path.resolve(options.dir);
  const folder = await prepareDemoFolder(dir);
  try {
    return await fillDemo(dir, options);
  } catch (error) {
    // A store refused (it holds someone's customers): leave no half-made demo in a folder that was new.
    if (error instanceof StoreError && folder.kind === 'absent') await rm(folder.created, { recursive: true, force: true });
    if (error instanceof StoreError && folder.kind === 'empty') for (const entry of await readdir(dir)) await rm(path.join(dir, entry), { recursive: true, force: true });
    throw error;
  }
}

async function fillDemo(dir: string, options: CreateDemoOptions): Promise<Demo> {
  const expected = options.customers * 35;
  const generated = await generateClinic({
    dir,
    customers: options.customers,
    seed: options.seed,
    until: options.until,
    ...(options.onProgress ? { onProgress: (rows: number) => options.onProgress!('generate', Math.min(1, rows / expected)) } : {}),
  });
  const opened = await openWorkspace(dir);
  try {
    const files = DEMO_FILES.map(([, file]) => path.join(dir, file));
    await claimDemoStore(opened.store, opened.workspace, { seed: options.seed, files });
    const imports: ImportSummary[] = [];
    for (const [entity, file] of DEMO_FILES) {
      imports.push(
        await importFile(opened.store, opened.workspace, entity, path.join(dir, file), {
          ...(options.onProgress ? { onProgress: (f: number) => options.onProgress!(entity, f) } : {}),
        }),
      );
    }
    const ev = evaluation(opened.workspace, opened.store);
    const months = options.months ?? 24;
    const end = DateTime.fromISO(options.until, { zone: opened.workspace.timezone }).plus({ days: 1 }).startOf('month');
    // Models are fitted at the last two runs only: at every month they would triple the demo's time.
    const runs = await replay(ev, end.minus({ months: months - 1 }).toISODate()!, options.until, (_, i, n) => options.onProgress?.('runs', (i + 1) / n), { modelsAtLast: 2 });
    await opened.store.transaction((tx) => writeDemoMark(tx, { seed: options.seed, files, lastImport: Math.max(...imports.map((i) => i.importId)) }));
    return { dir, generated, imports, runs, opened };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
