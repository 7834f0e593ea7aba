import { sql } from 'kysely';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { insertAuditEvent } from '../../src/db/audit.repository.js';
import { createDb, inTransaction, toIso, type Db } from '../../src/db/dialect.js';
import { changeGeneration, sqliteConnectionOf } from '../../src/db/fast/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import * as sessions from '../../src/db/sessions.repository.js';
import {
  findLiveSession,
  insertSession,
  revokeSession,
  type LiveSession,
} from '../../src/db/sessions.repository.js';
import * as users from '../../src/db/users.repository.js';
import { buildTestDb, dialect, freshDbForEachTest } from '../support/app.js';
import { signIn, signedInInject } from '../support/auth.js';
import { backendDir } from '../support/spawn.js';
import { insertUsers, userRow } from '../support/users.js';

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

interface WriteCase {
  name: string;
  /** the session looked up before and after the write; 'one' unless said */
  look?: string;
  sqliteOnly?: boolean;
  write: (db: Db, userId: number) => Promise<unknown>;
  then: (live: LiveSession | undefined) => void;
}

const statusIs = (status: string) => (live: LiveSession | undefined) =>
  expect(live?.user.status).toBe(status);
const ended = (live: LiveSession | undefined) => expect(live).toBeUndefined();
const versionOf = async (db: Db, id: number) => (await users.findUserById(db, id))!.version;

// Every way the code writes, and ways it does not yet: each must reach the next lookup.
const writes: WriteCase[] = [
  {
    name: 'a session created (insertSession) for an id looked up before',
    look: 'two',
    write: (db, userId) =>
      insertSession(db, { id: 'two', userId, now: NOW, expiresAt: LATER, ip: null, userAgent: null }),
    then: (live) => expect(live?.session.id).toBe('two'),
  },
  {
    name: 'a session ended (revokeSession)',
    write: (db) => sessions.revokeSession(db, 'one', NOW),
    then: ended,
  },
  {
    name: "a user's sessions ended (revokeUserSessions)",
    write: (db, userId) => sessions.revokeUserSessions(db, userId, NOW),
    then: ended,
  },
  {
    name: 'a session used (touchSession, as refresh does)',
    write: (db) => sessions.touchSession(db, 'one', LATER),
    then: (live) => expect(toIso(live!.session.last_used_at)).toBe(LATER),
  },
  {
    name: 'a profile updated at its version (updateUserAtVersion)',
    write: async (db, userId) =>
      users.updateUserAtVersion(db, userId, await versionOf(db, userId), { role: 'manager' }),
    then: (live) => expect(live?.user.role).toBe('manager'),
  },
  {
    name: 'a password set (setAccountFields)',
    write: (db, userId) =>
      users.setAccountFields(db, userId, { password_hash: 'x', must_change_password: 1 }),
    then: (live) => expect(live?.user.must_change_password).toBe(1),
  },
  {
    name: 'a user deleted at its version (deleteUserAtVersion), its sessions by cascade',
    write: async (db, userId) => users.deleteUserAtVersion(db, userId, await versionOf(db, userId)),
    then: ended,
  },
  {
    name: 'a raw sql write',
    write: (db, userId) => sql`update users set status = 'disabled' where id = ${userId}`.execute(db),
    then: statusIs('disabled'),
  },
  {
    name: 'a precompiled write run with db.executeQuery',
    write: async (db) => {
      const query = db.updateTable('sessions').set({ revoked_at: NOW }).where('id', '=', 'one').compile();
      return db.executeQuery(query);
    },
    then: ended,
  },
  {
    name: 'writes inside inTransaction',
    write: (db, userId) =>
      inTransaction(db, async (trx) => {
        await trx.updateTable('users').set({ role: 'admin' }).where('id', '=', userId).execute();
        await trx.updateTable('users').set({ status: 'disabled' }).where('id', '=', userId).execute();
      }),
    then: (live) => expect(live?.user).toMatchObject({ role: 'admin', status: 'disabled' }),
  },
  {
    name: "a write inside Kysely's own transaction",
    write: (db, userId) =>
      db
        .transaction()
        .execute((trx) =>
          trx.updateTable('users').set({ status: 'disabled' }).where('id', '=', userId).execute(),
        ),
    then: statusIs('disabled'),
  },
  {
    name: 'a table emptied by DDL alone (no row counted as changed)',
    write: async (db) => {
      await sql`alter table sessions rename to sessions_before`.execute(db);
      await sql`create table sessions as select * from sessions_before where 1 = 0`.execute(db);
    },
    then: ended,
  },
  {
    name: 'a statement prepared on the connection before the lookup and run after it',
    sqliteOnly: true,
    write: async (db, userId) => {
      const update = sqliteConnectionOf(db)!.database.prepare(
        "update users set status = 'disabled' where id = ?",
      );
      // The lookup in between is the one `then` sees kept, had the prepare been counted as the write.
      expect((await findLiveSession(db, 'one'))?.user.status).toBe('active');
      return update.run(userId);
    },
    then: statusIs('disabled'),
  },
  {
    name: 'a write by another process',
    sqliteOnly: true,
    write: async (db, userId) => {
      const file = sqliteConnectionOf(db)!.database.name;
      const script = `const db = new (require('better-sqlite3'))(process.argv[1]); db.pragma('busy_timeout = 5000');
        db.prepare("update users set status = 'disabled' where id = ?").run(Number(process.argv[2])); db.close();`;
      execFileSync(process.execPath, ['-e', script, file, String(userId)], { cwd: backendDir });
    },
    then: statusIs('disabled'),
  },
];

describe(`the live-session lookup after each kind of write on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeEach(async () => {
    if (dialect === 'postgres') return void ({ db, close } = await buildTestDb());
    // A file, so that another process can write to it.
    const dir = mkdtempSync(join(tmpdir(), 'ums-writes-'));
    db = createDb({ dialect: 'sqlite', path: join(dir, 'app.db'), url: '' });
    close = async () => {
      await db.destroy();
      rmSync(dir, { recursive: true });
    };
    await migrateToLatest(db);
  });
  afterEach(() => close());

  it.each(writes.filter((w) => dialect === 'sqlite' || !w.sqliteOnly))('sees $name', async (c) => {
    const userId = await userWithSession(db, 'one');
    const look = c.look ?? 'one';
    const before = await findLiveSession(db, look);
    // On SQLite the second answer is the kept one: the write must drop it.
    if (dialect === 'sqlite') expect(await findLiveSession(db, look)).toBe(before);
    await c.write(db, userId);
    c.then(await findLiveSession(db, look));
  });

  // A column renamed: the lookup's query fails from then on, and a kept answer must not hide it.
  const renameColumn = 'alter table users rename column must_change_password to must_change';

  it.runIf(dialect === 'sqlite')('sees DDL prepared before the lookup and run after it', async () => {
    await userWithSession(db, 'one');
    const rename = sqliteConnectionOf(db)!.database.prepare(renameColumn);
    const kept = await findLiveSession(db, 'one');
    expect(await findLiveSession(db, 'one')).toBe(kept);
    rename.run();
    await expect(findLiveSession(db, 'one')).rejects.toThrow(/no such column/);
  });

  it.runIf(dialect === 'sqlite')('sees DDL run by exec on the connection', async () => {
    await userWithSession(db, 'one');
    const kept = await findLiveSession(db, 'one');
    expect(await findLiveSession(db, 'one')).toBe(kept);
    sqliteConnectionOf(db)!.database.exec(renameColumn);
    await expect(findLiveSession(db, 'one')).rejects.toThrow(/no such column/);
  });

  it.runIf(dialect === 'sqlite')('moves the generation on writes the lookup does not read', async () => {
    const userId = await userWithSession(db, 'one');
    const unread: (() => Promise<unknown>)[] = [
      () => users.insertUser(db, userRow({ name: 'New User', email: 'new@example.com' })),
      () => sessions.insertRefreshToken(db, 'hash', 'one', NOW),
      () => sessions.markRotated(db, 'hash', NOW),
      () => insertAuditEvent(db, { occurred_at: NOW, action: 'auth.lockout', actor_email: 'x@example.com' }),
      () => users.setAccountFields(db, userId, { last_login_at: LATER }),
    ];
    for (const write of unread) {
      await findLiveSession(db, 'one');
      const before = changeGeneration(db);
      await write();
      expect(changeGeneration(db)).not.toBe(before);
    }
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
