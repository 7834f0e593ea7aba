import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { filesNeedingOwnWorker } from './test/support/isolation.js';
import { postgresForTests } from './test/support/postgres-probe.js';

// A guard against a hang, not a speed limit: nothing a busy machine does comes near it, so no
// test fails for being slow. A test or hook that hangs still fails, with its name (decision 0007).
const HANG_GUARD_MS = 10 * 60_000;

// SQLite-only files: unit tests touch no database; the server process test runs on SQLite only,
// and so do the build and browser checks, which do not depend on the database.
const NOT_ON_POSTGRES = [
  'test/unit/**',
  'test/process/**',
  'test/deploy/production-install.test.ts',
  'test/deploy/console-csp.test.ts',
];

// Every database test runs twice: on SQLite, and on the PostgreSQL server named by
// TEST_POSTGRES_URL. With CI=true an unreachable PostgreSQL fails the run; elsewhere the
// PostgreSQL project is skipped with one line saying so.
export default defineConfig(async () => {
  const postgres = await postgresForTests();
  const isolated = filesNeedingOwnWorker(fileURLToPath(new URL('.', import.meta.url)));
  // One project per database for the files that share workers, and one for those that need a
  // worker of their own (test/support/isolation.ts), when there are any.
  const projectsFor = (name: string, env: Record<string, string>, extra: object, skip: string[] = []) => [
    {
      extends: true as const,
      test: { name, env, ...extra, exclude: [...configDefaults.exclude, ...skip, ...isolated] },
    },
    ...(isolated.length > 0
      ? [
          {
            extends: true as const,
            test: {
              name: `${name}-isolated`,
              env,
              ...extra,
              include: isolated,
              exclude: [...configDefaults.exclude, ...skip],
              isolate: true,
            },
          },
        ]
      : []),
  ];
  return {
    test: {
      // Compiled queries are checked on every run in tests, not only at their first compile.
      setupFiles: ['test/support/check-compiled-queries.ts'],
      testTimeout: HANG_GUARD_MS,
      hookTimeout: HANG_GUARD_MS,
      teardownTimeout: HANG_GUARD_MS,
      // A worker process runs file after file with the modules it has loaded: importing Fastify,
      // Kysely and the app again for each of the 115 file runs was a third of the run.
      isolate: false,
      // Vitest's default, one worker per core but one, is a single worker on two cores; the tests
      // wait on PostgreSQL, child processes and argon2 often enough that three keep both busy.
      maxWorkers: Math.max(3, availableParallelism() - 1),
      projects: [
        ...projectsFor('sqlite', { TEST_DB: 'sqlite' }, {}),
        ...(postgres
          ? projectsFor(
              'postgres',
              { TEST_DB: 'postgres' },
              { globalSetup: ['test/support/postgres-setup.ts'] },
              NOT_ON_POSTGRES,
            )
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
