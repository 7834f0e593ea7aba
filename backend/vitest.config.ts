import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { postgresForTests } from './test/support/postgres-probe.js';

// A guard against a hang, not a speed limit: nothing a busy machine does comes near it, so no
// test fails for being slow. A test or hook that hangs still fails, with its name (decision 0007).
const HANG_GUARD_MS = 10 * 60_000;

// Every database test runs twice: on SQLite, and on the PostgreSQL server named by
// TEST_POSTGRES_URL. With CI=true an unreachable PostgreSQL fails the run; elsewhere the
// PostgreSQL project is skipped with one line saying so.
export default defineConfig(async () => {
  const postgres = await postgresForTests();
  const shared = { extends: true as const };
  return {
    test: {
      testTimeout: HANG_GUARD_MS,
      hookTimeout: HANG_GUARD_MS,
      teardownTimeout: HANG_GUARD_MS,
      // A worker process runs file after file with the modules it has loaded: importing Fastify,
      // Kysely and the app again for each of 230 files was a third of the run. So a file must
      // leave no module or global changed (test/unit/test-isolation.test.ts checks the usual ways).
      isolate: false,
      // Vitest's default, one worker per core but one, is a single worker on two cores; the tests
      // wait on PostgreSQL, child processes and argon2 often enough that three keep both busy.
      maxWorkers: Math.max(3, availableParallelism() - 1),
      projects: [
        { ...shared, test: { name: 'sqlite', env: { TEST_DB: 'sqlite' } } },
        ...(postgres
          ? [
              {
                ...shared,
                test: {
                  name: 'postgres',
                  env: { TEST_DB: 'postgres' },
                  // Unit tests touch no database; the server process test runs on SQLite only, and
                  // so do the build and browser checks, which do not depend on the database.
                  exclude: [
                    'test/unit/**',
                    'test/process/**',
                    'test/deploy/production-install.test.ts',
                    'test/deploy/console-csp.test.ts',
                    '**/node_modules/**',
                  ],
                  globalSetup: ['test/support/postgres-setup.ts'],
                },
              },
            ]
          : []),
      ],
      coverage: {
        provider: 'v8' as const,
        include: ['src/**/*.ts'],
        // These run only in processes the tests start (test/deploy/), which coverage cannot see.
        exclude: ['src/server.ts', 'src/cluster.ts', 'src/metrics/cluster-metrics.ts'],
        reporter: ['text-summary', 'text'],
        thresholds: { lines: 90 },
      },
    },
  };
});
