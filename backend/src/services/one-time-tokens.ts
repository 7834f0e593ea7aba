import { randomBytes } from 'node:crypto';
import { toIso, type Db } from '../db/dialect.js';
import type { TokenPurpose, UserTokenRow } from '../db/types.js';
import * as repo from '../db/user-tokens.repository.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { hashToken } from '../security/tokens.js';

/**
 * The one-time tokens of mailed links (decision 0162): 32 random bytes, only their SHA-256 hash
 * stored, one live token per user and purpose (a new one ends the last), spent by a POST only.
 * What a link that no longer works says is written here, in plain words with what to do next.
 */

export type TokenState = 'valid' | 'expired' | 'used' | 'revoked';

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export async function issueToken(
  trx: Db,
  options: {
    userId: number;
    purpose: TokenPurpose;
    email: string;
    createdBy: number | null;
    ttlSeconds: number;
    now: Date;
  },
): Promise<IssuedToken> {
  const now = options.now.toISOString();
  await repo.revokeTokens(trx, options.userId, options.purpose, now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(options.now.getTime() + options.ttlSeconds * 1000).toISOString();
  await repo.insertToken(trx, {
    userId: options.userId,
    purpose: options.purpose,
    tokenHash: hashToken(token),
    email: options.email,
    createdBy: options.createdBy,
    now,
    expiresAt,
  });
  return { token, expiresAt };
}

export function tokenState(row: UserTokenRow, now: Date): TokenState {
  if (row.used_at !== null) return 'used';
  if (row.revoked_at !== null) return 'revoked';
  return new Date(toIso(row.expires_at)) <= now ? 'expired' : 'valid';
}

const WORDS: Record<TokenPurpose, Record<Exclude<TokenState, 'valid'>, string> & { unknown: string }> = {
  invitation: {
    unknown:
      'This invitation link is not valid. Check that the whole link was copied, or ask for a new invitation.',
    expired: 'This invitation has expired. Ask the person who invited you to send a new one.',
    used: 'This invitation has already been accepted. Sign in with your email and password, or use "Forgot your password?".',
    revoked:
      'This invitation is no longer valid: a newer one was sent, or it was withdrawn. Use the newest invitation mail, or ask for a new one.',
  },
  reset: {
    unknown:
      'This password reset link is not valid. Check that the whole link was copied, or ask for a new one.',
    expired: 'This password reset link has expired. Ask for a new one from the sign-in page.',
    used: 'This password reset link has already been used. Ask for a new one from the sign-in page if you need to.',
    revoked:
      'This password reset link is no longer valid: a newer link was sent, or the password was changed since. Ask for a new one from the sign-in page.',
  },
  verification: {
    unknown:
      'This verification link is not valid. Check that the whole link was copied, or ask an administrator to send a new one.',
    expired: 'This verification link has expired. Ask an administrator to send a new one.',
    used: 'This address has already been verified with this link. Nothing more to do.',
    revoked:
      'This verification link is no longer valid: a newer one was sent, or the address changed since. Use the newest mail, or ask an administrator.',
  },
};

/** The token's row, or a NotFoundError in plain words for a link that never was. */
export async function findTokenOrFail(db: Db, token: string, purpose: TokenPurpose): Promise<UserTokenRow> {
  const row =
    token.length > 0 && token.length <= 200 ? await repo.findToken(db, hashToken(token), purpose) : undefined;
  if (!row) throw new NotFoundError(WORDS[purpose].unknown);
  return row;
}

/** Throws, in plain words, unless the token can still be used. */
export function assertUsable(row: UserTokenRow, now: Date): void {
  const state = tokenState(row, now);
  if (state !== 'valid') throw new ConflictError(WORDS[row.purpose][state]);
}

/** Spends the token in `trx`; whoever comes second (or late) is told why it no longer works. */
export async function spendToken(trx: Db, row: UserTokenRow, now: Date): Promise<void> {
  assertUsable(row, now);
  if (!(await repo.spendToken(trx, row.id, now.toISOString()))) {
    throw new ConflictError(WORDS[row.purpose].used);
  }
}

export const endTokens = (trx: Db, userId: number, purpose: TokenPurpose, now: Date) =>
  repo.revokeTokens(trx, userId, purpose, now.toISOString());
