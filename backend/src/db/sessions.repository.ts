import type { Db } from './dialect.js';
import { compiledOnce, keptWhileUnchanged } from './fast/index.js';
import type { SessionRow, UserRow } from './types.js';

export interface NewSession {
  id: string;
  userId: number;
  now: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(db: Db, s: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: s.now,
      last_used_at: s.now,
      expires_at: s.expiresAt,
      revoked_at: null,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

/** What the session check needs of the signed-in user. */
export type SessionUser = Pick<UserRow, 'id' | 'email' | 'role' | 'status' | 'must_change_password'>;

export interface LiveSession {
  user: SessionUser;
  session: { id: string; expires_at: SessionRow['expires_at']; last_used_at: SessionRow['last_used_at'] };
}

const liveSessionQuery = compiledOnce(
  (db, id: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      // Only what the check needs: the hash and search key are most of a row's bytes.
      .select(['users.id', 'users.email', 'users.role', 'users.status', 'users.must_change_password'])
      .select([
        'sessions.id as session_id',
        'sessions.expires_at as session_expires_at',
        'sessions.last_used_at as session_last_used_at',
      ])
      .where('sessions.id', '=', id)
      .where('sessions.revoked_at', 'is', null)
      // A user in the recycle bin has no live session, even one the bin's revoke missed.
      .where('users.deleted_at', 'is', null),
  ['session id'],
);

async function lookUpLiveSession(db: Db, id: string): Promise<LiveSession | undefined> {
  const [row] = await liveSessionQuery(db, id);
  if (!row) return undefined;
  const { session_id, session_expires_at, session_last_used_at, ...user } = row;
  return Object.freeze({
    user: Object.freeze(user),
    session: Object.freeze({
      id: session_id,
      expires_at: session_expires_at,
      last_used_at: session_last_used_at,
    }),
  });
}

/**
 * The one lookup every authenticated request makes: a live session joined to its user. Its
 * answers are kept while the database is unchanged (SQLite; see keptWhileUnchanged), and any
 * write, by this process or another, drops them, so ending a session or disabling a user still
 * works on the very next request.
 */
export const findLiveSession: (db: Db, id: string) => Promise<LiveSession | undefined> = keptWhileUnchanged(
  lookUpLiveSession,
  10_000,
);

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listLiveSessions(db: Db, userId: number, now: string): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_used_at', 'desc')
    .execute();
}

export async function touchSession(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function revokeSession(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every live session of a user, but `keep`; answers how many ended. */
export async function revokeUserSessions(
  db: Db,
  userId: number,
  now: string,
  keep?: string,
): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .$if(keep !== undefined, (q) => q.where('id', '!=', keep!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Users among `userIds` with sessions not yet revoked, and how many: what revokeUserSessions
 * would end for each (a bulk preview of ending sessions).
 */
export async function countUnrevokedSessions(
  db: Db,
  userIds: readonly number[],
): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sessions')
    .select(['user_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('user_id', 'in', userIds)
    .where('revoked_at', 'is', null)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((row) => [row.user_id, Number(row.n)]));
}

export async function insertRefreshToken(
  db: Db,
  tokenHash: string,
  sessionId: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({ token_hash: tokenHash, session_id: sessionId, created_at: now, rotated_at: null })
    .execute();
}

export async function findRefreshToken(db: Db, tokenHash: string) {
  return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a token rotated only if it was not already: false means someone used it first. */
export async function markRotated(db: Db, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ rotated_at: now })
    .where('token_hash', '=', tokenHash)
    .where('rotated_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What the audit log shows of the sessions with these ids: whose, from which device, since when. */
export async function findSessionSummaries(
  db: Db,
  ids: readonly string[],
): Promise<Pick<SessionRow, 'id' | 'user_id' | 'user_agent' | 'created_at'>[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'user_agent', 'created_at'])
    .where('id', 'in', ids)
    .execute();
}
