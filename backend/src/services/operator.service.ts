import type { Db } from '../db/dialect.js';
import * as users from '../db/users.repository.js';
import { NotFoundError } from '../errors.js';
import type { User } from '../schemas/users.js';
import type { Role } from '../domain/roles.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { storePassword } from './account.service.js';
import { hashAcceptablePassword } from './passwords.service.js';
import { normalizeEmail } from './user-fields.js';
import { addUser } from './users.service.js';

/** What an operator does from the command line, where there is no signed-in actor. */

const CLI = { ip: null, userAgent: 'cli', requestId: null };

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export async function createAccount(db: Db, input: NewAccount, policy: PasswordPolicy): Promise<User> {
  return addUser(db, { actor: null, actorEmail: 'cli', request: CLI }, policy, input);
}

export async function resetPassword(db: Db, rawEmail: string, password: string, policy: PasswordPolicy) {
  const email = normalizeEmail(rawEmail);
  const row = await users.findUserByEmail(db, email);
  if (!row) throw new NotFoundError(`No user has the email ${email}`);
  const hash = await hashAcceptablePassword(policy, password, email);
  await storePassword(db, row, hash, null, CLI);
}
