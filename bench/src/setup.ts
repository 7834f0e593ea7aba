import { randomBytes } from 'node:crypto';
import { Api } from './api.js';
import { createDatabase, npmRun, seed, seedAuditEvents, type BenchDatabase } from './database.js';
import type { Cleanups } from './main.js';
import type { BenchOptions } from './options.js';
import { startNode, type Started } from './processes.js';

export const ADMIN = { email: 'bench-admin@example.com', password: 'quiet harbor lantern at dawn' };

export interface BenchServer {
  database: BenchDatabase;
  seedSeconds: number;
  server: Started;
  /** signed in as ADMIN */
  api: Api;
}

/**
 * What every harness command starts from: the production build (unless --no-build), a database
 * seeded with --users users (and --audit-events events), an admin, and the server started as
 * `npm start` starts it, signed in to. All of it is undone through `cleanups`.
 */
export async function startSeededServer(
  options: BenchOptions,
  cleanups: Cleanups,
  log: (line: string) => void,
): Promise<BenchServer> {
  if (options.build) {
    log('building (npm run build)');
    await npmRun('build', [], {});
  }
  const database = await createDatabase(options);
  cleanups.push(database.drop);
  log(`seeding ${options.users.toLocaleString('en')} users into ${database.version}`);
  const seedSeconds = await seed(database.url, options.users);
  log(`seeded in ${seedSeconds.toFixed(1)} s`);
  if (options.auditEvents > 0) {
    log(`inserting ${options.auditEvents.toLocaleString('en')} audit events`);
    log(`inserted in ${(await seedAuditEvents(database.url, options.auditEvents)).toFixed(1)} s`);
  }
  await npmRun('user:create', ['--email', ADMIN.email, '--name', 'Bench Admin', '--role', 'admin'], {
    DATABASE_URL: database.url,
    USER_PASSWORD: ADMIN.password,
  });
  const server = await startNode(
    ['--max-semi-space-size=8', '--heap-growing-percent=30', 'backend/dist/src/server.js'],
    options.port,
    '/readyz',
    {
      NODE_ENV: 'production',
      // As the Docker image runs it: glibc hands argon2's 19 MiB blocks back (docs/deployment.md).
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: '1048576',
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      // The per-address sign-in limit (30 a minute by default) would answer the sign-in
      // scenarios 429: every request here comes from one address.
      LOGIN_RATE_LIMIT: '100000',
    },
  );
  cleanups.push(server.stop);
  return { database, seedSeconds, server, api: await Api.signIn(server.url, ADMIN.email, ADMIN.password) };
}
