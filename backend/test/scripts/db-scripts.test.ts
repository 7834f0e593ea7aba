import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/dialect.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EMAIL_PATTERN } from '../../src/schemas/common.js';
import { dialect, freshDatabase } from '../support/app.js';
import { migrateTo } from '../support/migrations.js';
import { runTs } from '../support/spawn.js';

/**
 * The database scripts, run as `npm run db:*` runs them, against a SQLite file in a temp dir or
 * a fresh PostgreSQL schema (named in the URL, as a deployment could).
 */
describe(`db and seed scripts on ${dialect}`, () => {
  let cwd: string;
  let url: string;
  let db: Db;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'ums-scripts-'));
    if (dialect === 'sqlite') {
      url = `sqlite:${join(cwd, 'data', 'app.db')}`;
      drop = async () => undefined;
    } else {
      const database = await freshDatabase();
      url = `${database.config.database.url}?options=${encodeURIComponent(`-c search_path=${database.searchPath}`)}`;
      drop = database.drop;
    }
    db = createDb(loadConfig({ DATABASE_URL: url }).database);
  });
  afterEach(async () => {
    await db.destroy();
    await drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  const run = (script: string, ...args: string[]) =>
    runTs(`scripts/${script}.ts`, args, { cwd, env: { DATABASE_URL: url } });
  const tables = async () => (await db.introspection.getTables()).map((t) => t.name).sort();

  // Each run of a script is a process of its own (a third of a second or more), so each command
  // and each kind of answer is run once, however many migrations there are: seven processes.
  // Every migration's own `down` is walked in-process by test/db/migrations-round-trip.test.ts.
  it('migrates, reports status and rolls back', async () => {
    const names = Object.keys(migrations);
    const [first, last] = [names[0]!, names.at(-1)!];
    const before = await run('db', 'status');
    expect(before.code, before.stderr).toBe(0);
    for (const name of names) expect(before.stdout).toMatch(new RegExp(`^${name}\\s+pending$`, 'm'));
    expect(await tables()).toEqual([]);

    const migrate = await run('db', 'migrate');
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout.match(/^applied .+$/gm)).toEqual(names.map((name) => `applied ${name}`));
    expect(await tables()).toContain('users');
    expect((await run('db', 'migrate')).stdout).toContain('nothing to migrate');

    const rollback = await run('db', 'rollback');
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout.match(/^rolled back .+$/gm)).toEqual([`rolled back ${last}`]);
    const status = (await run('db', 'status')).stdout;
    expect(status).toMatch(new RegExp(`^${last}\\s+pending$`, 'm'));
    for (const name of names.slice(0, -1)) {
      expect(status).toMatch(new RegExp(`^${name}\\s+applied \\d{4}-`, 'm'));
    }

    await migrateTo(db, first);
    const toNothing = await run('db', 'rollback');
    expect(toNothing.code, toNothing.stderr).toBe(0);
    expect(toNothing.stdout).toContain(`rolled back ${first}`);
    expect(await tables()).not.toContain('users');
    expect((await run('db', 'rollback')).stdout).toContain('nothing to roll back');
  });

  it.each([[[]], [['upgrade']], [['toString']]])(
    'refuses db %j with one usage line and exit code 2',
    async (args: string[]) => {
      const result = await run('db', ...args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('Usage:')]);
    },
  );

  it('stops on a bad DATABASE_URL with one line naming it', async () => {
    const result = await runTs('scripts/db.ts', ['migrate'], { cwd, env: { DATABASE_URL: 'mysql://x/y' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^Configuration error: DATABASE_URL="mysql:\/\/x\/y" is invalid: [^\n]+$/,
    );
  });

  it('seeds realistic users with unique, valid emails, and again without repeating one', async () => {
    const first = await run('seed', '--count', '1500');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/inserted 1500 users in [\d.]+ s/);
    const second = await run('seed', '--count=20');
    expect(second.stdout).toMatch(/inserted 20 users/);

    const rows = await db.selectFrom('users').select(['name', 'email', 'search_key', 'role']).execute();
    expect(rows).toHaveLength(1520);
    expect(new Set(rows.map((r) => r.email)).size).toBe(1520);
    const email = new RegExp(EMAIL_PATTERN);
    for (const row of rows) {
      expect(row.email).toMatch(email);
      expect(row.email).toBe(row.email.toLowerCase());
      expect(row.search_key).toBe(`${row.name}\n${row.email}`.toLowerCase());
      expect([...row.name].length).toBeLessThanOrEqual(100);
    }
    // Some names are not ASCII, and every role appears.
    expect(rows.filter((r) => /[^\x20-\x7e]/.test(r.name)).length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['admin', 'manager', 'viewer']));
    // Some never signed in; who did, did so between their account's creation and now.
    const times = await db.selectFrom('users').select(['created_at', 'last_login_at']).execute();
    const never = times.filter((r) => r.last_login_at === null).length;
    expect(never).toBeGreaterThan(100);
    expect(never).toBeLessThan(times.length - 100);
    for (const { created_at, last_login_at } of times) {
      if (last_login_at === null) continue;
      expect(new Date(last_login_at).getTime()).toBeGreaterThanOrEqual(new Date(created_at).getTime());
      expect(new Date(last_login_at).getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it.each([
    [['--count', '0'], '--count "0" is invalid'],
    [['--count', 'many'], '--count "many" is invalid'],
    [['--size', '3'], 'Unknown arguments'],
  ])('refuses seed %j with one line and exit code 2', async (args, message) => {
    const result = await run('seed', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
  });
});
