import { inTransaction, isUniqueViolation, type Db } from '../db/dialect.js';
import { ConflictError } from '../errors.js';
import { moveToBin } from '../db/recycle-bin.repository.js';
import { revokeUserSessions } from '../db/sessions.repository.js';
import type { UserRow, UserRowUpdate } from '../db/types.js';
import { revokeTokens } from '../db/user-tokens.repository.js';
import * as repo from '../db/users.repository.js';
import type { UpdateUserBody, User } from '../schemas/users.js';
import { assertAdminRemains, lockAdminSet } from './admin-set.service.js';
import { diff, recordEvent } from './audit.service.js';
import type { ActionContext } from './context.js';
import { queueVerificationMail } from './email-verification.service.js';
import type { MailSettings } from './mail.service.js';
import type { Precondition } from './precondition.js';
import { assertEmailNotInBin, purgeRow } from './recycle-bin.service.js';
import { requireUser } from './require-user.js';
import { cleanName } from './text.js';
import { normalizeEmail, searchKey, toUser } from './user-fields.js';
import {
  changedElsewhere,
  deleteRules,
  updateRules,
  type ChangeRules,
  type UserChanges,
} from './user-rules.js';

/**
 * A change to one existing user, under its rules (user-rules.ts): what PATCH, DELETE, the named
 * operations and each item of a bulk change share, so a change follows the same rules whichever
 * way it comes.
 */

export const emailTaken = () => new ConflictError('A user with this email already exists');

/**
 * Reads the target of a change inside its transaction with what the change depends on locked,
 * so every decision below is made on rows nobody can change before this transaction ends: the
 * admin set first when the change can alter it (decision 0122), then the target's row.
 */
async function lockTarget(trx: Db, id: number, rules: ChangeRules): Promise<UserRow> {
  if (rules.altersAdmins) await lockAdminSet(trx);
  const row = await requireUser(repo.lockUserById(trx, id));
  rules.authorize(row);
  if (rules.removesAdmin(row)) await assertAdminRemains(trx, [id]);
  rules.refuseLate(row);
  return row;
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

/** Changes the fields given, status included, in one transaction (or in the caller's). */
export async function applyUserChange(
  db: Db,
  ctx: ActionContext,
  id: number,
  input: UpdateUserBody,
  precondition: Precondition | undefined,
  now: Date,
  options: ChangeOptions = {},
): Promise<{ user: User; changed: boolean }> {
  const changes: UserChanges = {};
  if (input.name !== undefined) changes.name = cleanName(input.name);
  if (input.email !== undefined) changes.email = normalizeEmail(input.email);
  if (input.role !== undefined) changes.role = input.role;
  if (input.status !== undefined) changes.status = input.status;
  const rules = updateRules(ctx.actor, id, changes, precondition);
  rules.refuseEarly();

  try {
    return await inTransaction(db, async (trx) => {
      const current = await lockTarget(trx, id, rules);
      if (options.skipUnchanged && rules.leavesAsIs(current)) {
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
      const update: UserRowUpdate = {
        ...changes,
        updated_at: now.toISOString(),
        ...(renamed && {
          search_key: searchKey(changes.name ?? current.name, changes.email ?? current.email),
        }),
        ...(readdressed && { email_verified_at: null }),
      };
      const row = await repo.updateUserAtVersion(trx, id, current.version, update);
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
  const rules = deleteRules(ctx.actor, id, precondition, options.purge);
  rules.refuseEarly();
  return inTransaction(db, async (trx) => {
    const current = await lockTarget(trx, id, rules);
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
