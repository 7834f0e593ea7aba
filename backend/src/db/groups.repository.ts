import { sql } from 'kysely';
import { likeContains, type Db } from './dialect.js';
import type { GroupRow, GroupRowUpdate, NewGroupRow } from './types.js';
import { deleteAtVersion, lockRowById, updateAtVersion } from './versioned.js';

// Groups' own rows. Repository functions take the database or a transaction first, so one
// transaction can run through several of them; memberships are in group-members.repository.ts.

export async function insertGroup(db: Db, group: NewGroupRow): Promise<GroupRow> {
  return db.insertInto('groups').values(group).returningAll().executeTakeFirstOrThrow();
}

export async function findGroupById(db: Db, id: number): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a group to change it, locked until the transaction ends (db/versioned.ts). */
export async function lockGroupById(db: Db, id: number): Promise<GroupRow | undefined> {
  return lockRowById(db, 'groups', id);
}

export async function updateGroupAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: GroupRowUpdate,
): Promise<GroupRow | undefined> {
  return updateAtVersion(db, 'groups', id, expectedVersion, changes);
}

export async function deleteGroupAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
): Promise<GroupRow | undefined> {
  return deleteAtVersion(db, 'groups', id, expectedVersion);
}

export interface GroupFilter {
  /** part of a name, already case-folded as name_key is */
  nameContains?: string;
  /** only the groups this user belongs to */
  memberId?: number;
}

function filtered(db: Db, filter: GroupFilter) {
  return (
    db
      .selectFrom('groups')
      // SQLite's LIKE has no escape character unless told; PostgreSQL's is the same backslash.
      .$if(filter.nameContains !== undefined, (q) =>
        q.where(sql<boolean>`name_key like ${likeContains(filter.nameContains!)} escape '\\'`),
      )
      .$if(filter.memberId !== undefined, (q) =>
        q.where('id', 'in', (eb) =>
          eb.selectFrom('group_members').select('group_id').where('user_id', '=', filter.memberId!),
        ),
      )
  );
}

/** A page of groups in name order (case-folded, so "alpha" and "Beta" sort as people expect). */
export async function findGroupPage(
  db: Db,
  filter: GroupFilter,
  limit: number,
  offset: number,
): Promise<GroupRow[]> {
  return filtered(db, filter)
    .selectAll()
    .orderBy('name_key')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countGroups(db: Db, filter: GroupFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The names of these groups, by id, for the audit events of memberships that end. */
export async function findGroupNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const chunk of chunks(ids)) {
    const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', chunk).execute();
    for (const row of rows) names.set(row.id, row.name);
  }
  return names;
}

// Both databases cap the parameters of one statement (SQLite at 32,766): long lists go in parts.
const CHUNK = 500;

export function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let from = 0; from < items.length; from += CHUNK) yield items.slice(from, from + CHUNK);
}
