import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests open real DuckDB files and a real PostgreSQL server: give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files run in parallel forks, each with its own store.
    pool: 'forks',
    // PostgreSQL schemas left by earlier runs are dropped before and after the suite.
    globalSetup: ['test/support/global-setup.ts'],
  },
});
