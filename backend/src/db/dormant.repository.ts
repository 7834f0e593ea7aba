import { sql } from 'kysely';
import type { Db } from './dialect.js';
import type { UserRow } from './types.js';

// The dormant-account policy's reads (issue 16): live users by their last activity, a sign-in
// or, for who never signed in, their creation.

export type DormantRow = Pick<
  UserRow,
  'id' | 'name' | 'email' | 'role' | 'status' | 'last_login_at' | 'created_at'
>;

const lastActivity = sql`coalesce(last_login_at, created_at)`;

/**
 * Live users whose last activity is in [from, to), by id: the same list on every run of a job
 * that reads it with the same bounds (statuses may change between runs; the list does not).
 */
export async function findByLastActivity(
  db: Db,
  range: { from?: string; to: string },
  options: { activeOnly?: boolean; limit?: number } = {},
): Promise<DormantRow[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'status', 'last_login_at', 'created_at'])
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`${lastActivity} < ${range.to}`)
    .$if(range.from !== undefined, (q) => q.where(sql<boolean>`${lastActivity} >= ${range.from}`))
    .$if(options.activeOnly === true, (q) => q.where('status', '=', 'active'))
    .orderBy('id')
    .$if(options.limit !== undefined, (q) => q.limit(options.limit!))
    .execute();
}

export async function countByLastActivity(db: Db, range: { from?: string; to: string }): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where(sql<boolean>`${lastActivity} < ${range.to}`)
    .$if(range.from !== undefined, (q) => q.where(sql<boolean>`${lastActivity} >= ${range.from}`))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the user was warned after `since` (their last activity): one warning per idle spell. */
export async function warnedSince(db: Db, userId: number, since: string): Promise<boolean> {
  const row = await db
    .selectFrom('audit_events')
    .select('id')
    .where('action', '=', 'user.dormant_warned')
    .where('target_type', '=', 'user')
    .where('target_id', '=', String(userId))
    .where('occurred_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}
