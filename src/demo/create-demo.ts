/**
 * `segmenta demo`: a clinic generated, imported and summarised, ready to explore. Also the way the
 * benchmarks build their bases.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { importFile, type ImportSummary } from '../ingest/import.js';
import { openWorkspace, type OpenWorkspace } from '../open.js';
import { StoreError, type Queryable } from '../store/store.js';
import { CUSTOMERS_TABLE, IMPORTS_TABLE, META_TABLE } from '../store/tables.js';
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

/** The files a demo writes and imports, with their entities. */
const DEMO_FILES = [['customers', 'customers.csv'], ['pets', 'pets.csv'], ['events', 'events.csv']] as const;

/** What the demo's folder held before: nothing (`absent`, `empty`) or an earlier demo. */
type DemoFolder = 'absent' | 'empty' | 'earlier-demo';

/**
 * Refuses to write into a folder that holds something other than an earlier demo left as the demo
 * made it: its segmenta.yaml unchanged, its store holding only what a demo imported.
 */
export async function prepareDemoFolder(dir: string): Promise<DemoFolder> {
  const entries = await readdir(dir).catch(() => undefined);
  if (entries === undefined) return 'absent';
  if (entries.length === 0) return 'empty';
  // Only a demo's own segmenta.yaml (its first line) marks the folder as one: a workspace of real
  // data beside files of the same names must never be written over.
  const yaml = entries.includes('segmenta.yaml') ? await readFile(path.join(dir, 'segmenta.yaml'), 'utf8').catch(() => '') : '';
  if (yaml.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] !== DEMO_FIRST_LINE) {
    throw new StoreError(`${dir} is not empty and is not an earlier demo: choose another folder`);
  }
  if (!isUnchangedDemoYaml(yaml)) {
    throw new StoreError(`${dir} is an earlier demo whose segmenta.yaml is not as the demo wrote it (edited, or written by another version): a demo would write over it; choose another folder`);
  }
  // Checked before anything is written, so that a refusal leaves the folder as it was.
  const earlier = await openWorkspace(dir);
  try {
    await requireDemoStore(earlier);
  } finally {
    await earlier.close();
  }
  await rm(path.join(dir, '.segmenta'), { recursive: true, force: true });
  return 'earlier-demo';
}

/**
 * The key of the store's `meta` table that marks a store a demo fills. Its value is JSON: the
 * seed, the files the demo imports and, once it has finished, the id of its last import, after
 * which any import is someone else's. (A demo made before this value was recorded holds the seed
 * alone.)
 */
const DEMO_MARK = 'demo';

interface DemoMark {
  readonly seed: number;
  readonly files: readonly string[];
  readonly lastImport?: number;
}

function readDemoMark(value: string): Partial<DemoMark> {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<DemoMark>) : {};
  } catch {
    return {};
  }
}

/**
 * The folder is a demo's, but the store may not be: `SEGMENTA_DATABASE_URL` can name a PostgreSQL
 * schema holding real customers, whom the demo's keys (C000001…) would overwrite, and someone may
 * have imported their own files into a demo's store. A store with customers is written into only
 * when a demo marked it and nothing was imported but that demo's files (after it finished:
 * nothing at all; a demo stopped half-way may be made again).
 */
async function requireDemoStore(opened: OpenWorkspace): Promise<void> {
  const store = opened.store;
  const where = opened.workspace.store.kind === 'postgres' ? 'the PostgreSQL schema it opens (SEGMENTA_DATABASE_URL)' : `its store ${store.location}`;
  const [customers] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${CUSTOMERS_TABLE} LIMIT 1) c`);
  if (Number(customers?.n ?? 0) === 0) return;
  const [mark] = await store.query<{ value: string }>(`SELECT value FROM ${META_TABLE} WHERE key = '${DEMO_MARK}'`);
  if (mark === undefined) throw new StoreError(`${where} holds customers that no demo made: give the demo an empty database or schema`);
  const { lastImport, files } = readDemoMark(mark.value);
  let other: { file: string } | undefined;
  if (typeof lastImport === 'number') {
    [other] = await store.query<{ file: string }>(`SELECT file FROM ${IMPORTS_TABLE} WHERE id > $1 ORDER BY id LIMIT 1`, [lastImport]);
  } else if (Array.isArray(files) && files.length > 0) {
    const list = files.map((_, i) => `$${i + 1}`).join(', ');
    [other] = await store.query<{ file: string }>(`SELECT file FROM ${IMPORTS_TABLE} WHERE file NOT IN (${list}) ORDER BY id LIMIT 1`, [...files]);
  }
  if (other !== undefined) throw new StoreError(`${where} holds an import made after the demo (${other.file}): choose another folder, database or schema`);
}

/**
 * Empties a store an earlier demo filled (its customers, events and runs would otherwise stay
 * beside the new ones: a demo of fewer customers kept the others, its replay doubled every month's
 * run) and marks it as this demo's, in one transaction.
 */
async function claimDemoStore(opened: OpenWorkspace, mark: DemoMark): Promise<void> {
  await requireDemoStore(opened);
  const store = opened.store;
  const tables = await store.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '${META_TABLE}'`,
  );
  await store.transaction(async (tx) => {
    for (const { name } of tables) await tx.run(`DELETE FROM ${store.dialect.quoteIdentifier(name)}`);
    await writeDemoMark(tx, mark);
  });
}

async function writeDemoMark(tx: Queryable, mark: DemoMark): Promise<void> {
  await tx.run(`DELETE FROM ${META_TABLE} WHERE key = '${DEMO_MARK}'`);
  await tx.run(`INSERT INTO ${META_TABLE} (key, value) VALUES ('${DEMO_MARK}', $1)`, [JSON.stringify(mark)]);
}

export async function createDemo(options: CreateDemoOptions): Promise<Demo> {
  const dir = path.resolve(options.dir);
  const folder = await prepareDemoFolder(dir);
  try {
    return await fillDemo(dir, options);
  } catch (error) {
    // A store refused (it holds someone's customers): leave no half-made demo in a folder that was new.
    if (error instanceof StoreError && folder !== 'earlier-demo') {
      if (folder === 'absent') await rm(dir, { recursive: true, force: true });
      else for (const entry of await readdir(dir)) await rm(path.join(dir, entry), { recursive: true, force: true });
    }
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
    await claimDemoStore(opened, { seed: options.seed, files });
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
