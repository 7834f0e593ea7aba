import type { Insertable } from 'kysely';
import type { Db } from './dialect.js';
import type { OutboxRow, OutboxTable } from './types.js';

export async function insertMessage(db: Db, row: Insertable<OutboxTable>): Promise<number> {
  const { id } = await db.insertInto('outbox').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The newest messages first, optionally of one state; `before` is an id to page below. */
export async function listMessages(
  db: Db,
  options: { limit: number; state?: OutboxRow['state']; kind?: string; before?: number },
): Promise<OutboxRow[]> {
  let query = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.state) query = query.where('state', '=', options.state);
  if (options.kind) query = query.where('kind', '=', options.kind);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  return query.execute();
}

export async function findMessage(db: Db, id: number): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
