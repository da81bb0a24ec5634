import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/block-network.ts', 'test/setup/sql-parser.ts'],
    // dist/ built when missing or stale (the CLI tests run the compiled build); one PostgreSQL for
    // the whole suite (OPSBRIDGE_TEST_PG_URL's, or a throwaway embedded one).
    globalSetup: ['test/setup/build-dist.ts', 'test/setup/postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: forks keep native modules (better-sqlite3) and child processes isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
