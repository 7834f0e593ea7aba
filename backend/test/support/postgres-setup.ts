import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { workerDatabaseName } from './postgres-database.js';
import { DEFAULT_TEST_POSTGRES_URL } from './postgres-probe.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/**
 * One fresh database for the whole PostgreSQL run, dropped at the end with the databases its
 * workers made from its name (postgres-database.ts); tests add schemas in those.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
  const name = `ums_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // For tests that work in the run's database itself: the extension is per database.
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query('create extension if not exists pg_trgm with schema public');
  await client.end();
  project.provide('postgresUrl', url.toString());

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const workers = workerDatabaseName(name, '');
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [workers],
    );
    for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}
