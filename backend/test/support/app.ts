import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { signIn, signedInInject, type Inject } from './auth.js';
import { freshSchema } from './postgres-database.js';

export type TestDialect = 'sqlite' | 'postgres';

export const dialect: TestDialect = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  config: Config;
  searchPath?: string;
  drop: () => Promise<void>;
}

/**
 * A database of its own for one test, empty: an in-memory SQLite, or a fresh schema in this
 * worker's PostgreSQL database (postgres-database.ts).
 */
export async function freshDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  // Background work runs when a test drains it (app.background.drain()) or turns it on.
  const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent', BACKGROUND_WORK: 'false', ...env };
  if (dialect === 'sqlite') {
    return {
      config: loadConfig({ ...base, DATABASE_URL: 'sqlite::memory:' }),
      drop: async () => undefined,
    };
  }
  const { url, schema, drop } = await freshSchema('t');
  return {
    config: loadConfig({ ...base, DATABASE_URL: url, DATABASE_POOL_SIZE: '4' }),
    searchPath: schema,
    drop,
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  /**
   * Sends a request the way a signed-in client would. Tests use this rather than
   * `app.inject`, so the credentials every API route needs are added in one place.
   */
  inject: Inject;
  /** The signed-in admin that `inject` acts as. */
  admin: { id: number; email: string; token: string; refreshToken: string };
  close: () => Promise<void>;
}

/** A fresh, migrated app on a fresh database, ready for `app.inject`. */
export async function buildTestApp(
  options: {
    env?: Record<string, string>;
    logger?: FastifyServerOptions['logger'];
    /** Lines of the production logger (built from config, LOG_LEVEL from env) go here. */
    logStream?: { write: (line: string) => void };
    /** Runs on the built app before it is ready, e.g. to add a route that only tests need. */
    beforeReady?: (app: FastifyInstance) => void | Promise<void>;
    /** The clock of background work (buildApp's `now`). */
    now?: () => Date;
  } = {},
): Promise<TestApp> {
  const database = await freshDatabase(options.env);
  const app = await buildApp(database.config, {
    logger: options.logStream ? undefined : (options.logger ?? false),
    logStream: options.logStream,
    searchPath: database.searchPath,
    now: options.now,
  });
  await options.beforeReady?.(app);
  await app.ready();
  const admin = await signIn(app, 'admin');
  return {
    app,
    config: database.config,
    admin,
    inject: signedInInject(app, admin.token),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A migrated Kysely instance on a fresh database, for service and repository tests. */
export async function buildTestDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  const database = await freshDatabase();
  const db = createDb(database.config.database, { searchPath: database.searchPath });
  await migrateToLatest(db);
  return {
    db,
    close: async () => {
      await db.destroy();
      await database.drop();
    },
  };
}

/**
 * A fresh database for every test of the describe block that calls it (made in its beforeEach,
 * dropped in its afterEach); the answer reads the current test's.
 */
export function freshDbForEachTest(): () => Db {
  let current: Awaited<ReturnType<typeof buildTestDb>> | undefined;
  beforeEach(async () => {
    current = await buildTestDb();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('no test database outside a test');
    return current.db;
  };
}
