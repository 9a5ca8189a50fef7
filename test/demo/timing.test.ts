import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { generateClinic } from '../../src/demo/index.js';

// Prints how fast a 100,000-customer clinic is generated; the figures are informative, not asserted.
test('timing of a 100,000-customer clinic', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmenta-demo-timing-'));
  try {
    const start = performance.now();
    const result = await generateClinic({ dir, customers: 100_000, seed: 2026, until: '2026-10-31' });
    const seconds = (performance.now() - start) / 1000;
    const megabytes = result.files.reduce((sum, f) => sum + f.bytes, 0) / 1e6;
    console.log(
      `demo clinic: ${result.customers} customers, ${result.pets} pets, ${result.events} events, ` +
        `${megabytes.toFixed(0)} MB in ${seconds.toFixed(1)} s: ` +
        `${Math.round(result.customers / seconds)} customers/s, ${Math.round(result.events / seconds)} events/s, ` +
        `rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
    );
    expect(result.events).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
