import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { dialect, freshDatabase, type TestDatabase } from '../support/app.js';
import { login } from '../support/auth.js';
import { runTs } from '../support/spawn.js';

describe(`the user CLI on ${dialect}`, () => {
  let database: TestDatabase;
  /** The CLI's working directory, and where its SQLite file goes. */
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ums-cli-'));
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The database URL the CLI gets: a temp SQLite file, or the test's own PostgreSQL schema. */
  function urlFor(database: TestDatabase): string {
    if (dialect === 'sqlite') return `sqlite:${join(dir, 'app.db')}`;
    const url = new URL(database.config.database.url);
    url.searchParams.set('options', `-c search_path=${database.searchPath}`);
    return url.toString();
  }

  /** `npm run user:*` as one Node process with tsx as its loader (npx would start two more). */
  const cli = (args: string[], env: Record<string, string>) =>
    runTs('scripts/users.ts', args, { cwd: dir, env });

  it('creates an admin who can sign in, then sets a new password that replaces the old one', async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: urlFor(database), LOG_LEVEL: 'silent' };
    const created = await cli(
      ['create', '--email', 'Boss@Example.com', '--name', 'Boss', '--role', 'admin'],
      {
        ...env,
        USER_PASSWORD: 'first long passphrase',
      },
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created admin boss@example.com');

    const reset = await cli(['set-password', '--email', 'boss@example.com'], {
      ...env,
      USER_PASSWORD: 'second long passphrase',
    });
    expect(reset.code).toBe(0);

    const app = await buildApp(loadConfig({ ...env, NODE_ENV: 'test' }), { logger: false });
    try {
      expect((await login(app, 'boss@example.com', 'first long passphrase')).statusCode).toBe(401);
      const res = await login(app, 'boss@example.com', 'second long passphrase');
      expect(res.statusCode).toBe(200);
      expect(res.json().data.user.role).toBe('admin');
    } finally {
      await app.close();
    }
  });

  it('refuses a weak password and a missing argument with one clear line', async () => {
    database = await freshDatabase();
    const env = { DATABASE_URL: urlFor(database), USER_PASSWORD: 'password123' };
    const weak = await cli(['create', '--email', 'a@example.com', '--name', 'A'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toBe('Password must be at least 12 characters');
    const missing = await cli(['create', '--email', 'a@example.com'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--name is required');
  });
});
