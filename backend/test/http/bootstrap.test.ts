import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { bootstrapFirstAdmin } from '../../src/bootstrap.js';
import type { Config } from '../../src/config.js';
import { dialect, freshDatabase, type TestDatabase } from '../support/app.js';
import { login, TEST_PASSWORD } from '../support/auth.js';

/** The start-up step server.ts runs once the app is ready, on an app with an empty database. */
describe(`bootstrapping the first admin on ${dialect}`, () => {
  let app: FastifyInstance;
  let database: TestDatabase;
  let logs: { msg: string; level: number }[];
  afterEach(async () => {
    vi.restoreAllMocks();
    await app.close();
    await database.drop();
  });

  async function start(env: Record<string, string> = {}): Promise<Config> {
    database = await freshDatabase(env);
    logs = [];
    const stream = { write: (line: string) => logs.push(JSON.parse(line) as { msg: string; level: number }) };
    app = await buildApp(database.config, {
      logger: { level: 'info', stream },
      searchPath: database.searchPath,
    });
    await app.ready();
    return database.config;
  }

  it('prints a generated password to the console, never to the log, and it signs in', async () => {
    const config = await start();
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => printed.push(text));
    await bootstrapFirstAdmin(app, config);
    const password = /password: (\S+)/.exec(printed.join('\n'))?.[1];
    expect(password).toBeDefined();
    expect(JSON.stringify(logs)).not.toContain(password);
    expect((await login(app, 'admin@localhost', password)).statusCode).toBe(200);
  });

  it('logs the admin set up from ADMIN_EMAIL', async () => {
    const config = await start({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: TEST_PASSWORD });
    await bootstrapFirstAdmin(app, config);
    expect(logs.map((l) => l.msg)).toContain('admin account set up from ADMIN_EMAIL');
    expect((await login(app, 'root@example.com')).statusCode).toBe(200);
  });

  it('warns when users exist but no admin does', async () => {
    const config = await start();
    await app.db
      .insertInto('users')
      .values({
        name: 'Viewer',
        email: 'v@example.com',
        role: 'viewer',
        status: 'active',
        search_key: 'viewer\nv@example.com',
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        last_login_at: null,
        password_hash: null,
      })
      .execute();
    await bootstrapFirstAdmin(app, config);
    const warnings = logs.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings).toContainEqual(expect.stringMatching(/^no active admin exists/));
  });
});
