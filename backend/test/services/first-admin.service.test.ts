import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { AppError } from '../../src/errors.js';
import { verifyPassword } from '../../src/security/passwords.js';
import {
  ensureFirstAdmin,
  GENERATED_ADMIN_EMAIL,
  passwordBox,
} from '../../src/services/first-admin.service.js';
import { createAccount, resetPassword } from '../../src/services/operator.service.js';
import { buildTestDb, dialect } from '../support/app.js';

const PASSWORD = 'correct horse battery staple 42';

describe(`first admin and operator services on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await buildTestDb());
  });
  afterEach(async () => {
    await close();
  });

  const settings = (adminEmail: string | null = null, adminPassword: string | null = null) => ({
    adminEmail,
    adminPassword,
    passwordMinLength: 12,
  });
  const row = (email: string) =>
    db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const events = () =>
    db.selectFrom('audit_events').select(['action', 'actor_email']).orderBy('id').execute();

  it('generates admin@localhost on an empty database and announces its password once', async () => {
    const announced: string[] = [];
    expect(await ensureFirstAdmin(db, settings(), (p) => announced.push(p))).toBe('generated');
    expect(announced).toHaveLength(1);
    const admin = await row(GENERATED_ADMIN_EMAIL);
    expect(admin).toMatchObject({ role: 'admin', status: 'active', must_change_password: 1 });
    expect(await verifyPassword(admin!.password_hash!, announced[0]!)).toBe(true);
    expect(await events()).toEqual([{ action: 'user.created', actor_email: 'system' }]);
    // A second start finds the admin and does nothing.
    expect(await ensureFirstAdmin(db, settings(), (p) => announced.push(p))).toBe('admin-exists');
    expect(announced).toHaveLength(1);
  });

  it('creates the admin from ADMIN_EMAIL and ADMIN_PASSWORD, announcing nothing', async () => {
    const outcome = await ensureFirstAdmin(db, settings(' Root@Example.com ', PASSWORD), () => {
      throw new Error('nothing to announce');
    });
    expect(outcome).toBe('created-from-env');
    const admin = await row('root@example.com');
    expect(admin).toMatchObject({ role: 'admin', must_change_password: 0 });
    expect(await verifyPassword(admin!.password_hash!, PASSWORD)).toBe(true);
  });

  it('promotes an existing account named by ADMIN_EMAIL when there is no active admin', async () => {
    await createAccount(
      db,
      { email: 'ops@example.com', name: 'Ops', role: 'viewer', password: PASSWORD },
      12,
    );
    expect(await ensureFirstAdmin(db, settings('ops@example.com', PASSWORD), () => undefined)).toBe(
      'created-from-env',
    );
    expect(await row('ops@example.com')).toMatchObject({ role: 'admin', status: 'active', version: 2 });
    expect((await events()).map((e) => e.action)).toEqual(['user.created', 'user.updated']);
  });

  it('leaves a database with users but no admin alone when no admin is configured', async () => {
    await createAccount(db, { email: 'v@example.com', name: 'V', role: 'viewer', password: PASSWORD }, 12);
    expect(await ensureFirstAdmin(db, settings(), () => undefined)).toBe('no-admin');
    expect(await row(GENERATED_ADMIN_EMAIL)).toBeUndefined();
  });

  it('refuses a weak ADMIN_PASSWORD, naming the variable', async () => {
    const error = await ensureFirstAdmin(db, settings('root@example.com', 'short'), () => undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/^ADMIN_PASSWORD is not acceptable: /);
    expect(await row('root@example.com')).toBeUndefined();
  });

  it('frames the generated password in a box of equal-width lines', () => {
    const lines = passwordBox('admin@localhost', 'secret-123').trim().split('\n');
    expect(lines.some((l) => l.includes('password: secret-123'))).toBe(true);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('lets an operator create an account and reset its password, audited as the cli', async () => {
    const user = await createAccount(
      db,
      { email: 'New@Example.com', name: 'New', role: 'manager', password: PASSWORD },
      12,
    );
    expect(user).toMatchObject({ email: 'new@example.com', role: 'manager' });
    await resetPassword(db, ' NEW@example.com', 'another long passphrase 7', 12);
    expect(
      await verifyPassword((await row('new@example.com'))!.password_hash!, 'another long passphrase 7'),
    ).toBe(true);
    expect(await events()).toEqual([
      { action: 'user.created', actor_email: 'cli' },
      { action: 'user.password_set', actor_email: 'cli' },
    ]);
    await expect(resetPassword(db, 'nobody@example.com', PASSWORD, 12)).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});
