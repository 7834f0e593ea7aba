import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { countUsers } from '../../src/db/user-pages.repository.js';
import { findUserByEmail, insertUser } from '../../src/db/users.repository.js';
import { ValidationError } from '../../src/errors.js';
import { passwordPolicy } from '../../src/security/password-policy.js';
import { verifyPassword } from '../../src/security/passwords.js';
import {
  ensureFirstAdmin,
  GENERATED_ADMIN_EMAIL,
  passwordBox,
  type FirstAdminSettings,
} from '../../src/services/first-admin.service.js';
import { searchKey } from '../../src/services/user-fields.js';
import { buildTestDb, dialect } from '../support/app.js';
import { rejection } from '../support/errors.js';

const FROM_ENV: FirstAdminSettings = {
  adminEmail: ' Root@Example.COM ',
  adminPassword: 'the admin passphrase from env',
  passwordPolicy: passwordPolicy({ passwordMinLength: 12 }),
};
const NOTHING_SET: FirstAdminSettings = { ...FROM_ENV, adminEmail: null, adminPassword: null };

describe(`the first admin on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let announced: string[];
  const announce = (password: string) => void announced.push(password);

  beforeEach(async () => {
    ({ db, close } = await buildTestDb());
    announced = [];
  });
  afterEach(async () => {
    await close();
  });

  const addUser = async (
    email: string,
    role: 'admin' | 'manager' | 'viewer',
    status: 'active' | 'disabled',
  ) => {
    const now = new Date().toISOString();
    return insertUser(db, {
      name: 'Someone',
      email,
      role,
      status,
      search_key: searchKey('Someone', email),
      created_at: now,
      updated_at: now,
      last_login_at: null,
      password_hash: null,
    });
  };
  const events = () => db.selectFrom('audit_events').selectAll().orderBy('id').execute();

  it('creates the admin ADMIN_EMAIL and ADMIN_PASSWORD name, and audits it', async () => {
    expect(await ensureFirstAdmin(db, FROM_ENV, announce)).toBe('created-from-env');

    const admin = await findUserByEmail(db, 'root@example.com');
    expect(admin).toMatchObject({ role: 'admin', status: 'active', must_change_password: 0 });
    expect(await verifyPassword(admin!.password_hash!, FROM_ENV.adminPassword!)).toBe(true);
    expect(announced).toEqual([]);
    expect(await events()).toMatchObject([
      { action: 'user.created', actor_id: null, actor_email: 'system', target_id: String(admin!.id) },
    ]);
    expect((await events())[0]!.changes).not.toContain(FROM_ENV.adminPassword!);
  });

  it('promotes (and enables) an existing account with that email instead of adding one', async () => {
    const existing = await addUser('root@example.com', 'viewer', 'disabled');
    await addUser('someone@example.com', 'manager', 'active');

    expect(await ensureFirstAdmin(db, FROM_ENV, announce)).toBe('created-from-env');

    const admin = await findUserByEmail(db, 'root@example.com');
    expect(admin).toMatchObject({ id: existing.id, role: 'admin', status: 'active' });
    expect(await verifyPassword(admin!.password_hash!, FROM_ENV.adminPassword!)).toBe(true);
    expect(await countUsers(db, {})).toBe(2);
    const [event] = await events();
    expect(event).toMatchObject({ action: 'user.updated', target_id: String(existing.id) });
    expect(JSON.parse(event!.changes!)).toEqual({
      role: ['viewer', 'admin'],
      status: ['disabled', 'active'],
    });
  });

  it('with neither set and an empty database, generates admin@localhost and announces its password once', async () => {
    expect(await ensureFirstAdmin(db, NOTHING_SET, announce)).toBe('generated');

    const admin = await findUserByEmail(db, GENERATED_ADMIN_EMAIL);
    expect(admin).toMatchObject({ role: 'admin', status: 'active', must_change_password: 1 });
    expect(announced).toHaveLength(1);
    expect([...announced[0]!].length).toBeGreaterThanOrEqual(12);
    expect(await verifyPassword(admin!.password_hash!, announced[0]!)).toBe(true);

    // The next start finds the admin and says nothing more.
    expect(await ensureFirstAdmin(db, NOTHING_SET, announce)).toBe('admin-exists');
    expect(announced).toHaveLength(1);
  });

  it('makes one admin when two servers start at once on an empty database', async () => {
    const outcomes = await Promise.all([
      ensureFirstAdmin(db, NOTHING_SET, announce),
      ensureFirstAdmin(db, NOTHING_SET, announce),
    ]);
    expect(outcomes.sort()).toEqual(['admin-exists', 'generated']);
    expect(announced).toHaveLength(1);
    expect(await countUsers(db, {})).toBe(1);
    expect(
      await verifyPassword((await findUserByEmail(db, GENERATED_ADMIN_EMAIL))!.password_hash!, announced[0]!),
    ).toBe(true);
  });

  it('generates a different password on every fresh install', async () => {
    await ensureFirstAdmin(db, NOTHING_SET, announce);
    const other = await buildTestDb();
    try {
      await ensureFirstAdmin(other.db, NOTHING_SET, announce);
    } finally {
      await other.close();
    }
    expect(announced).toHaveLength(2);
    expect(announced[0]).not.toBe(announced[1]);
  });

  it('does nothing when an active admin exists, even with ADMIN_EMAIL set', async () => {
    await addUser('boss@example.com', 'admin', 'active');

    expect(await ensureFirstAdmin(db, FROM_ENV, announce)).toBe('admin-exists');

    expect(await findUserByEmail(db, 'root@example.com')).toBeUndefined();
    expect(await countUsers(db, {})).toBe(1);
    expect(await events()).toEqual([]);
  });

  it("answers 'no-admin' when there are users but no active admin and nothing is set", async () => {
    await addUser('viewer@example.com', 'viewer', 'active');
    await addUser('former@example.com', 'admin', 'disabled');

    expect(await ensureFirstAdmin(db, NOTHING_SET, announce)).toBe('no-admin');

    expect(await findUserByEmail(db, GENERATED_ADMIN_EMAIL)).toBeUndefined();
    expect(announced).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it.each([
    ['too short', 'short pw', /at least 12 characters/],
    ['common', 'qwerty123456', /too common/],
    ['containing the email', 'root password for root', /email/],
  ])(
    'refuses an ADMIN_PASSWORD that is %s, saying why, and creates nothing',
    async (_case, password, rule) => {
      const error = await rejection(
        ensureFirstAdmin(db, { ...FROM_ENV, adminPassword: password }, announce),
        ValidationError,
      );

      expect(error.message).toMatch(/^ADMIN_PASSWORD is not acceptable: /);
      expect(error.message).toMatch(rule);
      expect(error.message).not.toContain(password);
      expect(await countUsers(db, {})).toBe(0);
    },
  );
});

describe('the box the generated password is printed in', () => {
  it('holds the email and the password on lines of one width', () => {
    const box = passwordBox('admin@localhost', 'Xy7-generated-password');
    const lines = box.split('\n').filter((l) => l !== '');
    expect(box).toContain('admin@localhost');
    expect(box).toContain('Xy7-generated-password');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^#+$/);
  });
});
