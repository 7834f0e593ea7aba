import { sql } from 'kysely';
import type { Db } from './dialect.js';
import { compiledOnce } from './fast/index.js';
import { isPostgres } from './dialect.js';
import type { NewUserRow, UserRow, UserRowUpdate } from './types.js';
import { deleteAtVersion, lockRowById, updateAtVersion } from './versioned.js';

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
  'email_verified_at',
  'version',
] as const;
export type ProfileRow = Pick<UserRow, (typeof PROFILE_COLUMNS)[number]>;

// Every read of a user by id or email leaves out the recycle bin (migration 015): a deleted user
// is not found, cannot sign in and cannot be changed until restored (db/recycle-bin.repository.ts).

const userByIdQuery = compiledOnce(
  (db, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
  [0],
);

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await userByIdQuery(db, id);
  return row;
}

const profileByIdQuery = compiledOnce(
  (db, id: number) =>
    db.selectFrom('users').select(PROFILE_COLUMNS).where('id', '=', id).where('deleted_at', 'is', null),
  [0],
);

/** A user's profile only: what reads answer, without the password hash and search key. */
export async function findProfileById(db: Db, id: number): Promise<ProfileRow | undefined> {
  const [row] = await profileByIdQuery(db, id);
  return row;
}

/** Reads a user to change it, locked until the transaction ends (db/versioned.ts). */
export async function lockUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const row = await lockRowById(db, 'users', id);
  return row?.deleted_at === null ? row : undefined;
}

/**
 * Sets fields that are not part of the profile (password, sign-in time): no version bump. Every
 * write of a password hash comes through here, so this is where a password change by any route
 * ends the user's outstanding reset links (issue 14): a link asked for before the change must
 * not undo it.
 */
export async function setAccountFields(
  db: Db,
  id: number,
  fields: Pick<UserRowUpdate, 'password_hash' | 'must_change_password' | 'last_login_at'>,
): Promise<void> {
  await db.updateTable('users').set(fields).where('id', '=', id).execute();
  if (fields.password_hash !== undefined) {
    await db
      .updateTable('user_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('user_id', '=', id)
      .where('purpose', '=', 'reset')
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
  }
}

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

/** Changes a user if it is still at `expectedVersion`, bumping it; undefined if not. */
export async function updateUserAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: UserRowUpdate,
): Promise<UserRow | undefined> {
  return updateAtVersion(db, 'users', id, expectedVersion, changes);
}

export async function deleteUserAtVersion(
  db: Db,
  id: number,
  expectedVersion: number,
): Promise<UserRow | undefined> {
  return deleteAtVersion(db, 'users', id, expectedVersion);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The first key of the admin-set lock: 'admn' in ASCII, to tell it from other advisory locks. */
const ADMIN_SET_LOCK = 0x61646d6e;

/**
 * Takes the lock every change to the set of active admins holds until its transaction ends
 * (decision 0122): role and status changes, deletes, the first admin at start. Whoever holds it
 * reads the admin set as it stays until commit, so "another active admin remains" is still true
 * when the change lands. Call it inside the transaction and before locking any user row: every
 * holder takes this lock first, so two holders never wait on each other in opposite order.
 *
 * On PostgreSQL a transaction-scoped advisory lock keyed by the users table's oid (two schemas
 * in one database do not share it); on SQLite nothing more is needed, since BEGIN IMMEDIATE
 * already holds the one write lock there is.
 */
export async function lockAdminSet(db: Db): Promise<void> {
  if (isPostgres(db)) {
    // Outside a transaction the lock would end with this very statement and guard nothing.
    if (!db.isTransaction) throw new Error('lockAdminSet needs a transaction');
    await sql`select pg_advisory_xact_lock(${sql.lit(ADMIN_SET_LOCK)}, 'users'::regclass::oid::int)`.execute(
      db,
    );
  }
  adminSetHolders.add(db);
}

/** Transactions that took lockAdminSet, so a check that needs it can tell. */
const adminSetHolders = new WeakSet<Db>();

export function holdsAdminSet(db: Db): boolean {
  return adminSetHolders.has(db);
}

/** How many active admins there are besides `except`; stable under lockAdminSet. */
export async function countActiveAdmins(db: Db, except: readonly number[] = []): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .$if(except.length > 0, (q) => q.where('id', 'not in', except))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The names and addresses of the users with these ids that still exist (for audit events). */
export async function findUserNames(
  db: Db,
  ids: readonly number[],
): Promise<Pick<UserRow, 'id' | 'name' | 'email'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', ids).execute();
}

/** The ids of the active admins, ascending. */
/** The rules' view of some users (id, role, status, version), those not in the bin. */
export async function findTargetRows(
  db: Db,
  ids: readonly number[],
): Promise<Pick<UserRow, 'id' | 'role' | 'status' | 'version'>[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'role', 'status', 'version'])
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
}

export async function findActiveAdminIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}
