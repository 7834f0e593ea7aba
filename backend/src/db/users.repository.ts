import { sql } from 'kysely';
import type { Db } from './dialect.js';
import { isPostgres, likeContains } from './dialect.js';
import type { NewUserRow, UserRow, UserRowUpdate } from './types.js';

// Repository functions take the database or a transaction first, so one transaction can run
// through several of them.

export type UserSortField = 'id' | 'name' | 'email' | 'created_at' | 'updated_at';

export interface UserFilter {
  /** already lower-cased */
  search?: string;
  role?: UserRow['role'];
  status?: UserRow['status'];
}

export interface UserPageRequest extends UserFilter {
  sort: UserSortField;
  descending: boolean;
  limit: number;
  offset: number;
}

function filtered(db: Db, filter: UserFilter) {
  let query = db.selectFrom('users');
  if (filter.search) {
    query = query.where(sql<boolean>`search_key like ${likeContains(filter.search)} escape '\\'`);
  }
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query;
}

export async function findUserPage(db: Db, request: UserPageRequest): Promise<UserRow[]> {
  const direction = request.descending ? 'desc' : 'asc';
  return filtered(db, request)
    .selectAll()
    .orderBy(request.sort, direction)
    .$if(request.sort !== 'id', (q) => q.orderBy('id', direction))
    .limit(request.limit)
    .offset(request.offset)
    .execute();
}

export async function countUsers(db: Db, filter: UserFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a row and, on PostgreSQL, locks it until the transaction ends. */
export async function lockUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .$if(isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Sets fields that are not part of the profile (password, sign-in time): no version bump. */
export async function setAccountFields(
  db: Db,
  id: number,
  fields: Pick<UserRowUpdate, 'password_hash' | 'must_change_password' | 'last_login_at'>,
): Promise<void> {
  await db.updateTable('users').set(fields).where('id', '=', id).execute();
}

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

/**
 * Updates the row only if it still has `expectedVersion`, bumping the version; answers
 * undefined when another writer got there first.
 */
export async function updateUserAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: UserRowUpdate,
): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteUserAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
): Promise<UserRow | undefined> {
  return db
    .deleteFrom('users')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/**
 * Ids of the active admins, locked until the transaction ends on PostgreSQL (SQLite's
 * BEGIN IMMEDIATE already serializes writers), so two admins demoting each other at once
 * cannot both see "another admin remains".
 */
export async function lockActiveAdminIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('id')
    .$if(isPostgres(db), (q) => q.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}
