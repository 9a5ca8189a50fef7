/**
 * cli.md: "Human output may use colour and progress bars on a terminal, never in `--json` or when
 * piped." A real pseudo-terminal comes from util-linux's `script` (in every Debian); the other
 * tests pipe the command line with NO_COLOR=1, so here colour is left free. (Output.ts checks for a
 * terminal itself; picocolors and cli-progress also hold back on a pipe, so this holds the three.)
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BIN, cli } from '../support/cli.js';
import { clinicCopy } from '../support/workspace.js';

const ESC = '\u001b';

/** Runs the command line on a pseudo-terminal (stdout and stderr both), returning what it showed. */
function onTerminal(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, stderrTo?: string): Promise<{ code: number; screen: string }> {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  // With `stderrTo`, stderr goes to that file and only stdout is on the terminal.
  const command = [process.execPath, BIN, ...args].map(quote).join(' ') + (stderrTo === undefined ? '' : ` 2>${quote(stderrTo)}`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv['SEGMENTA_DATABASE_URL'];
  if (env['NO_COLOR'] === undefined) delete childEnv['NO_COLOR'];
  return new Promise((resolve, reject) => {
    // -e: the command's exit status; -q: no "Script started" lines; /dev/null: no typescript file.
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
    child.stderr.on('data', (d: Buffer) => (screen += d.toString()));
    child.on('error', (error) => reject(new Error(`a pseudo-terminal needs util-linux's script (Debian: bsdutils): ${error.message}`)));
    child.on('close', (code) => resolve({ code: code ?? -1, screen: screen.replaceAll('\r\n', '\n') }));
  });
}

describe('colour and progress bars: on a terminal only', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await clinicCopy();
  });

  test('an import shows a progress bar on a terminal, none when piped or with --json', async () => {
    const shown = await onTerminal(['import', 'customers', 'customers.csv', '--lang', 'en'], dir);
    expect(shown.code).toBe(0);
    expect(shown.screen).toContain('customers.csv [========================================] 100%');
    expect(shown.screen).toContain('Imported customers.csv: 2000 inserted, 0 updated, 0 unchanged, 0 rejected\n');

    const piped = await cli(['import', 'pets', 'pets.csv', '--lang', 'en'], { cwd: dir, env: { NO_COLOR: undefined } });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain(ESC);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe('Imported pets.csv: 3133 inserted, 0 updated, 0 unchanged, 0 rejected\n');

    const json = await onTerminal(['import', 'events', 'events.csv', '--json'], dir);
    expect(json.code).toBe(0);
    expect(json.screen).not.toContain(ESC);
    expect(JSON.parse(json.screen)).toMatchObject({ inserted: 13911, rejected: 0 });
  });

  test('segments in colour on a terminal; plain with NO_COLOR, when piped, and as JSON', async () => {
    const args = ['segments', '--at', '2026-06-30', '--lang', 'en'];
    const coloured = await onTerminal(args, dir);
    expect(coloured.code).toBe(0);
    expect(coloured.screen).toContain(ESC);

    const piped = await cli(args, { cwd: dir, env: { NO_COLOR: undefined } });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain(ESC);
    // What the terminal showed is the piped text with colour added, nothing else.
    expect(coloured.screen.replace(/\u001b\[[0-9;]*m/g, '')).toBe(piped.stdout);

    const noColour = await onTerminal(args, dir, { NO_COLOR: '1' });
    expect(noColour.screen).toBe(piped.stdout);

    const json = await onTerminal([...args, '--json'], dir);
    expect(json.screen).not.toContain(ESC);
    expect(JSON.parse(json.screen)).toEqual(JSON.parse((await cli([...args, '--json'], { cwd: dir })).stdout));
  });

  test('an error written to a file has no colour though stdout is a terminal, and one on a terminal has', async () => {
    const errors = path.join(dir, 'errors.txt');
    const toFile = await onTerminal(['count', 'langage = "fr"'], dir, {}, errors);
    expect(toFile.code).toBe(1);
    const written = await readFile(errors, 'utf8');
    expect(written).toContain('error: unknown field "langage" at 1:1, did you mean "language"?');
    expect(written).not.toContain(ESC);
    const shown = await onTerminal(['count', 'langage = "fr"'], dir);
    expect(shown.code).toBe(1);
    expect(shown.screen).toContain(ESC);
  });
});
