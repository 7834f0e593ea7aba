import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BenchOptions } from './options.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface BenchDatabase {
  url: string;
  /** what `select version()` says, or SQLite's version */
  version: string;
  drop: () => Promise<void>;
}

/** A new, empty database for one run: a file in a temporary directory, or a PostgreSQL database. */
export async function createDatabase(options: BenchOptions): Promise<BenchDatabase> {
  if (options.db === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ums-bench-'));
    const { default: SQLite } = await import('better-sqlite3');
    const probe = new SQLite(':memory:');
    const version = `SQLite ${(probe.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
    probe.close();
    return {
      url: `sqlite:${join(dir, 'bench.db')}`,
      version,
      drop: async () => rmSync(dir, { recursive: true }),
    };
  }
  const name = `ums_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const { rows } = await admin.query<{ version: string }>('select version()');
  await admin.end();
  const url = new URL(options.postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    version: rows[0]!.version.split(' on ')[0]!,
    drop: async () => {
      const client = new pg.Client({ connectionString: options.postgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Runs an npm script of the project with DATABASE_URL set; rejects with its output on failure. */
export function npmRun(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`npm run ${script} failed (${code}):\n${output}`)),
    );
  });
}

/** Seeds with `npm run db:seed` and answers the seconds it reported for the inserts. */
export async function seed(url: string, users: number): Promise<number> {
  const output = await npmRun('db:seed', ['--count', String(users)], { DATABASE_URL: url });
  const match = /inserted (\d+) users in ([\d.]+) s/.exec(output);
  if (!match) throw new Error(`db:seed said something unexpected:\n${output}`);
  if (Number(match[1]) !== users) throw new Error(`db:seed inserted ${match[1]} of ${users} users`);
  return Number(match[2]);
}
