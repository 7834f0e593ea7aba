import { inTransaction, toIso, type Db } from '../db/dialect.js';
import * as sessions from '../db/sessions.repository.js';
import type { SessionRow, UserRow } from '../db/types.js';
import * as users from '../db/users.repository.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { permissions } from '../permissions.js';
import type { Credentials, Session } from '../schemas/auth.js';
import type { Lockout } from '../security/lockout.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { checkPassword, normalizePassword } from '../security/passwords.js';
import type { AuditActionName } from './audit-actions.js';
import { recordEvent } from './audit.service.js';
import { attemptPassword } from './lockout.service.js';
import type { ActionContext } from './context.js';
import { hashAcceptablePassword } from './passwords.service.js';
import { requireUser } from './require-user.js';
import { toUser } from './user-fields.js';
import { updateUser } from './users.service.js';

/** The signed-in user's own account, and what admins do to other accounts' credentials. */

export async function me(db: Db, userId: number) {
  const row = await requireUser(users.findUserById(db, userId));
  return {
    user: toUser(row),
    permissions: [...permissions.of(row.role)],
    must_change_password: row.must_change_password === 1,
  };
}

export async function renameMe(db: Db, ctx: ActionContext, name: string) {
  return updateUser(db, ctx, ctx.actor.id, { name });
}

/**
 * Changes one's own password; every other session of the account ends. Guesses of the current
 * password count against the account's lockout, as sign-in attempts do (decision 0120): a stolen
 * access token must not become a way to guess the password without limit.
 */
export async function changeMyPassword(
  db: Db,
  ctx: ActionContext,
  lockout: Lockout,
  policy: PasswordPolicy,
  current: string,
  next: string,
): Promise<void> {
  const row = await requireUser(users.findUserById(db, ctx.actor.id));
  const attempt = { account: row.email, request: ctx.request };
  const { valid } = await attemptPassword(db, lockout, attempt, async () => ({
    valid: row.password_hash ? (await checkPassword(row.password_hash, current)).valid : false,
    userId: row.id,
  }));
  if (!valid) {
    throw new ValidationError(
      { current_password: ['is not your current password'] },
      'The current password is wrong',
    );
  }
  if (normalizePassword(current) === normalizePassword(next)) {
    throw new ValidationError({ new_password: ['must differ from the current password'] });
  }
  const hash = await hashAcceptablePassword(policy, next, row.email, 'new_password');
  const now = new Date().toISOString();
  await inTransaction(db, async (trx) => {
    await users.setAccountFields(trx, row.id, { password_hash: hash, must_change_password: 0 });
    await sessions.revokeUserSessions(trx, row.id, now, ctx.actor.sessionId);
    await recordEvent(trx, {
      action: 'auth.password_changed',
      actor: ctx.actor,
      target: { type: 'user', id: row.id },
      request: ctx.request,
    });
  });
}

/**
 * Stores a new password for a user and ends all of their sessions, with its audit event; the
 * actor is null when an operator does it from the command line.
 */
export async function storePassword(
  db: Db,
  user: UserRow,
  hash: string,
  actor: ActionContext['actor'] | null,
  request: ActionContext['request'],
): Promise<void> {
  const now = new Date().toISOString();
  await inTransaction(db, async (trx) => {
    await users.setAccountFields(trx, user.id, { password_hash: hash, must_change_password: 0 });
    await sessions.revokeUserSessions(trx, user.id, now);
    await recordEvent(trx, {
      action: 'user.password_set',
      actor,
      actorEmail: actor ? undefined : 'cli',
      target: { type: 'user', id: user.id },
      request,
    });
  });
}

/** An admin sets another user's password; that user's sessions end. */
export async function setPassword(
  db: Db,
  ctx: ActionContext,
  policy: PasswordPolicy,
  userId: number,
  password: string,
): Promise<void> {
  const row = await requireUser(users.findUserById(db, userId));
  const hash = await hashAcceptablePassword(policy, password, row.email);
  await storePassword(db, row, hash, ctx.actor, ctx.request);
}

function toSession(row: SessionRow, currentId: string | null): Session {
  return {
    id: row.id,
    created_at: toIso(row.created_at),
    last_used_at: toIso(row.last_used_at),
    expires_at: toIso(row.expires_at),
    ip: row.ip,
    user_agent: row.user_agent,
    current: row.id === currentId,
  };
}

export async function listSessions(db: Db, userId: number, currentId: string | null): Promise<Session[]> {
  await requireUser(users.findUserById(db, userId));
  const rows = await sessions.listLiveSessions(db, userId, new Date().toISOString());
  return rows.map((row) => toSession(row, currentId));
}

/** Ends one of the caller's own sessions (the current one too: that is signing out). */
export async function endMySession(
  db: Db,
  ctx: ActionContext,
  sessionId: string,
  action: AuditActionName = 'session.revoked',
) {
  await inTransaction(db, async (trx) => {
    const session = await sessions.findSession(trx, sessionId);
    if (!session || session.user_id !== ctx.actor.id || session.revoked_at !== null) {
      throw new NotFoundError('Session not found');
    }
    await sessions.revokeSession(trx, sessionId, new Date().toISOString());
    await recordEvent(trx, {
      action,
      actor: ctx.actor,
      target: { type: 'session', id: sessionId },
      request: ctx.request,
    });
  });
}

/**
 * An admin ends one session of a user (a lost phone, a shared computer). A session that is not
 * that user's, or has ended already, is not found: whoever guesses ids learns nothing.
 */
export async function endUserSession(
  db: Db,
  ctx: ActionContext,
  userId: number,
  sessionId: string,
): Promise<void> {
  await requireUser(users.findUserById(db, userId));
  await inTransaction(db, async (trx) => {
    const session = await sessions.findSession(trx, sessionId);
    if (!session || session.user_id !== userId || session.revoked_at !== null) {
      throw new NotFoundError('Session not found');
    }
    await sessions.revokeSession(trx, sessionId, new Date().toISOString());
    await recordEvent(trx, {
      action: 'session.revoked',
      actor: ctx.actor,
      target: { type: 'session', id: sessionId },
      request: ctx.request,
    });
  });
}

/**
 * An admin ends every session of a user. With `skipUnchanged` (a bulk item), a user with no live
 * session records no event.
 */
export async function endUserSessions(
  db: Db,
  ctx: ActionContext,
  userId: number,
  options: { skipUnchanged?: boolean } = {},
): Promise<number> {
  await requireUser(users.findUserById(db, userId));
  return inTransaction(db, async (trx) => {
    const ended = await sessions.revokeUserSessions(trx, userId, new Date().toISOString());
    if (ended === 0 && options.skipUnchanged) return 0;
    await recordEvent(trx, {
      action: 'session.revoked',
      actor: ctx.actor,
      target: { type: 'user', id: userId },
      changes: { sessions_ended: [null, ended] },
      request: ctx.request,
    });
    return ended;
  });
}

/** Whether a user can sign in: a password or none, and when a lockout ends (if one holds). */
export async function credentialsOf(db: Db, lockout: Lockout, userId: number): Promise<Credentials> {
  const row = await requireUser(users.findUserById(db, userId));
  const until = await lockout.lockedUntil(row.email);
  return {
    has_password: row.password_hash !== null,
    locked_until: until?.toISOString() ?? null,
    lockout_store: lockout.storeKind,
  };
}

/** An admin lifts a sign-in lockout. */
export async function clearLockout(
  db: Db,
  ctx: ActionContext,
  lockout: Lockout,
  userId: number,
): Promise<void> {
  const row = await requireUser(users.findUserById(db, userId));
  const wait = await lockout.retryAfter(row.email);
  await lockout.clear(row.email);
  await recordEvent(db, {
    action: 'auth.lockout_cleared',
    actor: ctx.actor,
    target: { type: 'user', id: row.id },
    changes: { locked_for_seconds: [wait, null] },
    request: ctx.request,
  });
}

export const passwordChangeRequired = () =>
  new ForbiddenError('You must change your password before doing anything else');
