import { inTransaction, toIso, type Db } from '../db/dialect.js';
import * as sessions from '../db/sessions.repository.js';
import type { UserRow } from '../db/types.js';
import * as users from '../db/users.repository.js';
import { RateLimitedError, UnauthenticatedError } from '../errors.js';
import type { LoginBody, TokenGrant } from '../schemas/auth.js';
import type { FailureLimit } from '../security/failure-limit.js';
import type { Lockout } from '../security/lockout.js';
import { burnVerifyTime, checkPassword, hashPassword } from '../security/passwords.js';
import { hashToken, newRefreshToken, newSessionId, type AccessTokens } from '../security/tokens.js';
import { recordEvent } from './audit.service.js';
import { attemptPassword } from './lockout.service.js';
import type { RequestInfo } from './context.js';
import { normalizeEmail, toUser } from './user-fields.js';
import { canSignIn } from '../domain/statuses.js';

export interface AuthSettings {
  tokens: AccessTokens;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  lockout: Lockout;
  /** Failed refreshes per client address. */
  refreshFailures: FailureLimit;
  /** REQUIRE_VERIFIED_EMAIL: sign-in refuses accounts whose email is not verified. */
  requireVerifiedEmail: boolean;
}

/** What a successful sign-in or refresh hands out; the refresh token goes into a cookie. */
export interface Grant {
  body: TokenGrant;
  refreshToken: string;
}

const unauthorized = (message: string) => new UnauthenticatedError(message);
const BAD_CREDENTIALS = 'Invalid email or password';
const TOUCH_INTERVAL_MS = 60_000;

function grantFor(settings: AuthSettings, user: UserRow, sessionId: string, refreshToken: string): Grant {
  return {
    refreshToken,
    body: {
      access_token: settings.tokens.sign({ sub: String(user.id), sid: sessionId }),
      token_type: 'Bearer',
      expires_in: settings.accessTokenTtl,
      user: toUser(user),
      must_change_password: user.must_change_password === 1,
    },
  };
}

type LoginFailure =
  | 'unknown_email'
  | 'no_password'
  | 'wrong_password'
  | 'account_disabled'
  | 'account_invited'
  | 'email_unverified';

function loginFailure(
  user: UserRow | undefined,
  matches: boolean,
  requireVerified: boolean,
): LoginFailure | null {
  if (!user) return 'unknown_email';
  if (!user.password_hash) return 'no_password';
  if (!matches) return 'wrong_password';
  if (!canSignIn(user.status)) return user.status === 'invited' ? 'account_invited' : 'account_disabled';
  return requireVerified && user.email_verified_at === null ? 'email_unverified' : null;
}

async function recordLoginFailure(
  db: Db,
  email: string,
  userId: number | undefined,
  reason: LoginFailure,
  request: RequestInfo,
): Promise<void> {
  await recordEvent(db, {
    action: 'auth.login_failed',
    actor: null,
    target: userId === undefined ? undefined : { type: 'user', id: userId },
    changes: { reason: [null, reason] },
    request,
    actorEmail: email,
  });
}

/** Finds the account and checks the password; a failure is audited with its reason. */
async function checkSignIn(
  db: Db,
  email: string,
  password: string,
  request: RequestInfo,
  requireVerified: boolean,
) {
  const user = await users.findUserByEmail(db, email);
  // Unknown emails and accounts with no password cost one hash too: timing tells nothing.
  const match = user?.password_hash ? await checkPassword(user.password_hash, password) : null;
  if (!match) await burnVerifyTime(password);
  const reason = loginFailure(user, match?.valid ?? false, requireVerified);
  if (reason) await recordLoginFailure(db, email, user?.id, reason, request);
  return { valid: reason === null, stale: match?.stale ?? false, userId: user?.id, user };
}

export async function login(
  db: Db,
  settings: AuthSettings,
  body: LoginBody,
  request: RequestInfo,
  now = new Date(),
): Promise<Grant> {
  const email = normalizeEmail(body.email);
  const { valid, stale, user } = await attemptPassword(
    db,
    settings.lockout,
    { account: email, request },
    () => checkSignIn(db, email, body.password, request, settings.requireVerifiedEmail),
  );
  // A disabled account gets the same answer, right password or not, after the same hashing:
  // otherwise the answer would confirm a password to anyone who tried it. The audit says why.
  if (!user || !valid) throw unauthorized(BAD_CREDENTIALS);

  const rehashed = stale ? await hashPassword(body.password) : null;
  return inTransaction(db, (trx) => openSession(trx, settings, user, request, now, rehashed));
}

/**
 * Starts a session for a user who has just proven who they are (a password, an accepted
 * invitation): the session, its refresh token, the sign-in time and `auth.login`, in `trx`.
 */
export async function openSession(
  trx: Db,
  settings: AuthSettings,
  user: UserRow,
  request: RequestInfo,
  now: Date,
  rehashed: string | null = null,
): Promise<Grant> {
  const sessionId = newSessionId();
  const refreshToken = newRefreshToken();
  const timestamp = now.toISOString();
  await sessions.insertSession(trx, {
    id: sessionId,
    userId: user.id,
    now: timestamp,
    expiresAt: new Date(now.getTime() + settings.refreshTokenTtl * 1000).toISOString(),
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 512) ?? null,
  });
  await sessions.insertRefreshToken(trx, hashToken(refreshToken), sessionId, timestamp);
  await users.setAccountFields(trx, user.id, {
    last_login_at: timestamp,
    ...(rehashed ? { password_hash: rehashed } : {}),
  });
  await recordEvent(trx, {
    action: 'auth.login',
    actor: user,
    target: { type: 'session', id: sessionId },
    changes: null,
    request,
  });
  return grantFor(settings, { ...user, last_login_at: timestamp }, sessionId, refreshToken);
}

/**
 * Trades a refresh token for a new one and an access token. Valid renewals are never limited
 * (an office behind one address renews on every page load); failed ones are, per address.
 */
export async function refresh(
  db: Db,
  settings: AuthSettings,
  presented: string | undefined,
  request: RequestInfo,
  now = new Date(),
): Promise<Grant> {
  // What every signed-out console sends when it starts: answered cheaply and never counted.
  if (!presented) throw unauthorized('No refresh token');
  try {
    return await rotate(db, settings, presented, request, now);
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    // Refresh tokens cannot be guessed, so this limit only slows a misbehaving client: with the
    // counter store away (Redis down), the refusal stands rather than becoming a 500.
    const wait = await settings.refreshFailures.recordFailure(request.ip ?? 'unknown').catch(() => 0);
    if (wait === 0) throw error;
    throw new RateLimitedError(
      `Too many failed token renewals from this address; try again in ${wait} seconds`,
      wait,
    );
  }
}

/** How long after its rotation a refresh token still renews instead of counting as stolen. */
export const REFRESH_REUSE_GRACE_MS = 10_000;

async function rotatedJustNow(trx: Db, tokenHash: string, now: Date): Promise<boolean> {
  const token = await sessions.findRefreshToken(trx, tokenHash);
  if (!token?.rotated_at) return false;
  return now.getTime() - new Date(toIso(token.rotated_at)).getTime() <= REFRESH_REUSE_GRACE_MS;
}

async function rotate(
  db: Db,
  settings: AuthSettings,
  presented: string,
  request: RequestInfo,
  now: Date,
): Promise<Grant> {
  const tokenHash = hashToken(presented);
  const token = await sessions.findRefreshToken(db, tokenHash);
  if (!token) throw unauthorized('Invalid refresh token');
  const timestamp = now.toISOString();
  const session = await sessions.findSession(db, token.session_id);
  if (!session || session.revoked_at !== null || new Date(toIso(session.expires_at)) <= now) {
    throw unauthorized('This session has ended; sign in again');
  }

  const next = newRefreshToken();
  const outcome = await inTransaction(db, async (trx) => {
    const owner = await users.findUserById(trx, session.user_id);
    // A token that was already rotated and comes back is a copy someone kept: end the session.
    // Unless it comes back within moments of its rotation: that is the same browser, whose
    // first answer was lost to a reload or a second tab (decision 0176).
    const rotatedBefore = !(await sessions.markRotated(trx, tokenHash, timestamp));
    if (rotatedBefore && !(await rotatedJustNow(trx, tokenHash, now))) {
      await sessions.revokeSession(trx, session.id, timestamp);
      await recordEvent(trx, {
        action: 'auth.refresh_reuse',
        actor: owner ?? null,
        target: { type: 'session', id: session.id },
        changes: null,
        request,
      });
      return null;
    }
    // Thrown inside the transaction, so the rotation rolls back: the token stays unspent and,
    // should the account be enabled again, presenting it is not mistaken for theft.
    if (!owner || !canSignIn(owner.status)) throw unauthorized('This account is disabled');
    await sessions.insertRefreshToken(trx, hashToken(next), session.id, timestamp);
    await sessions.touchSession(trx, session.id, timestamp);
    return owner;
  });
  if (outcome === null) throw unauthorized('Refresh token reuse detected; the session has been ended');
  return grantFor(settings, outcome, session.id, next);
}

export interface Authenticated {
  user: sessions.SessionUser;
  sessionId: string;
}

/**
 * Checks an access token and, with one indexed lookup (kept on SQLite until the database
 * changes, see findLiveSession), that its session is still live and its user still active:
 * ending a session or disabling a user works on the very next request.
 */
export async function authenticate(
  db: Db,
  tokens: AccessTokens,
  token: string,
  now = new Date(),
): Promise<Authenticated> {
  let claims;
  try {
    claims = tokens.verify(token);
  } catch {
    throw unauthorized('Invalid or expired access token');
  }
  const live = await sessions.findLiveSession(db, claims.sid);
  if (!live || String(live.user.id) !== claims.sub || new Date(toIso(live.session.expires_at)) <= now) {
    throw unauthorized('This session has ended; sign in again');
  }
  if (!canSignIn(live.user.status)) throw unauthorized('This account is disabled');
  if (now.getTime() - new Date(toIso(live.session.last_used_at)).getTime() > TOUCH_INTERVAL_MS) {
    await sessions.touchSession(db, live.session.id, now.toISOString());
  }
  return { user: live.user, sessionId: live.session.id };
}
