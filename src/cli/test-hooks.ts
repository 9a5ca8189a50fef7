/**
 * Test hooks of the command line, read from the environment (no user sets them):
 * `SEGMENTA_TEST_PAUSE_BEFORE_COMMIT_MS` makes a run (`run`, or a scheduled run of `serve`) hold its
 * transaction open that long before committing, so that a test can kill it half-way
 * (test/runs/runs.test.ts) or make a second process wait for the workspace's lock
 * (test/runs/serve.test.ts).
 */
export function runTestHooks(): { pauseBeforeCommitMs?: number } {
  const pause = Number(process.env['SEGMENTA_TEST_PAUSE_BEFORE_COMMIT_MS'] ?? 0);
  return pause > 0 ? { pauseBeforeCommitMs: pause } : {};
}
