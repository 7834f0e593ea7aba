import { randomBytes } from 'node:crypto';
import { inTransaction, isUniqueViolation, type Db } from '../db/dialect.js';
import { countUsers } from '../db/user-pages.repository.js';
import * as users from '../db/users.repository.js';
import { ValidationError } from '../errors.js';
import { lockAdminSet } from './admin-set.service.js';
import { diff, recordEvent } from './audit.service.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { hashAcceptablePassword } from './passwords.service.js';
import { normalizeEmail, searchKey, toUser } from './user-fields.js';

export interface FirstAdminSettings {
  adminEmail: string | null;
  adminPassword: string | null;
  passwordPolicy: PasswordPolicy;
}

export type FirstAdminOutcome = 'admin-exists' | 'created-from-env' | 'generated' | 'no-admin';

export const GENERATED_ADMIN_EMAIL = 'admin@localhost';
const SYSTEM = { ip: null, userAgent: 'startup', requestId: null };

/**
 * Makes sure a fresh install can be signed into. With ADMIN_EMAIL and ADMIN_PASSWORD, that
 * account becomes an active admin; with neither and an empty database, admin@localhost gets a
 * random password, shown once through `announce`, to be changed at first sign-in.
 */
export async function ensureFirstAdmin(
  db: Db,
  settings: FirstAdminSettings,
  announce: (password: string) => void,
  now = new Date(),
): Promise<FirstAdminOutcome> {
  // A first look without locks; the transaction below looks again before it writes.
  if ((await users.countActiveAdmins(db)) > 0) return 'admin-exists';

  let email: string;
  let password: string;
  let generated = false;
  if (settings.adminEmail && settings.adminPassword) {
    email = normalizeEmail(settings.adminEmail);
    password = settings.adminPassword;
  } else if ((await countUsers(db, {})) === 0) {
    email = GENERATED_ADMIN_EMAIL;
    password = randomBytes(15).toString('base64url');
    generated = true;
  } else {
    return 'no-admin';
  }

  let hash: string;
  try {
    hash = await hashAcceptablePassword(settings.passwordPolicy, password, email);
  } catch (error) {
    if (error instanceof ValidationError) {
      const problems = Object.values(error.fieldErrors).flat();
      throw new ValidationError(
        { ADMIN_PASSWORD: problems },
        `ADMIN_PASSWORD is not acceptable: ${error.message}`,
      );
    }
    throw error;
  }
  const timestamp = now.toISOString();
  // Two hosts starting at once: the admin-set lock lets one look and write at a time, so the
  // second finds the admin the first made (the unique email index would stop it anyway).
  const outcome = await inTransaction(db, async (trx): Promise<'done' | 'admin-exists'> => {
    await lockAdminSet(trx);
    if ((await users.countActiveAdmins(trx)) > 0) return 'admin-exists';
    const existing = await users.findUserByEmail(trx, email);
    const changes = { role: 'admin' as const, status: 'active' as const, updated_at: timestamp };
    const row = existing
      ? await users.updateUserAtVersion(trx, existing.id, existing.version, changes)
      : await users.insertUser(trx, {
          name: 'Administrator',
          email,
          ...changes,
          search_key: searchKey('Administrator', email),
          created_at: timestamp,
          last_login_at: null,
          password_hash: null,
          // The operator gave this address (or took the generated one): with
          // REQUIRE_VERIFIED_EMAIL=true the first admin must still be able to sign in.
          email_verified_at: timestamp,
        });
    if (!row) throw new Error('the admin account changed while it was being set up');
    await users.setAccountFields(trx, row.id, {
      password_hash: hash,
      must_change_password: generated ? 1 : 0,
    });
    await recordEvent(trx, {
      action: existing ? 'user.updated' : 'user.created',
      actor: null,
      actorEmail: 'system',
      target: { type: 'user', id: row.id },
      changes: diff(existing ? toUser(existing) : null, toUser(row)),
      request: SYSTEM,
    });
    return 'done';
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) return 'admin-exists' as const;
    throw error;
  });
  if (outcome === 'admin-exists') return outcome;
  if (generated) announce(password);
  return generated ? 'generated' : 'created-from-env';
}

/** The box the generated password is printed in: hard to miss in a scrolling log. */
export function passwordBox(email: string, password: string): string {
  const lines = [
    'FIRST ADMIN ACCOUNT CREATED',
    '',
    `  email:    ${email}`,
    `  password: ${password}`,
    '',
    'This password is shown once. Sign in and change it now.',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '#'.repeat(width);
  return ['', bar, ...lines.map((l) => `# ${l.padEnd(width - 4)} #`), bar, ''].join('\n');
}
