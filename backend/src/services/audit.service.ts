import * as repo from '../db/audit.repository.js';
import { toIso, type Db } from '../db/dialect.js';
import * as sessionsRepo from '../db/sessions.repository.js';
import type { AuditEventRow } from '../db/types.js';
import * as users from '../db/users.repository.js';
import type { AuditCatalog, AuditEvent, ListAuditQuery } from '../schemas/audit.js';
import { auditRegistry, type AuditActionName, type AuditTargetTypeName } from './audit-actions.js';
import type { RequestInfo } from './context.js';
import { DEFAULT_PER_PAGE, pageMeta, pageOffset, type Page } from './paging.js';

export type Changes = Record<string, [unknown, unknown]>;

export interface AuditEntry {
  action: AuditActionName;
  actor: { id: number; email: string } | null;
  target?: { type: AuditTargetTypeName; id: string | number };
  changes?: Changes | null;
  request: RequestInfo;
  /** For events with no signed-in actor, such as a failed sign-in: the email that was tried. */
  actorEmail?: string;
}

// Bookkeeping fields and anything secret never appear in a diff.
const NOT_AUDITED = new Set(['version', 'updated_at', 'search_key', 'password_hash', 'password']);

/**
 * `{field: [before, after]}` for the fields that differ; `[null, value]` on create (before is
 * null) and `[value, null]` on delete (after is null).
 */
export function diff(before: object | null, after: object | null): Changes {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const changes: Changes = {};
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (NOT_AUDITED.has(field)) continue;
    const was = before ? (b[field] ?? null) : null;
    const now = after ? (a[field] ?? null) : null;
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[field] = [was, now];
  }
  return changes;
}

/**
 * Writes one event; call it with the transaction of the change it records. An action or target
 * type that is not registered (audit-actions.ts) throws, so the change it records fails too.
 */
export async function recordEvent(db: Db, entry: AuditEntry, now = new Date()): Promise<void> {
  auditRegistry.assertRecordable(entry.action, entry.target?.type);
  await repo.insertAuditEvent(db, {
    occurred_at: now.toISOString(),
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? entry.actorEmail ?? null,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target ? String(entry.target.id) : null,
    changes: entry.changes ? JSON.stringify(entry.changes) : null,
    ip: entry.request.ip,
    user_agent: entry.request.userAgent,
    request_id: entry.request.requestId,
    job_id: entry.request.jobId ?? null,
  });
}

// Ids are int4 on both databases; a larger number in a target id is no user's.
const MAX_ID = 2_147_483_647;

/** Who and what a page of events names, read in one query each. */
interface Names {
  users: Map<number, { name: string; email: string }>;
  sessions: Map<string, NonNullable<AuditEvent['target_session']>>;
}

async function namesOf(db: Db, rows: readonly AuditEventRow[]): Promise<Names> {
  const userIds = new Set<number>();
  const sessionIds = new Set<string>();
  for (const row of rows) {
    if (row.actor_id !== null) userIds.add(row.actor_id);
    // A user's id as text; anything else (a hand-made or very old event) names no one.
    const userId =
      row.target_type === 'user' && /^\d{1,10}$/.test(row.target_id ?? '') ? Number(row.target_id) : 0;
    if (userId >= 1 && userId <= MAX_ID) userIds.add(userId);
    if (row.target_type === 'session' && row.target_id) sessionIds.add(row.target_id);
  }
  const [people, sessions] = await Promise.all([
    users.findUserNames(db, [...userIds]),
    sessionsRepo.findSessionSummaries(db, [...sessionIds]),
  ]);
  return {
    users: new Map(people.map((p) => [p.id, { name: p.name, email: p.email }])),
    sessions: new Map(
      sessions.map((s) => [
        s.id,
        { user_id: s.user_id, user_agent: s.user_agent, created_at: toIso(s.created_at) },
      ]),
    ),
  };
}

function toEvent(row: AuditEventRow, names: Names): AuditEvent {
  const target = row.target_type === 'user' ? names.users.get(Number(row.target_id)) : undefined;
  return {
    id: row.id,
    occurred_at: toIso(row.occurred_at),
    actor_id: row.actor_id,
    actor_email: row.actor_email,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    changes: row.changes === null ? null : (JSON.parse(row.changes) as Changes),
    ip: row.ip,
    user_agent: row.user_agent,
    request_id: row.request_id,
    job_id: row.job_id,
    actor_name: row.actor_id === null ? null : (names.users.get(row.actor_id)?.name ?? null),
    target_name: target?.name ?? null,
    target_email: target?.email ?? null,
    target_session: (row.target_type === 'session' && names.sessions.get(row.target_id ?? '')) || null,
  };
}

/** Events as the audit list shows them: with the names of the people and sessions they name. */
export async function describeEvents(db: Db, rows: readonly AuditEventRow[]): Promise<AuditEvent[]> {
  const names = await namesOf(db, rows);
  return rows.map((row) => toEvent(row, names));
}

/** What the registered actions and target types are called, for clients to show and filter. */
export function auditCatalog(): AuditCatalog {
  return { actions: auditRegistry.actions(), target_types: auditRegistry.targetTypes() };
}

export async function listEvents(db: Db, query: ListAuditQuery): Promise<Page<AuditEvent>> {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  const filter: repo.AuditFilter = {
    actorId: query.actor_id,
    targetType: query.target_type,
    targetId: query.target_id,
    action: query.action,
    from: query.from ? new Date(query.from).toISOString() : undefined,
    to: query.to ? new Date(query.to).toISOString() : undefined,
    jobId: query.job_id,
  };
  const [rows, total] = await Promise.all([
    repo.findAuditPage(db, filter, perPage, pageOffset(page, perPage)),
    repo.countAuditEvents(db, filter),
  ]);
  return { items: await describeEvents(db, rows), meta: pageMeta(page, perPage, total) };
}
