import type { Db } from './dialect.js';
import type { TokenPurpose, UserTokenRow } from './types.js';

// One-time tokens sent by mail (migration 009). Rows hold only the token's SHA-256 hash.

export interface NewToken {
  userId: number;
  purpose: TokenPurpose;
  tokenHash: string;
  email: string;
  createdBy: number | null;
  now: string;
  expiresAt: string;
}

export async function insertToken(db: Db, token: NewToken): Promise<void> {
  await db
    .insertInto('user_tokens')
    .values({
      user_id: token.userId,
      purpose: token.purpose,
      token_hash: token.tokenHash,
      email: token.email,
      created_by: token.createdBy,
      created_at: token.now,
      expires_at: token.expiresAt,
    })
    .execute();
}

export async function findToken(
  db: Db,
  tokenHash: string,
  purpose: TokenPurpose,
): Promise<UserTokenRow | undefined> {
  return db
    .selectFrom('user_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/**
 * Spends a token: true for the one caller that found it unused, unrevoked and unexpired; two
 * concurrent submissions of one link cannot both pass this conditional update.
 */
export async function spendToken(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('user_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Ends a user's outstanding tokens of one purpose (a newer one replaces them, or a revoke), or
 * of every purpose with null (the user went to the recycle bin); how many.
 */
export async function revokeTokens(
  db: Db,
  userId: number,
  purpose: TokenPurpose | null,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('user_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .$if(purpose !== null, (q) => q.where('purpose', '=', purpose!))
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The newest token of a purpose for a user, whatever its state (an invitation's expiry, say). */
export async function latestToken(
  db: Db,
  userId: number,
  purpose: TokenPurpose,
): Promise<UserTokenRow | undefined> {
  return db
    .selectFrom('user_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
