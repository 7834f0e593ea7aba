import { sql } from 'kysely';
import { isPostgres, type Db } from './dialect.js';
import type { AuditEventRow, UserRow } from './types.js';

// What the database holds about one person, for export and erasure (issue 16). Reads the
// user's row live or in the recycle bin: export and erasure work on both.

/** The user's row, live or binned, locked until the transaction ends (PostgreSQL). */
export async function lockAnyUser(db: Db, id: number): Promise<UserRow | undefined> {
  const read = db.selectFrom('users').selectAll().where('id', '=', id);
  return isPostgres(db) ? read.forUpdate().executeTakeFirst() : read.executeTakeFirst();
}

export async function findAnyUser(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMemberships(db: Db, userId: number) {
  return db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['groups.id', 'groups.name', 'group_members.added_at'])
    .where('group_members.user_id', '=', userId)
    .orderBy('groups.id')
    .execute();
}

export async function findSessionsOf(db: Db, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_used_at', 'expires_at', 'revoked_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export async function findEventsByActor(db: Db, userId: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_events').selectAll().where('actor_id', '=', userId).orderBy('id').execute();
}

export async function findEventsAboutUser(db: Db, userId: number): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('target_type', '=', 'user')
    .where('target_id', '=', String(userId))
    .orderBy('id')
    .execute();
}

export async function findMessagesAbout(db: Db, userId: number) {
  return db
    .selectFrom('outbox')
    .select(['kind', 'state', 'created_at', 'sent_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Every audit event that names the person: theirs, about them, or holding one of their
 * addresses or names anywhere in its text. A scan of the log: erasure is rare, the log large.
 */
export async function findEventsNaming(
  db: Db,
  userId: number,
  emails: readonly string[],
  names: readonly string[],
): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('actor_id', '=', userId),
        eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', String(userId))]),
        ...emails.map((e) => eb('actor_email', '=', e)),
        ...[...emails, ...names].map((text) =>
          eb(sql<string>`changes`, 'like', sql<string>`${`%${escapeLike(text)}%`} escape '\\'`),
        ),
      ]),
    )
    .execute();
}

export async function rewriteEvent(
  db: Db,
  id: number,
  fields: Pick<AuditEventRow, 'actor_email' | 'changes' | 'ip' | 'user_agent'>,
): Promise<void> {
  await db.updateTable('audit_events').set(fields).where('id', '=', id).execute();
}

/** Messages to or about the person go: nothing is left to send them. */
export async function deleteMessages(db: Db, userId: number, emails: readonly string[]): Promise<void> {
  await db
    .deleteFrom('outbox')
    .where((eb) => eb.or([eb('user_id', '=', userId), ...emails.map((e) => eb('recipient', '=', e))]))
    .execute();
}

/**
 * One-time tokens of the person, or sent to one of their addresses: the foreign key removes
 * the first with the row; this says so, and catches the second.
 */
export async function deleteTokens(db: Db, userId: number, emails: readonly string[]): Promise<void> {
  await db
    .deleteFrom('user_tokens')
    .where((eb) => eb.or([eb('user_id', '=', userId), ...emails.map((e) => eb('email', '=', e))]))
    .execute();
}

/** Jobs' parameters, results and reports that quote the person (an import's rows, say). */
export async function scrubJobs(db: Db, texts: readonly string[], marker: string): Promise<void> {
  for (const text of texts) {
    const like = `%${escapeLike(text)}%`;
    const contains = (column: string) => sql<boolean>`${sql.ref(column)} like ${like} escape '\\'`;
    const replaced = (column: string) => sql<string>`replace(${sql.ref(column)}, ${text}, ${marker})`;
    await db
      .updateTable('job_items')
      .set({ ref: replaced('ref'), message: replaced('message') })
      .where((eb) => eb.or([contains('ref'), contains('message')]))
      .execute();
    await db
      .updateTable('jobs')
      .set({ params: replaced('params'), result: replaced('result'), error: replaced('error') })
      .where((eb) => eb.or([contains('params'), contains('result'), contains('error')]))
      .execute();
  }
}
