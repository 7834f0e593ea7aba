import type { Db } from './dialect.js';
import { compiledOnce } from './compiled-queries.js';
import { isPostgres } from './dialect.js';
import type { NewUserRow, UserRow, UserRowUpdate } from './types.js';

// Repository functions take the database or a transaction first, so one transaction can run
// through several of them.

/** The columns a user's profile is made of: what lists read (no hash, no search key). */
export const PROFILE_COLUMNS = [
  'id',
  'name',
  'email',
  'role',
  'status',
  'created_at',
  'updated_at',
  'last_login_at',
  'version',
] as const;
export type ProfileRow = Pick<UserRow, (typeof PROFILE_COLUMNS)[number]>;

const userByIdQuery = compiledOnce(
  (db, id: number) => db.selectFrom('users').selectAll().where('id', '=', id),
  [0],
);

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await userByIdQuery(db, id);
  return row;
}

const profileByIdQuery = compiledOnce(
  (db, id: number) => db.selectFrom('users').select(PROFILE_COLUMNS).where('id', '=', id),
  [0],
);

/** A user's profile only: what reads answer, without the password hash and search key. */
export async function findProfileById(db: Db, id: number): Promise<ProfileRow | undefined> {
  const [row] = await profileByIdQuery(db, id);
  return row;
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
