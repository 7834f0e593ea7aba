import { inTransaction, isUniqueViolation, type Db } from '../db/dialect.js';
import type { UserRow, UserRowUpdate } from '../db/types.js';
import { revokeUserSessions } from '../db/sessions.repository.js';
import * as repo from '../db/users.repository.js';
import { ConflictError, ForbiddenError, PreconditionFailedError } from '../errors.js';
import { permissions } from '../permissions.js';
import type { CreateUserBody, UpdateUserBody, User } from '../schemas/users.js';
import type { Status } from '../domain/statuses.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { queueVerificationMail } from './email-verification.service.js';
import type { MailSettings } from './mail.service.js';
import { assertAdminRemains, lockAdminSet } from './admin-set.service.js';
import { diff, recordEvent } from './audit.service.js';
import type { ActionContext, Actor, Author } from './context.js';
import { hashAcceptablePassword } from './passwords.service.js';
import { satisfies, type Precondition } from './precondition.js';
import { requireUser } from './require-user.js';
import { cleanName } from './text.js';
import { assertEmailNotInBin, purgeRow } from './recycle-bin.service.js';
import { moveToBin } from '../db/recycle-bin.repository.js';
import { revokeTokens } from '../db/user-tokens.repository.js';
import { assertHasChanges, normalizeEmail, searchKey, toUser } from './user-fields.js';

export async function getUser(db: Db, id: number): Promise<User> {
  return toUser(await requireUser(repo.findProfileById(db, id)));
}

const emailTaken = () => new ConflictError('A user with this email already exists');
const changedElsewhere = () =>
  new PreconditionFailedError('The user was changed by someone else; reload it and try again', {
    reason: 'version_changed',
  });

/**
 * Managers may work on viewers and managers; only admins create, edit, grant or take away admin.
 * The refusal, or null: single changes, bulk items and invitations throw it (assertMayManage),
 * an import's dry run reports its message for the row.
 */
export function manageRefusal(
  actor: Pick<Actor, 'role'>,
  currentRole: string | null,
  newRole: string | undefined,
): ForbiddenError | null {
  if (permissions.can(actor.role, 'users:manage-admins')) return null;
  if (currentRole === 'admin' || newRole === 'admin') {
    return new ForbiddenError('Only an admin can create or change admins', { reason: 'admin_only' });
  }
  return null;
}

export function assertMayManage(actor: Actor, currentRole: string | null, newRole: string | undefined): void {
  const refusal = manageRefusal(actor, currentRole, newRole);
  if (refusal) throw refusal;
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

const isActiveAdmin = (row: UserRow) => row.role === 'admin' && row.status === 'active';

interface Guard {
  /** Whether the change can alter who the active admins are (a role or status change, a delete). */
  altersAdmins: boolean;
  /** Whether, applied to this row, the change takes an active admin away. */
  removesAdmin: (row: UserRow) => boolean;
  /** Throws if the actor may not make the change to this row. */
  authorize: (row: UserRow) => void;
}

/**
 * Reads the target of a change inside its transaction with what the change depends on locked,
 * so every decision below is made on rows nobody can change before this transaction ends: the
 * admin set first when the change can alter it (decision 0122), then the target's row.
 */
async function lockTarget(trx: Db, id: number, guard: Guard): Promise<UserRow> {
  if (guard.altersAdmins) await lockAdminSet(trx);
  const row = await requireUser(repo.lockUserById(trx, id));
  // Who may act comes first: a manager is told 403, not whether the target is the last admin.
  guard.authorize(row);
  if (guard.removesAdmin(row)) await assertAdminRemains(trx, [id]);
  return row;
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

export interface ChangeOptions {
  /**
   * A change that would leave every field as it is writes nothing and records no event (a bulk
   * item reports it as `unchanged`). Off for single requests, which always write.
   */
  skipUnchanged?: boolean;
  /** How to mail a new address its verification link (issue 14); none is sent without it. */
  mail?: MailSettings;
}

/**
 * Changes the fields given, status included, in one transaction (or in the caller's): what
 * PATCH, the named operations above and each item of a bulk change share, so a change follows
 * the same rules whichever way it comes.
 */
export async function applyUserChange(
  db: Db,
  ctx: ActionContext,
  id: number,
  input: UpdateUserBody,
  precondition: Precondition | undefined,
  now: Date,
  options: ChangeOptions = {},
): Promise<{ user: User; changed: boolean }> {
  if (id === ctx.actor.id && input.status === 'disabled')
    throw new ConflictError('You cannot disable your own account', { reason: 'yourself' });
  const changes: UserRowUpdate = { updated_at: now.toISOString() };
  if (input.name !== undefined) changes.name = cleanName(input.name);
  if (input.email !== undefined) changes.email = normalizeEmail(input.email);
  if (input.role !== undefined) changes.role = input.role;
  if (input.status !== undefined) changes.status = input.status;
  const removesAdmin = (row: UserRow) =>
    isActiveAdmin(row) &&
    ((input.role !== undefined && input.role !== 'admin') || input.status === 'disabled');

  try {
    return await inTransaction(db, async (trx) => {
      const current = await lockTarget(trx, id, {
        altersAdmins: input.role !== undefined || input.status !== undefined,
        removesAdmin,
        authorize: (row) => assertMayManage(ctx.actor, row.role, input.role),
      });
      if (!satisfies(precondition, current.version)) throw changedElsewhere();
      if (current.status === 'invited' && input.status !== undefined && input.status !== 'disabled') {
        throw new ConflictError('An invited user becomes active by accepting the invitation');
      }
      if (options.skipUnchanged && leavesAsIs(current, changes)) {
        return { user: toUser(current), changed: false };
      }
      if (changes.email !== undefined && changes.email !== current.email) {
        await assertEmailNotInBin(trx, changes.email);
      }
      // The search key changes only with the name or email: leaving it out otherwise spares the
      // search index a rewrite of the user's trigrams (its trigger fires on that column).
      const renamed = changes.name !== undefined || changes.email !== undefined;
      // A new address is unproven until its owner follows the link mailed to it (issue 14).
      const readdressed = changes.email !== undefined && changes.email !== current.email;
      const row = await repo.updateUserAtVersion(trx, id, current.version, {
        ...changes,
        ...(renamed && {
          search_key: searchKey(changes.name ?? current.name, changes.email ?? current.email),
        }),
        ...(readdressed && { email_verified_at: null }),
      });
      if (!row) throw changedElsewhere();
      if (readdressed && options.mail && options.mail.transport !== 'off') {
        await queueVerificationMail(trx, ctx, options.mail, row, now);
      }
      // A disabled account keeps no sessions, so enabling it later does not bring them back.
      if (current.status === 'active' && row.status === 'disabled') {
        await revokeUserSessions(trx, id, now.toISOString());
      }
      const before = toUser(current);
      const after = toUser(row);
      await recordEvent(trx, {
        action: 'user.updated',
        actor: ctx.actor,
        target: { type: 'user', id },
        changes: diff(before, after),
        request: ctx.request,
      });
      return { user: after, changed: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/** Whether every field `changes` names already has that value (updated_at aside). */
function leavesAsIs(row: UserRow, changes: UserRowUpdate): boolean {
  return (['name', 'email', 'role', 'status'] as const).every(
    (field) => changes[field] === undefined || changes[field] === row[field],
  );
}

/**
 * Deletes a user: into the recycle bin (decision 0172), where they cannot sign in, their sessions
 * end, every read leaves them out and their email stays reserved until a restore or the purge;
 * or, with `purge`, for good at once. The same checks either way: not oneself, the role limits,
 * the last active admin. Answers the user as it was.
 */
export async function deleteUser(
  db: Db,
  ctx: ActionContext,
  id: number,
  precondition?: Precondition,
  options: { purge?: boolean } = {},
  now = new Date(),
): Promise<User> {
  if (id === ctx.actor.id)
    throw new ConflictError('You cannot delete your own account', { reason: 'yourself' });
  if (options.purge && !permissions.can(ctx.actor.role, 'users:purge')) {
    throw new ForbiddenError('Only an admin can delete a user for good');
  }
  return inTransaction(db, async (trx) => {
    const current = await lockTarget(trx, id, {
      altersAdmins: true,
      removesAdmin: isActiveAdmin,
      authorize: (row) => assertMayManage(ctx.actor, row.role, undefined),
    });
    if (!satisfies(precondition, current.version)) throw changedElsewhere();
    const user = toUser(current);
    if (options.purge) {
      await purgeRow(trx, ctx, current, diff(user, null));
      return user;
    }
    const timestamp = now.toISOString();
    if (!(await moveToBin(trx, id, current.version, timestamp))) throw changedElsewhere();
    await revokeUserSessions(trx, id, timestamp);
    // Invitation, reset and verification links stop working; a restore does not revive them.
    await revokeTokens(trx, id, null, timestamp);
    await recordEvent(trx, {
      action: 'user.deleted',
      actor: ctx.actor,
      target: { type: 'user', id },
      changes: diff(user, null),
      request: ctx.request,
    });
    return user;
  });
}
