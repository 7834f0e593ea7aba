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

/**
 * The run's database: the one `--reuse` names, as it is, or a new, empty one (a file in a
 * temporary directory, or a PostgreSQL database), dropped after the run unless `--keep`.
 */
export async function openDatabase(options: BenchOptions): Promise<BenchDatabase> {
  if (options.reuse !== null) return { ...(await existingDatabase(options.reuse)), drop: async () => {} };
  const database = await createDatabase(options);
  return options.keep ? { ...database, drop: async () => {} } : database;
}

async function existingDatabase(url: string): Promise<Omit<BenchDatabase, 'drop'>> {
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    // Opened read-only: a file that is not there is an error, not a new empty database.
    const db = new SQLite(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    const version = `SQLite ${(db.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
    db.close();
    return { url, version };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ version: string }>('select version()');
  await client.end();
  return { url, version: rows[0]!.version.split(' on ')[0]! };
}

async function createDatabase(options: BenchOptions): Promise<BenchDatabase> {
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

/**
 * Inserts `count` audit events straight into the table, spread over the last 90 days: six in
 * ten sign-ins, two in ten failed sign-ins, the rest changes to users and groups. The triggers
 * that keep the per-day counts (migration 012) run as they would for events the server writes.
 * Answers the seconds it took.
 */
export async function seedAuditEvents(url: string, count: number): Promise<number> {
  const started = performance.now();
  // Minutes before now, stepping 7 at a time through 90 days, so each day gets its share.
  const columns = `(occurred_at, actor_id, actor_email, action, target_type, target_id, ip, user_agent)`;
  const action = `case when i % 10 < 6 then 'auth.login' when i % 10 < 8 then 'auth.login_failed'
    when i % 10 = 8 then 'user.updated' else 'group.updated' end`;
  const targetType = `case when i % 10 = 9 then 'group' when i % 10 < 8 then 'session' else 'user' end`;
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(url.slice('sqlite:'.length));
    db.prepare(
      `insert into audit_events ${columns}
       with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
       select strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ((i * 7) % 129600) || ' minutes'),
         1 + i % 1000, 'bench' || (i % 1000) || '@example.com', ${action}, ${targetType},
         cast(1 + i % 100000 as text), '127.0.0.1', 'bench'
       from n`,
    ).run(count);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `insert into audit_events ${columns}
       select now() - ((i * 7) % 129600) * interval '1 minute', 1 + i % 1000,
         'bench' || (i % 1000) || '@example.com', ${action}, ${targetType},
         (1 + i % 100000)::text, '127.0.0.1', 'bench'
       from generate_series(1, $1::int) as i`,
      [count],
    );
    await client.query('analyze audit_events');
    await client.end();
  }
  return (performance.now() - started) / 1000;
}
