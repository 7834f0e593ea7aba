import { inTransaction, isUniqueViolation, type Db } from '../db/dialect.js';
import * as repo from '../db/users.repository.js';
import type { CreateUserBody, UpdateUserBody, User } from '../schemas/users.js';
import type { Status } from '../domain/statuses.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import type { MailSettings } from './mail.service.js';
import { diff, recordEvent } from './audit.service.js';
import type { ActionContext, Author } from './context.js';
import { hashAcceptablePassword } from './passwords.service.js';
import type { Precondition } from './precondition.js';
import { requireUser } from './require-user.js';
import { cleanName } from './text.js';
import { assertEmailNotInBin } from './recycle-bin.service.js';
import { assertHasChanges, normalizeEmail, searchKey, toUser } from './user-fields.js';
import { applyUserChange, emailTaken } from './users.change.js';
import { assertMayManage } from './user-rules.js';

/**
 * The users resource's operations, as the routes call them. A change to an existing user goes
 * through users.change.ts under the rules in user-rules.ts.
 */
export { applyUserChange, deleteUser, type ChangeOptions } from './users.change.js';

export async function getUser(db: Db, id: number): Promise<User> {
  return toUser(await requireUser(repo.findProfileById(db, id)));
}

/** POST /users and each created row of an import: the same checks, insert and audit event. */
export async function createUser(
  db: Db,
  ctx: ActionContext,
  policy: PasswordPolicy,
  input: NewUser,
  now = new Date(),
) {
  assertMayManage(ctx.actor, null, input.role);
  return addUser(db, ctx, policy, input, now);
}

export type { Author };

/**
 * What addUser takes: the API's create body, an invitation's (status `invited`, no password), or
 * an imported row, which may bring the hash its old system made instead of a password (argon2id
 * or bcrypt, checked by the import; decision 0170).
 */
export type NewUser = Omit<CreateUserBody, 'status'> & { status?: Status; passwordHash?: string };

/** Inserts a user and its `user.created` event; the caller has checked who may do it. */
export async function addUser(
  db: Db,
  author: Author,
  policy: PasswordPolicy,
  input: NewUser,
  now = new Date(),
): Promise<User> {
  const name = cleanName(input.name);
  const email = normalizeEmail(input.email);
  const passwordHash =
    input.password === undefined
      ? (input.passwordHash ?? null)
      : await hashAcceptablePassword(policy, input.password, email);
  const timestamp = now.toISOString();
  try {
    return await inTransaction(db, async (trx) => {
      if (!input.reuse_deleted_email) await assertEmailNotInBin(trx, email);
      const row = await repo.insertUser(trx, {
        name,
        email,
        role: input.role ?? 'viewer',
        status: input.status ?? 'active',
        search_key: searchKey(name, email),
        created_at: timestamp,
        updated_at: timestamp,
        last_login_at: null,
        password_hash: passwordHash,
        must_change_password: input.must_change_password ? 1 : 0,
        email_verified_at: null,
      });
      const user = toUser(row);
      await recordEvent(trx, {
        action: 'user.created',
        actor: author.actor,
        actorEmail: author.actorEmail,
        target: { type: 'user', id: user.id },
        changes: diff(null, user),
        request: author.request,
      });
      return user;
    });
  } catch (error) {
    // The unique index decides, so two racing creates cannot both win.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function updateUser(
  db: Db,
  ctx: ActionContext,
  id: number,
  input: UpdateUserBody,
  precondition?: Precondition,
  now = new Date(),
  mail?: MailSettings,
): Promise<User> {
  assertHasChanges(input);
  return changeUser(db, ctx, id, input, precondition, now, mail);
}

/**
 * Disables an account: it cannot sign in, and its sessions end with this change. Not one's own
 * account, not the last active admin, and a manager not an admin. Audited as `user.updated`
 * with the status change, exactly as PATCH {"status": "disabled"} (decision 0129).
 */
export async function disableUser(
  db: Db,
  ctx: ActionContext,
  id: number,
  precondition?: Precondition,
  now = new Date(),
): Promise<User> {
  return changeUser(db, ctx, id, { status: 'disabled' }, precondition, now);
}

/** Enables a disabled account; the sessions it had stay ended. */
export async function enableUser(
  db: Db,
  ctx: ActionContext,
  id: number,
  precondition?: Precondition,
  now = new Date(),
): Promise<User> {
  return changeUser(db, ctx, id, { status: 'active' }, precondition, now);
}

async function changeUser(
  db: Db,
  ctx: ActionContext,
  id: number,
  input: UpdateUserBody,
  precondition: Precondition | undefined,
  now: Date,
  mail?: MailSettings,
): Promise<User> {
  return (await applyUserChange(db, ctx, id, input, precondition, now, { mail })).user;
}
