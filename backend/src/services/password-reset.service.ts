import { inTransaction, type Db } from '../db/dialect.js';
import * as sessions from '../db/sessions.repository.js';
import * as users from '../db/users.repository.js';
import { canSignIn } from '../domain/statuses.js';
import { ConflictError } from '../errors.js';
import type { CounterStore } from '../security/counter-store.js';
import type { Lockout } from '../security/lockout.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { recordEvent } from './audit.service.js';
import type { RequestInfo } from './context.js';
import { assertMailOn, queueLinkMail, type MailSettings } from './mail.service.js';
import { assertUsable, findTokenOrFail, spendToken } from './one-time-tokens.js';
import { hashAcceptablePassword } from './passwords.service.js';
import { requireUser } from './require-user.js';
import { normalizeEmail } from './user-fields.js';

/**
 * Password reset by mail (issue 14, decision 0164). The request answers the same, in the same
 * time class, whatever the address is: the mail goes only to an active account, and the audit
 * says what happened. Confirming spends the link, sets the password, ends every session and
 * clears the lockout.
 */

/** Reset mails per address: more asks within the window are answered alike and send nothing. */
export const RESET_MAILS_PER_EMAIL = 3;
export const RESET_EMAIL_WINDOW_MS = 60 * 60_000;

export interface ResetRequestDeps {
  mail: MailSettings;
  counters: CounterStore;
}

type Outcome = 'mailed' | 'unknown_email' | 'account_disabled' | 'account_invited' | 'limited';

export async function requestPasswordReset(
  db: Db,
  deps: ResetRequestDeps,
  rawEmail: string,
  request: RequestInfo,
  now = new Date(),
): Promise<void> {
  assertMailOn(deps.mail);
  const email = normalizeEmail(rawEmail);
  // Counted for every address, known or not, so the limit tells nothing either. Shared through
  // the counter store (Redis when REDIS_URL is set); with it away, asks are not limited here
  // (the per-address limit of the route still holds).
  const asked = await deps.counters.increment(`reset:email:${email}`, RESET_EMAIL_WINDOW_MS).catch(() => 0);
  await inTransaction(db, async (trx) => {
    const user = await users.findUserByEmail(trx, email);
    let outcome: Outcome;
    if (!user) outcome = 'unknown_email';
    else if (user.status === 'invited') outcome = 'account_invited';
    else if (!canSignIn(user.status)) outcome = 'account_disabled';
    else if (asked > RESET_MAILS_PER_EMAIL) outcome = 'limited';
    else outcome = 'mailed';
    let mailId: number | null = null;
    if (user && outcome === 'mailed') {
      const ttlSeconds = deps.mail.resetTtl;
      ({ mailId } = await queueLinkMail(
        trx,
        { userId: user.id, email, purpose: 'reset', createdBy: null, ttlSeconds },
        (token) => ({ template: 'password-reset', name: user.name, ttlSeconds, token }),
        now,
      ));
    }
    await recordEvent(trx, {
      action: 'auth.password_reset_requested',
      actor: null,
      actorEmail: email,
      target: user ? { type: 'user', id: user.id } : undefined,
      changes: { outcome: [null, outcome], ...(mailId !== null ? { mail_id: [null, mailId] } : {}) },
      request,
    });
  });
}

/** Sets a new password with a mailed link: every session of the user ends, the lockout clears. */
export async function confirmPasswordReset(
  db: Db,
  deps: { policy: PasswordPolicy; lockout: Lockout },
  body: { token: string; password: string },
  request: RequestInfo,
  now = new Date(),
): Promise<void> {
  const found = await findTokenOrFail(db, body.token, 'reset');
  assertUsable(found, now);
  const user = await requireUser(users.findUserById(db, found.user_id));
  const hash = await hashAcceptablePassword(deps.policy, body.password, user.email);
  await inTransaction(db, async (trx) => {
    const current = await requireUser(users.lockUserById(trx, user.id));
    if (!canSignIn(current.status) || current.email !== found.email) {
      throw new ConflictError('This account cannot be reset with this link any more. Ask an administrator.');
    }
    await spendToken(trx, found, now);
    await users.setAccountFields(trx, current.id, { password_hash: hash, must_change_password: 0 });
    const ended = await sessions.revokeUserSessions(trx, current.id, now.toISOString());
    await recordEvent(trx, {
      action: 'auth.password_reset',
      actor: current,
      target: { type: 'user', id: current.id },
      changes: { sessions_ended: [null, ended] },
      request,
    });
  });
  await deps.lockout.clear(user.email);
}
