import { inTransaction, isUniqueViolation, toIso, type Db } from '../db/dialect.js';
import type { UserRow } from '../db/types.js';
import * as users from '../db/users.repository.js';
import { ConflictError } from '../errors.js';
import type { Role } from '../domain/roles.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { diff, recordEvent } from './audit.service.js';
import { openSession, type AuthSettings, type Grant } from './auth.service.js';
import type { ActionContext, RequestInfo } from './context.js';
import { assertMailOn, queueLinkMail, type MailSettings } from './mail.service.js';
import {
  assertUsable,
  endTokens,
  findTokenOrFail,
  spendToken,
  tokenState,
  type TokenState,
} from './one-time-tokens.js';
import { hashAcceptablePassword } from './passwords.service.js';
import { requireUser } from './require-user.js';
import { cleanName } from './text.js';
import { normalizeEmail, searchKey, toUser } from './user-fields.js';
import { assertMayManage } from './user-rules.js';
import { addUser } from './users.service.js';
import type { User } from '../schemas/users.js';

/**
 * Invitations (issue 14, decision 0161): the account exists at once with status `invited`, and
 * a mailed link lets its owner choose a password. Only a POST spends the link, so a mail scanner
 * that fetches it changes nothing. Resending makes a new link and ends the last; revoking ends
 * it; an invitee whose link was revoked or expired can be invited again.
 */

export interface InviteInput {
  name: string;
  email: string;
  role?: Role;
}

const notInvited = () =>
  new ConflictError('This user is not waiting on an invitation: they have accepted it, or were not invited');

async function sendInvitation(
  trx: Db,
  ctx: ActionContext,
  mail: MailSettings,
  user: UserRow | User,
  now: Date,
) {
  const ttlSeconds = mail.inviteTtl;
  const { mailId, expiresAt } = await queueLinkMail(
    trx,
    { userId: user.id, email: user.email, purpose: 'invitation', createdBy: ctx.actor.id, ttlSeconds },
    (token) => ({
      template: 'invitation',
      name: user.name,
      inviter: ctx.actor.email,
      role: user.role,
      ttlSeconds,
      token,
    }),
    now,
  );
  return { expiresAt, mailId };
}

/**
 * Mails an invitation to `user` (status `invited`) and records `user.invited`, in `trx`, the
 * transaction that made or refreshed the account: POST /users/invitations and an import's rows
 * without a password hash (decision 0169).
 */
export async function inviteInTransaction(
  trx: Db,
  ctx: ActionContext,
  mail: MailSettings,
  user: User,
  now: Date,
): Promise<{ expiresAt: string }> {
  const { expiresAt, mailId } = await sendInvitation(trx, ctx, mail, user, now);
  await recordEvent(trx, {
    action: 'user.invited',
    actor: ctx.actor,
    target: { type: 'user', id: user.id },
    changes: {
      email: [null, user.email],
      role: [null, user.role],
      expires_at: [null, expiresAt],
      mail_id: [null, mailId],
    },
    request: ctx.request,
  });
  return { expiresAt };
}

/**
 * Invites someone: a new account with status `invited`, or, for an address whose invitation
 * was never accepted, a fresh invitation with the name and role given now. `created` tells the
 * two apart (201 or 200).
 */
export async function inviteUser(
  db: Db,
  ctx: ActionContext,
  mail: MailSettings,
  policy: PasswordPolicy,
  input: InviteInput,
  now = new Date(),
): Promise<{ user: User; created: boolean; expiresAt: string }> {
  assertMailOn(mail);
  const role = input.role ?? 'viewer';
  assertMayManage(ctx.actor, null, role);
  const email = normalizeEmail(input.email);
  const name = cleanName(input.name);
  try {
    return await inTransaction(db, async (trx) => {
      const existing = await users.findUserByEmail(trx, email);
      let user: User;
      let created = false;
      if (existing) {
        const current = await requireUser(users.lockUserById(trx, existing.id));
        if (current.status !== 'invited') throw new ConflictError('A user with this email already exists');
        assertMayManage(ctx.actor, current.role, role);
        const row = await users.updateUserAtVersion(trx, current.id, current.version, {
          name,
          role,
          search_key: searchKey(name, email),
          updated_at: now.toISOString(),
        });
        if (!row) throw new ConflictError('The user changed meanwhile; try again');
        user = toUser(row);
        const changes = diff(toUser(current), user);
        if (Object.keys(changes).length > 0) {
          await recordEvent(trx, {
            action: 'user.updated',
            actor: ctx.actor,
            target: { type: 'user', id: user.id },
            changes,
            request: ctx.request,
          });
        }
      } else {
        user = await addUser(trx, ctx, policy, { name, email, role, status: 'invited' }, now);
        created = true;
      }
      const { expiresAt } = await inviteInTransaction(trx, ctx, mail, user, now);
      return { user, created, expiresAt };
    });
  } catch (error) {
    // Two invitations of one new address at once: the unique index lets one through.
    if (isUniqueViolation(error)) throw new ConflictError('A user with this email already exists');
    throw error;
  }
}

async function lockInvitee(trx: Db, ctx: ActionContext, userId: number): Promise<UserRow> {
  const user = await requireUser(users.lockUserById(trx, userId));
  assertMayManage(ctx.actor, user.role, undefined);
  if (user.status !== 'invited') throw notInvited();
  return user;
}

/** A new link for an invitee; the last one stops working. */
export async function resendInvitation(
  db: Db,
  ctx: ActionContext,
  mail: MailSettings,
  userId: number,
  now = new Date(),
) {
  assertMailOn(mail);
  return inTransaction(db, async (trx) => {
    const user = await lockInvitee(trx, ctx, userId);
    const { expiresAt, mailId } = await sendInvitation(trx, ctx, mail, user, now);
    await recordEvent(trx, {
      action: 'user.invitation_resent',
      actor: ctx.actor,
      target: { type: 'user', id: user.id },
      changes: { expires_at: [null, expiresAt], mail_id: [null, mailId] },
      request: ctx.request,
    });
    return { expiresAt };
  });
}

/** Ends an invitee's link; the account stays, invited, until it is invited again or deleted. */
export async function revokeInvitation(db: Db, ctx: ActionContext, userId: number, now = new Date()) {
  await inTransaction(db, async (trx) => {
    const user = await lockInvitee(trx, ctx, userId);
    const ended = await endTokens(trx, user.id, 'invitation', now);
    await recordEvent(trx, {
      action: 'user.invitation_revoked',
      actor: ctx.actor,
      target: { type: 'user', id: user.id },
      changes: { links_ended: [null, ended] },
      request: ctx.request,
    });
  });
}

export interface InvitationView {
  state: TokenState;
  name: string;
  email: string;
  role: Role;
  invited_by: string | null;
  expires_at: string;
}

/** What the acceptance page shows: who invited whom, and whether the link still works. Spends nothing. */
export async function inspectInvitation(db: Db, token: string, now = new Date()): Promise<InvitationView> {
  const found = await findTokenOrFail(db, token, 'invitation');
  const user = await requireUser(users.findUserById(db, found.user_id));
  const inviter = found.created_by === null ? undefined : await users.findUserById(db, found.created_by);
  return {
    state: tokenState(found, now),
    name: user.name,
    email: user.email,
    role: user.role,
    invited_by: inviter ? `${inviter.name} (${inviter.email})` : null,
    expires_at: toIso(found.expires_at),
  };
}

/**
 * Accepts an invitation: the password is set (the policy applies), the account becomes active
 * with its address verified (the link reached it), the invitee is signed in, and it is audited.
 */
export async function acceptInvitation(
  db: Db,
  settings: AuthSettings,
  policy: PasswordPolicy,
  body: { token: string; password: string },
  request: RequestInfo,
  now = new Date(),
): Promise<Grant> {
  const found = await findTokenOrFail(db, body.token, 'invitation');
  assertUsable(found, now);
  const invitee = await requireUser(users.findUserById(db, found.user_id));
  const hash = await hashAcceptablePassword(policy, body.password, invitee.email);
  return inTransaction(db, async (trx) => {
    const user = await requireUser(users.lockUserById(trx, found.user_id));
    if (user.status !== 'invited' || user.email !== found.email) {
      // Already active (accepted another way), disabled, or readdressed since: the link is spent.
      throw new ConflictError(
        'This invitation can no longer be accepted. Sign in, or ask for a new invitation.',
      );
    }
    await spendToken(trx, found, now);
    const row = await users.updateUserAtVersion(trx, user.id, user.version, {
      status: 'active',
      email_verified_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    if (!row) throw new ConflictError('The account changed meanwhile; try again');
    await users.setAccountFields(trx, user.id, { password_hash: hash, must_change_password: 0 });
    await recordEvent(trx, {
      action: 'user.invitation_accepted',
      actor: user,
      target: { type: 'user', id: user.id },
      changes: diff(toUser(user), toUser(row)),
      request,
    });
    return openSession(trx, settings, { ...row, password_hash: hash, must_change_password: 0 }, request, now);
  });
}
