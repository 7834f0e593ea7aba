import type { Db } from './dialect.js';
import type { AuditEventRow } from './types.js';

/** The overview's reads: each from a kept counter or an index range, never a scan. */

/** Users per role and status, from `user_counts` (kept by triggers, migration 004). */
export async function findUserCounts(db: Db): Promise<{ role: string; status: string; n: number }[]> {
  const rows = await db.selectFrom('user_counts').select(['role', 'status', 'n']).execute();
  return rows.map((r) => ({ role: r.role, status: r.status, n: Number(r.n) }));
}

/** Events per UTC day ('YYYY-MM-DD') from `audit_daily_counts` (kept by triggers, migration 012). */
export async function findDailyCounts(
  db: Db,
  actions: readonly string[],
  fromDay: string,
  toDay: string,
): Promise<{ day: string; action: string; n: number }[]> {
  const rows = await db
    .selectFrom('audit_daily_counts')
    .select(['day', 'action', 'n'])
    .where('action', 'in', actions)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .execute();
  return rows.map((r) => ({ day: r.day, action: r.action, n: Number(r.n) }));
}

/**
 * The newest `limit` events among `actions`, newest first. One index range per action
 * (`audit_events_action_time_idx`), each cut at `limit`, then merged: a single `action in (…)
 * order by occurred_at` would sort every event of those actions.
 */
export async function findNewestOf(
  db: Db,
  actions: readonly string[],
  limit: number,
): Promise<AuditEventRow[]> {
  if (actions.length === 0) return [];
  const newest = (action: string, i: number) =>
    db
      .selectFrom(
        db
          .selectFrom('audit_events')
          .selectAll()
          .where('action', '=', action)
          .orderBy('occurred_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .as(`a${i}`),
      )
      .selectAll();
  const [first, ...rest] = actions.map(newest);
  return rest
    .reduce((query, next) => query.unionAll(next), first!)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Accounts an event of `action` named since `since`, newest first, at most `limit`: the
 * address the event was counted under and the user it was about.
 */
export async function findAccountsNamedSince(
  db: Db,
  action: string,
  since: string,
  limit: number,
): Promise<{ account: string; user_id: string }[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select((eb) => ['actor_email', 'target_id', eb.fn.max('occurred_at').as('last')])
    .where('action', '=', action)
    .where('occurred_at', '>=', since)
    .where('target_type', '=', 'user')
    .where('actor_email', 'is not', null)
    .groupBy(['actor_email', 'target_id'])
    .orderBy('last', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ account: r.actor_email!, user_id: r.target_id! }));
}
