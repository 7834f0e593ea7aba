import type { Db } from '../db/dialect.js';
import { RateLimitedError } from '../errors.js';
import type { Admission, Lockout } from '../security/lockout.js';
import { recordEvent } from './audit.service.js';
import type { RequestInfo } from './context.js';

/** One guess at an account's password, from sign-in or from a password change. */
export interface PasswordAttempt {
  /** The normalised email: sign-in and password change share one count per account. */
  account: string;
  request: RequestInfo;
}

/** What one check found: whether the password matched, and whose account it was (if any). */
export interface CheckResult {
  valid: boolean;
  userId?: number;
}

function refused(admission: Extract<Admission, { admitted: false }>): RateLimitedError {
  const wait = admission.retryAfter;
  const message = admission.locked
    ? `Too many wrong passwords for this account; try again in ${wait} seconds`
    : `Too many password attempts for this account at once; try again in ${wait} seconds`;
  return new RateLimitedError(message, wait);
}

/**
 * Runs `check` (one password verification, which also audits its own failure) only if the
 * account's lockout admits the attempt, and records the outcome; the failure that locks the
 * account is audited too. Throws RateLimitedError when the attempt is refused, without running `check`.
 */
export async function attemptPassword<T extends CheckResult>(
  db: Db,
  lockout: Lockout,
  attempt: PasswordAttempt,
  check: () => Promise<T>,
): Promise<T> {
  const admission = await lockout.admit(attempt.account);
  if (!admission.admitted) throw refused(admission);
  let result: T | undefined;
  try {
    result = await check();
  } finally {
    // An attempt that threw (the database, say) counts as failed: left pending, its count
    // would hold the account "busy" until the window ends, and the fifth would never lock.
    if (result?.valid) await lockout.recordSuccess(attempt.account);
    else await recordFailure(db, lockout, attempt, admission.attempt, result?.userId);
  }
  return result;
}

async function recordFailure(
  db: Db,
  lockout: Lockout,
  attempt: PasswordAttempt,
  nth: number,
  userId: number | undefined,
) {
  const lockedFor = await lockout.recordFailure(attempt.account, nth);
  if (lockedFor === null) return;
  await recordEvent(db, {
    action: 'auth.lockout',
    actor: null,
    target: userId === undefined ? undefined : { type: 'user', id: userId },
    changes: { locked_for_seconds: [null, lockedFor] },
    request: attempt.request,
    actorEmail: attempt.account,
  });
}
