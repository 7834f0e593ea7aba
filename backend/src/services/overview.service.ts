import type { Db } from '../db/dialect.js';
import * as repo from '../db/overview.repository.js';
import { findUserNames } from '../db/users.repository.js';
import { ROLES, type Role } from '../domain/roles.js';
import { STATUSES } from '../domain/statuses.js';
import { permissions } from '../permissions.js';
import type { Overview } from '../schemas/overview.js';
import { MAX_LOCK_MS, type Lockout } from '../security/lockout.js';
import { auditRegistry, type AuditActionName } from './audit-actions.js';
import { describeEvents } from './audit.service.js';

/** Days the sign-in chart covers: today (UTC) and the days before it. */
export const OVERVIEW_DAYS = 30;
export const RECENT_ACTIONS = 10;
export const LOCKED_LISTED = 10;
/**
 * Accounts locked in the last hour whose lock is looked up in the counter store, per answer.
 * Beyond it the count is a floor (count_exact false): an attack locking thousands of accounts
 * must not make the overview ask Redis thousands of times.
 */
export const LOCK_CANDIDATES = 200;

const SIGNED_IN: AuditActionName = 'auth.login';
const SIGN_IN_FAILED: AuditActionName = 'auth.login_failed';
const LOCKED: AuditActionName = 'auth.lockout';

/** Events about signing in and one's own session; every other registered action is a change. */
const NOT_CHANGES = new Set<AuditActionName>([
  SIGNED_IN,
  SIGN_IN_FAILED,
  LOCKED,
  'auth.logout',
  'auth.refresh_reuse',
  'auth.password_changed',
]);

/** The registered actions that are changes someone made (a new resource's count by default). */
export function changeActions(): string[] {
  return auditRegistry
    .actions()
    .map((a) => a.name)
    .filter((name) => !NOT_CHANGES.has(name as AuditActionName));
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

async function userTotals(db: Db): Promise<Overview['users']> {
  const rows = await repo.findUserCounts(db);
  const sum = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((n, r) => n + r.n, 0);
  return {
    total: sum(() => true),
    by_status: STATUSES.map((status) => ({ status, count: sum((r) => r.status === status) })),
    by_role: ROLES.map((role) => ({ role, count: sum((r) => r.role === role) })),
  };
}

async function signIns(db: Db, now: Date): Promise<Overview['sign_ins']> {
  const days = Array.from({ length: OVERVIEW_DAYS }, (_, i) =>
    dayOf(new Date(now.getTime() - (OVERVIEW_DAYS - 1 - i) * 86_400_000)),
  );
  const from = days[0]!;
  const to = days.at(-1)!;
  const counts = await repo.findDailyCounts(db, [SIGNED_IN, SIGN_IN_FAILED], from, to);
  const count = (day: string, action: string) =>
    counts.find((c) => c.day === day && c.action === action)?.n ?? 0;
  return {
    from,
    to,
    days: days.map((day) => ({ day, succeeded: count(day, SIGNED_IN), failed: count(day, SIGN_IN_FAILED) })),
  };
}

/**
 * Accounts locked now. A lock is kept only in the counter store, by address, and the store
 * cannot be listed; but every lock is audited (auth.lockout) and none lasts more than an hour,
 * so the accounts locked in the last hour are the only ones that can be locked now. Each is
 * looked up in the store: a lock lifted early, or an address the user no longer has, is not one.
 */
async function lockedNow(db: Db, lockout: Lockout, now: Date): Promise<NonNullable<Overview['locked']>> {
  const since = new Date(now.getTime() - MAX_LOCK_MS).toISOString();
  const named = await repo.findAccountsNamedSince(db, LOCKED, since, LOCK_CANDIDATES + 1);
  const seen = new Set<string>();
  const candidates = named
    .slice(0, LOCK_CANDIDATES)
    .filter((c) => !seen.has(c.account) && seen.add(c.account));
  const ids = candidates.map((c) => Number(c.user_id)).filter((id) => Number.isSafeInteger(id));
  const [people, until] = await Promise.all([
    findUserNames(db, ids),
    Promise.all(candidates.map((c) => lockout.lockedUntil(c.account))),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const accounts = candidates.flatMap((c, i) => {
    const person = byId.get(Number(c.user_id));
    const end = until[i];
    if (!person || !end || person.email.toLowerCase() !== c.account) return [];
    return [{ id: person.id, name: person.name, email: person.email, locked_until: end.toISOString() }];
  });
  return {
    count: accounts.length,
    count_exact: named.length <= LOCK_CANDIDATES,
    accounts: accounts.slice(0, LOCKED_LISTED),
    lockout_store: lockout.storeKind,
  };
}

/**
 * The newest changes. A membership change is written twice, about the group and about the user,
 * with one request id: it is shown once.
 */
async function recentChanges(db: Db): Promise<NonNullable<Overview['recent_actions']>> {
  const rows = await repo.findNewestOf(db, changeActions(), RECENT_ACTIONS * 2);
  const seen = new Set<string>();
  const once = rows.filter((row) => {
    if (row.request_id === null) return true;
    const key = `${row.action} ${row.request_id}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
  return describeEvents(db, once.slice(0, RECENT_ACTIONS));
}

/** What the console's home shows; the parts a role may not see are null. */
export async function overview(
  db: Db,
  lockout: Lockout,
  viewer: { role: Role },
  now = new Date(),
): Promise<Overview> {
  const [users, sign_ins, locked, recent_actions] = await Promise.all([
    userTotals(db),
    signIns(db, now),
    permissions.can(viewer.role, 'users:set-password') ? lockedNow(db, lockout, now) : null,
    permissions.can(viewer.role, 'audit:read') ? recentChanges(db) : null,
  ]);
  return { users, sign_ins, locked, recent_actions };
}
