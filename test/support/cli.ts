/** Runs the real command line (`bin/segmenta.js`, built by `npm test`) as a child process. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { cliStoreEnv, storeEnv, type StoreKind } from './stores.js';
import { clinicCopy, FIXTURE_FILES } from './workspace.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export const BIN = path.resolve(here, '../../bin/segmenta.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

type CliOptions = { cwd?: string; env?: NodeJS.ProcessEnv };

/** The command line as a child process, with the environment that opens the test's store. */
function spawnCli(args: readonly string[], options: CliOptions) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['SEGMENTA_DATABASE_URL'];
  // A workspace made for PostgreSQL by the test opens there in the child process too.
  Object.assign(env, cliStoreEnv(args, options.cwd), options.env);
  return spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? process.cwd(), env });
}

export function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs with `--json` and parses stdout (which must be one JSON document and nothing else). */
export async function cliJson<T = unknown>(args: readonly string[], options: CliOptions = {}): Promise<{ code: number; json: T; stderr: string }> {
  const result = await cli([...args, '--json'], options);
  let json: T;
  try {
    json = JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return { code: result.code, json, stderr: result.stderr };
}

/** A long-running command (`segmenta serve`) as a child process, its output read as it comes. */
export interface RunningCli {
  /** Everything it has printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves when its output matches `pattern`; rejects if it exits first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** Resolves with its exit code (after `stop`, or when it exits by itself). */
  readonly exited: Promise<number>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number>;
}

export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const child = spawnCli(args, options);
  let output = '';
  const listeners = new Set<() => void>();
  const take = (d: Buffer) => {
    output += d.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  });
  return {
    output: () => output,
    exited,
    waitFor(pattern, ms = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${ms} ms; output:\n${output}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`exited (${code}) before ${pattern}; output:\n${output}`));
        });
        check();
      });
    },
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A copy of the fixture imported into `store` with the command line; `env` selects the store. */
export async function importedByCli(store: StoreKind): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await clinicCopy(store);
  const env = storeEnv(store, dir);
  for (const [entity, file] of FIXTURE_FILES) expect((await cli(['import', entity, file, '-w', dir], { env })).code).toBe(0);
  return { dir, env };
}
