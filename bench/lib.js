// Shared helpers of the benchmarks: data sets built once with the demo generator, child processes
// measured for time and peak memory, and tables printed as plain text.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DATA = path.join(HERE, 'data');
/** The generated history ends on a fixed day so that every run measures the same data. */
export const UNTIL = '2026-06-30';

const run = promisify(execFile);

/** Runs `bench/child.js TASK ...args` in a fresh Node process (with `env` added); resolves to its JSON report. */
export async function child(task, args = [], env = {}) {
  const { stdout } = await run(process.execPath, [path.join(HERE, 'child.js'), task, ...args.map(String)], { maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** The demo clinic with `customers` customers, generated once into bench/data (about 30 events each). */
export async function clinic(customers) {
  const dir = path.join(DATA, `clinic-${customers}`);
  if (!existsSync(path.join(dir, 'events.csv'))) {
    process.stderr.write(`generating ${customers} customers into ${dir}…\n`);
    await child('generate', [dir, customers]);
  }
  return dir;
}

export function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells) => cells.map((cell, i) => String(cell ?? '').padStart(widths[i])).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => r[c])))].join('\n');
}

export const fmt = {
  s: (x) => x.toFixed(2),
  rate: (x) => Math.round(x).toLocaleString('en'),
  mb: (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`,
  ratio: (x) => `${x.toFixed(2)}x`,
};

/**
 * Makes every transaction of `store` time its statements, one after the other (queued ones too: a
 * real customer run sends those with its next statement on PostgreSQL, `Queryable.defer`), all of
 * them before the commit; `record(sql, ms)` receives each.
 */
export function timeStatements(store, record) {
  const timed = (db) => {
    let chain = Promise.resolve();
    const time = (sql, send) => {
      const result = chain.then(async () => {
        const t = process.hrtime.bigint();
        try { return await send(); } finally { record(sql, Number(process.hrtime.bigint() - t) / 1e6); }
      });
      chain = result.catch(() => undefined);
      return result;
    };
    return {
      query: (sql, params, options) => time(sql, () => db.query(sql, params, options)),
      run: (sql, params, options) => time(sql, () => db.run(sql, params, options)),
      defer: (sql, params, options) => time(sql, () => db.defer(sql, params, options)),
      drain: () => chain,
    };
  };
  const original = store.transaction.bind(store);
  store.transaction = (work) => original(async (tx) => {
    const t = timed(tx);
    const result = await work(t);
    await t.drain();
    return result;
  });
}
