import { sql } from 'kysely';
import { isPostgres, type Db } from './dialect.js';
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

/** Every column of an audit event, named: `select *` is never a named statement (pg-prepared-statements.ts). */
const EVENT_COLUMNS = [
  'id',
  'occurred_at',
  'actor_id',
  'actor_email',
  'action',
  'target_type',
  'target_id',
  'changes',
  'ip',
  'user_agent',
  'request_id',
  'job_id',
] as const satisfies readonly (keyof AuditEventRow)[];
// A column added to audit_events fails to compile here until it is listed above.
const everyColumn: Exclude<keyof AuditEventRow, (typeof EVENT_COLUMNS)[number]> extends never ? true : never =
  true;
void everyColumn;

/**
 * The newest `limit` events among `actions`, newest first: one index range per action
 * (`audit_events_action_time_idx`), each cut at `limit`, then merged. A single `action in (…)
 * order by occurred_at` would sort every event of those actions.
 *
 * The actions go in as one parameter (an array, a JSON array on SQLite) and each database walks
 * them itself: PostgreSQL by `LATERAL`, SQLite by a correlated `IN (… limit)`, which it has in
 * place of `LATERAL`. A `UNION ALL` of one branch per action (twenty-odd) cost 4–20 ms a call on
 * PostgreSQL, where it was planned on every call, and 0.7–1 ms on SQLite; these cost 0.3 ms and
 * 0.08 ms at a million events (decision 0165).
 */
export async function findNewestOf(
  db: Db,
  actions: readonly string[],
  limit: number,
): Promise<AuditEventRow[]> {
  if (actions.length === 0) return [];
  const columns = (table: string) => sql.join(EVENT_COLUMNS.map((c) => sql.ref(`${table}.${c}`)));
  const query = isPostgres(db)
    ? sql<AuditEventRow>`select ${columns('e')}
        from unnest(${[...actions]}::text[]) as a (action)
        cross join lateral (
          select ${columns('audit_events')} from audit_events where audit_events.action = a.action
          order by audit_events.occurred_at desc, audit_events.id desc limit ${limit}
        ) as e
        order by e.occurred_at desc, e.id desc limit ${limit}`
    : sql<AuditEventRow>`select ${columns('e')}
        from json_each(${JSON.stringify(actions)}) as a
        join audit_events as e on e.id in (
          select id from audit_events where action = a.value
          order by occurred_at desc, id desc limit ${limit}
        )
        order by e.occurred_at desc, e.id desc limit ${limit}`;
  return (await query.execute(db)).rows;
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
