import type { Db } from './dialect.js';
import type { AuditEventRow, NewAuditEventRow } from './types.js';

export async function insertAuditEvent(db: Db, event: NewAuditEventRow): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}

export interface AuditFilter {
  actorId?: number;
  targetType?: string;
  targetId?: string;
  action?: string;
  from?: string;
  to?: string;
  jobId?: number;
}

function filtered(db: Db, f: AuditFilter) {
  return db
    .selectFrom('audit_events')
    .$if(f.actorId !== undefined, (q) => q.where('actor_id', '=', f.actorId!))
    .$if(f.targetType !== undefined, (q) => q.where('target_type', '=', f.targetType!))
    .$if(f.targetId !== undefined, (q) => q.where('target_id', '=', f.targetId!))
    .$if(f.action !== undefined, (q) => q.where('action', '=', f.action!))
    .$if(f.from !== undefined, (q) => q.where('occurred_at', '>=', f.from!))
    .$if(f.to !== undefined, (q) => q.where('occurred_at', '<=', f.to!))
    .$if(f.jobId !== undefined, (q) => q.where('job_id', '=', f.jobId!));
}

export async function findAuditPage(
  db: Db,
  filter: AuditFilter,
  limit: number,
  offset: number,
): Promise<AuditEventRow[]> {
  return filtered(db, filter)
    .selectAll()
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countAuditEvents(db: Db, filter: AuditFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
