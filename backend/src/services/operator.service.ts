import { inTransaction, isUniqueViolation, type Db } from '../db/dialect.js';
import * as users from '../db/users.repository.js';
import { conflict, notFound } from '../errors.js';
import type { Role } from '../security/permissions.js';
import { storePassword } from './account.service.js';
import { diff, recordEvent } from './audit.service.js';
import { hashAcceptablePassword } from './passwords.service.js';
import { normalizeEmail, normalizeName, searchKey, toUser } from './user-fields.js';
import type { User } from '../schemas/users.js';

/** What an operator does from the command line, where there is no signed-in actor. */

const CLI = { ip: null, userAgent: 'cli', requestId: null };

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export async function createAccount(db: Db, input: NewAccount, passwordMinLength: number): Promise<User> {
  const email = normalizeEmail(input.email);
  const name = normalizeName(input.name);
  const hash = await hashAcceptablePassword(input.password, email, passwordMinLength);
  const now = new Date().toISOString();
  try {
    return await inTransaction(db, async (trx) => {
      const row = await users.insertUser(trx, {
        name,
        email,
        role: input.role,
        status: 'active',
        search_key: searchKey(name, email),
        created_at: now,
        updated_at: now,
        last_login_at: null,
        password_hash: hash,
      });
      const user = toUser(row);
      await recordEvent(trx, {
        action: 'user.created',
        actor: null,
        actorEmail: 'cli',
        target: { type: 'user', id: user.id },
        changes: diff(null, user),
        request: CLI,
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('A user with this email already exists');
    throw error;
  }
}

export async function resetPassword(db: Db, rawEmail: string, password: string, passwordMinLength: number) {
  const email = normalizeEmail(rawEmail);
  const row = await users.findUserByEmail(db, email);
  if (!row) throw notFound(`No user has the email ${email}`);
  const hash = await hashAcceptablePassword(password, email, passwordMinLength);
  await storePassword(db, row, hash, null, CLI);
}
