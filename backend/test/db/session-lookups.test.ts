import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb, inTransaction, type Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { findLiveSession, insertSession, revokeSession } from '../../src/db/sessions.repository.js';
import { dialect, freshDbForEachTest } from '../support/app.js';
import { signIn, signedInInject } from '../support/auth.js';
import { insertUsers } from '../support/users.js';

const NOW = '2026-11-27T00:00:00.000Z';
const LATER = '2026-12-27T00:00:00.000Z';

async function userWithSession(db: Db, sessionId: string): Promise<number> {
  const [userId] = await insertUsers(db, [{ name: 'Sam Session', email: `${sessionId}@example.com` }]);
  await insertSession(db, {
    id: sessionId,
    userId: userId!,
    now: NOW,
    expiresAt: LATER,
    ip: null,
    userAgent: null,
  });
  return userId!;
}

// Sessions looked up are kept until the database changes (on SQLite); these show every kind of
// change reaches the next lookup.
describe(`the live-session lookup on ${dialect}`, () => {
  const testDb = freshDbForEachTest();

  it('sees a session ended and a role changed through this handle on the next lookup', async () => {
    const db = testDb();
    const userId = await userWithSession(db, 'one');
    expect((await findLiveSession(db, 'one'))?.user.role).toBe('viewer');
    expect(await findLiveSession(db, 'missing')).toBeUndefined();

    // An UPDATE … RETURNING reads as well as writes.
    await db.updateTable('users').set({ role: 'manager' }).where('id', '=', userId).returning('id').execute();
    expect((await findLiveSession(db, 'one'))?.user.role).toBe('manager');

    await inTransaction(db, (trx) =>
      trx.updateTable('users').set({ status: 'disabled' }).where('id', '=', userId).execute(),
    );
    expect((await findLiveSession(db, 'one'))?.user.status).toBe('disabled');

    expect(await revokeSession(db, 'one', NOW)).toBe(true);
    expect(await findLiveSession(db, 'one')).toBeUndefined();
  });

  it('gives each caller the same answer, which no caller can change', async () => {
    const db = testDb();
    await userWithSession(db, 'two');
    const first = (await findLiveSession(db, 'two'))!;
    expect(() => {
      (first.user as { role: string }).role = 'admin';
    }).toThrow(TypeError);
    expect((await findLiveSession(db, 'two'))?.user.role).toBe('viewer');
  });
});

// Another process writing to the same file: a second handle is a second connection.
describe.runIf(dialect === 'sqlite')('the live-session lookup beside another connection', () => {
  let dir: string;
  let mine: Db;
  let theirs: Db;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ums-sessions-'));
    const config = { dialect: 'sqlite' as const, path: join(dir, 'app.db'), url: '' };
    mine = createDb(config);
    await migrateToLatest(mine);
    theirs = createDb(config);
  });
  afterEach(async () => {
    await mine.destroy();
    await theirs.destroy();
    rmSync(dir, { recursive: true });
  });

  it('sees what another connection committed since the last lookup', async () => {
    const userId = await userWithSession(mine, 'three');
    expect((await findLiveSession(mine, 'three'))?.user.status).toBe('active');
    expect(await findLiveSession(theirs, 'three')).toBeDefined();

    await theirs.updateTable('users').set({ status: 'disabled' }).where('id', '=', userId).execute();
    expect((await findLiveSession(mine, 'three'))?.user.status).toBe('disabled');

    await revokeSession(theirs, 'three', NOW);
    expect(await findLiveSession(mine, 'three')).toBeUndefined();
  });

  it('refuses a session ended by another process on its very next request', async () => {
    const path = join(dir, 'app.db');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${path}` });
    const app = await buildApp(config, { logger: false });
    try {
      await app.ready();
      const admin = await signIn(app, 'admin');
      const asAdmin = signedInInject(app, admin.token);
      expect((await asAdmin({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
      expect((await asAdmin({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);

      await theirs.updateTable('sessions').set({ revoked_at: NOW }).where('user_id', '=', admin.id).execute();
      expect((await asAdmin({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
