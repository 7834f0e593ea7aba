import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { NotFoundError } from '../../src/errors.js';
import { verifyPassword } from '../../src/security/passwords.js';
import { passwordPolicy } from '../../src/security/password-policy.js';
import { createAccount, resetPassword } from '../../src/services/operator.service.js';
import { buildTestDb, dialect } from '../support/app.js';
import { rejection } from '../support/errors.js';

const PASSWORD = 'correct horse battery staple 42';
const policy = passwordPolicy({ passwordMinLength: 12 });

describe(`operator service on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await buildTestDb());
  });
  afterEach(async () => {
    await close();
  });

  const row = (email: string) =>
    db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const events = () =>
    db.selectFrom('audit_events').select(['action', 'actor_email']).orderBy('id').execute();

  it('creates an account and resets its password, audited as the cli', async () => {
    const user = await createAccount(
      db,
      { email: 'New@Example.com', name: 'New', role: 'manager', password: PASSWORD },
      policy,
    );
    expect(user).toMatchObject({ email: 'new@example.com', role: 'manager' });
    await resetPassword(db, ' NEW@example.com', 'another long passphrase 7', policy);
    expect(
      await verifyPassword((await row('new@example.com'))!.password_hash!, 'another long passphrase 7'),
    ).toBe(true);
    expect(await events()).toEqual([
      { action: 'user.created', actor_email: 'cli' },
      { action: 'user.password_set', actor_email: 'cli' },
    ]);
  });

  it('finds nobody to reset a password for at an unknown email', async () => {
    const error = await rejection(resetPassword(db, 'nobody@example.com', PASSWORD, policy), NotFoundError);
    expect(error.message).toBe('No user has the email nobody@example.com');
  });
});
