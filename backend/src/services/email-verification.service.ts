import { inTransaction, type Db } from '../db/dialect.js';
import type { UserRow } from '../db/types.js';
import * as users from '../db/users.repository.js';
import { ConflictError } from '../errors.js';
import { diff, recordEvent } from './audit.service.js';
import type { ActionContext, RequestInfo } from './context.js';
import { assertMailOn, queueLinkMail, type MailSettings } from './mail.service.js';
import { assertUsable, findTokenOrFail, spendToken } from './one-time-tokens.js';
import { requireUser } from './require-user.js';
import { toUser } from './user-fields.js';

/**
 * Email verification (issue 14, decision 0163): a link mailed to an address proves its owner
 * reads it. An accepted invitation verifies; an admin's change of address unverifies and mails
 * the new one. What verification gates is documented in docs/email.md: nothing, unless
 * REQUIRE_VERIFIED_EMAIL=true, when sign-in refuses unverified accounts.
 */

/** A verification link for `user`'s current address, mailed after `trx` commits. */
export async function queueVerificationMail(
  trx: Db,
  ctx: ActionContext,
  mail: MailSettings,
  user: UserRow,
  now: Date,
): Promise<void> {
  const ttlSeconds = mail.inviteTtl;
  const { mailId, expiresAt } = await queueLinkMail(
    trx,
    { userId: user.id, email: user.email, purpose: 'verification', createdBy: ctx.actor.id, ttlSeconds },
    (token) => ({ template: 'email-verification', name: user.name, ttlSeconds, token }),
    now,
  );
  await recordEvent(trx, {
    action: 'user.verification_sent',
    actor: ctx.actor,
    target: { type: 'user', id: user.id },
    changes: { email: [null, user.email], expires_at: [null, expiresAt], mail_id: [null, mailId] },
    request: ctx.request,
  });
}

/** An admin sends a verification link again (a new one; the last stops working). */
export async function resendVerification(
  db: Db,
  ctx: ActionContext,
  mail: MailSettings,
  userId: number,
  now = new Date(),
) {
  assertMailOn(mail);
  await inTransaction(db, async (trx) => {
    const user = await requireUser(users.lockUserById(trx, userId));
    if (user.email_verified_at !== null) throw new ConflictError('This address is verified already');
    if (user.status === 'invited') {
      throw new ConflictError(
        'This user has not accepted the invitation yet; accepting it verifies the address',
      );
    }
    await queueVerificationMail(trx, ctx, mail, user, now);
  });
}

/** Following the link (a POST from the console page): the address it was sent to is verified. */
export async function verifyEmail(db: Db, token: string, request: RequestInfo, now = new Date()) {
  const found = await findTokenOrFail(db, token, 'verification');
  assertUsable(found, now);
  return inTransaction(db, async (trx) => {
    const user = await requireUser(users.lockUserById(trx, found.user_id));
    // The address changed again since the mail went out: this link proves the old one only.
    if (user.email !== found.email) {
      throw new ConflictError(
        'This link was sent to an address the account no longer has. Use the newest verification mail.',
      );
    }
    await spendToken(trx, found, now);
    const row = await users.updateUserAtVersion(trx, user.id, user.version, {
      email_verified_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    if (!row) throw new ConflictError('The account changed meanwhile; follow the link again');
    await recordEvent(trx, {
      action: 'user.email_verified',
      actor: user,
      target: { type: 'user', id: user.id },
      changes: diff(toUser(user), toUser(row)),
      request,
    });
    return { email: row.email };
  });
}
