import { inTransaction, toIso, toIsoOrNull, type Db } from '../db/dialect.js';
import * as data from '../db/personal-data.repository.js';
import type { AuditEventRow } from '../db/types.js';
import { NotFoundError, ValidationError, ConflictError } from '../errors.js';
import type { UserExport } from '../schemas/lifecycle.js';
import { assertAdminRemains, lockAdminSet } from './admin-set.service.js';
import { recordEvent, type Changes } from './audit.service.js';
import type { ActionContext } from './context.js';
import { USER_DELETION_STEPS } from './user-deletion-steps.js';
import { normalizeEmail, toUser } from './user-fields.js';

// GDPR export and erasure (issue 16, decision 0174; docs/data-protection.md).

/** What erasure writes where the person's data was. */
export const ERASED = '[erased]';

const notFound = () => new NotFoundError('User not found');

function toExportEvent(row: AuditEventRow) {
  return {
    id: row.id,
    occurred_at: toIso(row.occurred_at),
    action: row.action,
    actor_id: row.actor_id,
    actor_email: row.actor_email,
    target_type: row.target_type,
    target_id: row.target_id,
    changes: row.changes === null ? null : (JSON.parse(row.changes) as unknown),
    ip: row.ip,
    user_agent: row.user_agent,
  };
}

/** Role and status changes, read from the user's created and updated events. */
function history(events: readonly AuditEventRow[]): UserExport['role_and_status_history'] {
  const lines: UserExport['role_and_status_history'] = [];
  for (const event of events) {
    if (!event.changes || !['user.created', 'user.updated'].includes(event.action)) continue;
    const changes = JSON.parse(event.changes) as Changes;
    for (const field of ['role', 'status'] as const) {
      const change = changes[field];
      if (!change) continue;
      lines.push({
        occurred_at: toIso(event.occurred_at),
        field,
        from: change[0],
        to: change[1],
        actor_id: event.actor_id,
      });
    }
  }
  return lines;
}

/**
 * Everything held about a person, as one document: never a password hash, a token or a
 * message's payload (which may hold a one-time link). Also for a user in the recycle bin.
 */
export async function exportUser(db: Db, id: number, now = new Date()): Promise<UserExport> {
  const row = await data.findAnyUser(db, id);
  if (!row) throw notFound();
  const [groups, sessions, asActor, asTarget, messages] = await Promise.all([
    data.findMemberships(db, id),
    data.findSessionsOf(db, id),
    data.findEventsByActor(db, id),
    data.findEventsAboutUser(db, id),
    data.findMessagesAbout(db, id),
  ]);
  return {
    exported_at: now.toISOString(),
    profile: toUser(row),
    has_password: row.password_hash !== null,
    groups: groups.map((g) => ({ id: g.id, name: g.name, added_at: toIso(g.added_at) })),
    role_and_status_history: history(asTarget),
    sessions: sessions.map((s) => ({
      id: s.id,
      created_at: toIso(s.created_at),
      last_used_at: toIso(s.last_used_at),
      expires_at: toIso(s.expires_at),
      revoked_at: toIsoOrNull(s.revoked_at),
      ip: s.ip,
      user_agent: s.user_agent,
    })),
    audit_events: { as_actor: asActor.map(toExportEvent), as_target: asTarget.map(toExportEvent) },
    messages: messages.map((m) => ({
      kind: m.kind,
      state: m.state,
      created_at: toIso(m.created_at),
      sent_at: toIsoOrNull(m.sent_at),
    })),
  };
}

/** An export, recorded in the audit log: who read whose data, and when. */
export async function exportUserRecorded(db: Db, ctx: ActionContext, id: number, now = new Date()) {
  const document = await exportUser(db, id, now);
  await recordEvent(
    db,
    {
      action: 'user.exported',
      actor: ctx.actor,
      target: { type: 'user', id },
      request: ctx.request,
    },
    now,
  );
  return document;
}

/** Fields of a diff that hold who a person is: their values go whoever the event is about. */
const PERSONAL_FIELDS = new Set(['name', 'email', 'user_email', 'actor_email', 'target_email']);

/** Every name and address the person had: now, and before any change the log recorded. */
function identitiesOf(row: { name: string; email: string }, about: readonly AuditEventRow[]) {
  const emails = new Set([row.email]);
  const names = new Set([row.name]);
  for (const event of about) {
    if (!event.changes) continue;
    const changes = JSON.parse(event.changes) as Changes;
    for (const value of changes.email ?? []) if (typeof value === 'string') emails.add(value);
    for (const value of changes.name ?? []) if (typeof value === 'string') names.add(value);
  }
  return { emails: [...emails], names: [...names] };
}

/** Replaces, in a diff, every value that is the person or quotes one of their addresses. */
function scrubChanges(
  text: string | null,
  about: boolean,
  ids: { emails: readonly string[]; names: readonly string[] },
): string | null {
  if (text === null) return null;
  const personal = (value: unknown) =>
    typeof value === 'string' &&
    (ids.names.includes(value) || ids.emails.some((email) => value.includes(email)));
  const walk = (value: unknown, key: string | null): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    if (value === null || value === undefined) return value;
    if ((about && key !== null && PERSONAL_FIELDS.has(key)) || personal(value)) return ERASED;
    return value;
  };
  return JSON.stringify(walk(JSON.parse(text), null));
}

/**
 * Erases a person (GDPR art. 17): their row goes for good (sessions and tokens with it), and in
 * one transaction every audit event about them keeps its action, time and actor but loses their
 * name, addresses, and the address and device they acted from; their queued mail goes, and jobs'
 * reports that quote them are rewritten. One `user.erased` event records it, naming only the id.
 */
export async function eraseUser(db: Db, ctx: ActionContext, id: number, confirm: string, now = new Date()) {
  if (id === ctx.actor.id) throw new ConflictError('You cannot erase your own account');
  await inTransaction(db, async (trx) => {
    await lockAdminSet(trx);
    const row = await data.lockAnyUser(trx, id);
    if (!row) throw notFound();
    if (normalizeEmail(confirm) !== row.email) {
      throw new ValidationError({ confirm: ["must be the user's email, typed again"] });
    }
    if (row.deleted_at === null && row.role === 'admin' && row.status === 'active') {
      await assertAdminRemains(trx, [id]);
    }
    // What other resources do when a user goes (their events are scrubbed below with the rest).
    for (const step of USER_DELETION_STEPS) await step(trx, { user: toUser(row), ctx });
    await trx.deleteFrom('users').where('id', '=', id).execute();
    const ids = identitiesOf(row, await data.findEventsAboutUser(trx, id));
    for (const event of await data.findEventsNaming(trx, id, ids.emails, ids.names)) {
      const mine = event.actor_id === id;
      const about = event.target_type === 'user' && event.target_id === String(id);
      const namedActor = event.actor_email !== null && ids.emails.includes(event.actor_email);
      await data.rewriteEvent(trx, event.id, {
        actor_email: mine || namedActor ? ERASED : event.actor_email,
        changes: scrubChanges(event.changes, about, ids),
        ip: mine ? null : event.ip,
        user_agent: mine ? null : event.user_agent,
      });
    }
    await data.deleteMessages(trx, id, ids.emails);
    await data.deleteTokens(trx, id, ids.emails);
    await data.scrubJobs(trx, [...ids.emails, ...ids.names], ERASED);
    await recordEvent(
      trx,
      {
        action: 'user.erased',
        actor: ctx.actor,
        target: { type: 'user', id },
        request: ctx.request,
      },
      now,
    );
  });
}
