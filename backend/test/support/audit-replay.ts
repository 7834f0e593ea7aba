import type { Db } from '../../src/db/dialect.js';

/** What the audit log says of a user: the fields its user events record. */
export interface AuditedUser {
  name: unknown;
  email: unknown;
  role: unknown;
  status: unknown;
}

const FIELDS = ['name', 'email', 'role', 'status'] as const;

/**
 * Rebuilds every user from the audit log alone (user.created, user.updated and user.deleted,
 * oldest first) and compares the result with the users table. Answers one line per
 * disagreement: a user the log and the table see differently, or an event whose "before" is not
 * what the log itself said last. An empty answer means the log and the data tell one story: no
 * change without its event, no event without its change.
 */
export async function auditDisagreements(db: Db): Promise<string[]> {
  const events = await db
    .selectFrom('audit_events')
    .select(['id', 'action', 'target_id', 'changes'])
    .where('target_type', '=', 'user')
    .where('action', 'in', ['user.created', 'user.updated', 'user.deleted'])
    .orderBy('id')
    .execute();
  const told = new Map<string, AuditedUser | null>();
  const problems: string[] = [];
  for (const event of events) {
    const id = event.target_id!;
    const changes = JSON.parse(event.changes ?? '{}') as Record<string, [unknown, unknown]>;
    const before = told.get(id) ?? null;
    if ((event.action === 'user.created') !== (before === null)) {
      problems.push(
        `event ${event.id} (${event.action}) for user ${id}, which the log says is ${before ? 'there' : 'absent'}`,
      );
      continue;
    }
    if (event.action === 'user.deleted') {
      told.set(id, null);
      continue;
    }
    const after = { ...(before ?? { name: null, email: null, role: null, status: null }) };
    for (const field of FIELDS) {
      const change = changes[field];
      if (!change) continue;
      if (before && JSON.stringify(change[0]) !== JSON.stringify(before[field])) {
        problems.push(
          `event ${event.id} changes ${field} of user ${id} from ${String(change[0])}, not ${String(before[field])}`,
        );
      }
      after[field] = change[1];
    }
    told.set(id, after);
  }

  // user.deleted moves a user to the recycle bin: gone, for the log as for the API.
  const rows = await db
    .selectFrom('users')
    .select(['id', ...FIELDS])
    .where('deleted_at', 'is', null)
    .execute();
  const stored = new Map(rows.map((r) => [String(r.id), r]));
  for (const id of new Set([...told.keys(), ...stored.keys()])) {
    const fromLog = told.get(id) ?? null;
    const row = stored.get(id);
    const fromTable = row ? { name: row.name, email: row.email, role: row.role, status: row.status } : null;
    if (JSON.stringify(fromLog) !== JSON.stringify(fromTable)) {
      problems.push(
        `user ${id}: the log says ${JSON.stringify(fromLog)}, the table ${JSON.stringify(fromTable)}`,
      );
    }
  }
  return problems;
}
