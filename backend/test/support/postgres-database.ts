import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * The PostgreSQL database a test file works in: one per Vitest worker slot (VITEST_POOL_ID),
 * made in the run's server by the first file to run in that slot and dropped with the run
 * (postgres-setup.ts). Files running side by side never share a database: dropping a test's
 * schema while another file's migrator lists the tables of every schema in the database fails
 * that listing ("schema ... does not exist"), and schemas in another database are not listed.
 */
export function workerDatabaseName(runDatabase: string, poolId = process.env.VITEST_POOL_ID ?? '0'): string {
  return `${runDatabase}_w${poolId}`;
}

let opened: Promise<{ url: string; admin: pg.Pool }> | undefined;

async function openWorkerDatabase(): Promise<{ url: string; admin: pg.Pool }> {
  const runUrl = new URL(inject('postgresUrl'));
  const name = workerDatabaseName(runUrl.pathname.slice(1));
  const url = new URL(runUrl);
  url.pathname = `/${name}`;

  const server = new pg.Client({ connectionString: runUrl.toString() });
  await server.connect();
  try {
    const { rowCount } = await server.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await server.query(`create database ${name}`);
      // Tests commit thousands of small transactions; none needs to survive a crash of the server.
      await server.query(`alter database ${name} set synchronous_commit = off`);
    }
  } finally {
    await server.end();
  }
  // One connection for creating and dropping schemas; it lets the worker exit when idle.
  const admin = new pg.Pool({ connectionString: url.toString(), max: 1, allowExitOnIdle: true });
  // An idle connection ends with an error when the run drops the database; nothing is lost.
  admin.on('error', () => undefined);
  // Made once per database: tests migrate many schemas, and the extension is per database.
  await admin.query('create extension if not exists pg_trgm with schema public');
  return { url: url.toString(), admin };
}

/** This worker's database: its URL, and a connection to create and drop schemas with. */
export function workerDatabase(): Promise<{ url: string; admin: pg.Pool }> {
  opened ??= openWorkerDatabase();
  return opened;
}

/** A new, empty schema in this worker's database, and how to drop it. */
export async function freshSchema(
  prefix: string,
): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const { url, admin } = await workerDatabase();
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  return { url, schema, drop: async () => void (await admin.query(`drop schema ${schema} cascade`)) };
}
