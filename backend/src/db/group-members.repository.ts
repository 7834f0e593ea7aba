import type { Db } from './dialect.js';
import { chunks } from './groups.repository.js';
import type { GroupMemberRow } from './types.js';
import { PROFILE_COLUMNS, type ProfileRow } from './users.repository.js';

// Who belongs to which group. Memberships are ended with `delete … returning`, so whichever of
// two overlapping deletes (a user's and a group's) removes a row is the one that reports it:
// the other waits for the row's lock and then finds it gone. Every ended membership is audited
// exactly once.

export type MemberRow = ProfileRow & { added_at: GroupMemberRow['added_at'] };

/** Adds a membership; undefined when the user already was a member (nothing changes then). */
export async function insertMember(db: Db, member: GroupMemberRow): Promise<GroupMemberRow | undefined> {
  return db
    .insertInto('group_members')
    .values(member)
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function deleteMember(
  db: Db,
  groupId: number,
  userId: number,
): Promise<GroupMemberRow | undefined> {
  return db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** Ends every membership of a group; answers those it ended. */
export async function deleteMembersOfGroup(db: Db, groupId: number): Promise<GroupMemberRow[]> {
  return db.deleteFrom('group_members').where('group_id', '=', groupId).returningAll().execute();
}

/** Ends every membership of a user; answers those it ended. */
export async function deleteMembershipsOfUser(db: Db, userId: number): Promise<GroupMemberRow[]> {
  return db.deleteFrom('group_members').where('user_id', '=', userId).returningAll().execute();
}

const members = (db: Db, groupId: number) =>
  db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .where('group_members.group_id', '=', groupId)
    // Memberships of a user in the recycle bin are kept for a restore, and hidden until then.
    .where('users.deleted_at', 'is', null);

export async function findMember(db: Db, groupId: number, userId: number): Promise<MemberRow | undefined> {
  return members(db, groupId)
    .select([...PROFILE_COLUMNS.map((c) => `users.${c}` as const), 'group_members.added_at'])
    .where('group_members.user_id', '=', userId)
    .executeTakeFirst();
}

/** A page of a group's members by user id: the primary key's order, so no sort however large. */
export async function findMemberPage(
  db: Db,
  groupId: number,
  limit: number,
  offset: number,
): Promise<MemberRow[]> {
  return members(db, groupId)
    .select([...PROFILE_COLUMNS.map((c) => `users.${c}` as const), 'group_members.added_at'])
    .orderBy('group_members.user_id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countMembers(db: Db, groupId: number): Promise<number> {
  const row = await members(db, groupId)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The emails of these users, by id, for the audit events of memberships that end. */
export async function findUserEmails(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const emails = new Map<number, string>();
  for (const chunk of chunks(ids)) {
    const rows = await db.selectFrom('users').select(['id', 'email']).where('id', 'in', chunk).execute();
    for (const row of rows) emails.set(row.id, row.email);
  }
  return emails;
}
