import type { FastifyInstance } from 'fastify';

/** One audit event as a test reads it: `changes` parsed, everything else as stored. */
export interface StoredEvent {
  id: number;
  action: string;
  actor_id: number | null;
  actor_email: string | null;
  target_type: string | null;
  target_id: string | null;
  changes: Record<string, [unknown, unknown]> | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

/** Every audit event, oldest first, read straight from the table. */
export async function auditEvents(app: FastifyInstance): Promise<StoredEvent[]> {
  const rows = await app.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    actor_id: row.actor_id,
    actor_email: row.actor_email,
    target_type: row.target_type,
    target_id: row.target_id,
    changes: row.changes === null ? null : (JSON.parse(row.changes) as StoredEvent['changes']),
    ip: row.ip,
    user_agent: row.user_agent,
    request_id: row.request_id,
  }));
}

/** Runs `work` and answers what it returned and the audit events written while it ran. */
export async function eventsDuring<T>(
  app: FastifyInstance,
  work: () => Promise<T>,
): Promise<{ result: T; events: StoredEvent[] }> {
  const before = await auditEvents(app);
  const lastId = before.at(-1)?.id ?? 0;
  const result = await work();
  const events = (await auditEvents(app)).filter((e) => e.id > lastId);
  return { result, events };
}
