import type { Db } from './dialect.js';
import { isPostgres } from './dialect.js';
import type { UserRow } from './types.js';
import { PROFILE_COLUMNS, type ProfileRow } from './users.repository.js';

// The recycle bin: users whose `deleted_at` is set (migration 015). Everything else in db/
// reads live users only; these are the only reads of the bin.

export type BinnedRow = ProfileRow & { deleted_at: UserRow['deleted_at'] };

/** Moves a live user at `version` to the bin; undefined if it changed or is gone. */
export async function moveToBin(
  db: Db,
  id: number,
  version: number,
  now: string,
): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({ deleted_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** A user in the bin, locked until the transaction ends (PostgreSQL; SQLite's writer lock suffices). */
export async function lockBinnedUser(db: Db, id: number): Promise<UserRow | undefined> {
  const read = db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is not', null);
  return isPostgres(db) ? read.forUpdate().executeTakeFirst() : read.executeTakeFirst();
}

/** Brings a user back from the bin, every field as it was; the version moves on. */
export async function takeOutOfBin(db: Db, row: UserRow): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ deleted_at: null, version: row.version + 1 })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The bin, most recently deleted first. */
export async function findBinPage(db: Db, limit: number, offset: number): Promise<BinnedRow[]> {
  return db
    .selectFrom('users')
    .select([...PROFILE_COLUMNS, 'deleted_at'])
    .where('deleted_at', 'is not', null)
    .orderBy('deleted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countBin(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('deleted_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ids of users deleted before `before`, oldest first: what the daily purge removes. */
export async function findExpiredIds(db: Db, before: string): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('deleted_at', 'is not', null)
    .where('deleted_at', '<', before)
    .orderBy('deleted_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The binned user holding this address, if any (live addresses are unique; binned ones need not be). */
export async function findBinnedByEmail(db: Db, email: string): Promise<Pick<UserRow, 'id'> | undefined> {
  // min() rather than an order by id, which PostgreSQL may serve by walking the primary key.
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('email', '=', email)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  return row?.id === null || row?.id === undefined ? undefined : { id: Number(row.id) };
}

/** Removes a user's row for good, binned or not (sessions and tokens go with it by cascade). */
export async function deleteUserRow(db: Db, id: number): Promise<UserRow | undefined> {
  return db.deleteFrom('users').where('id', '=', id).returningAll().executeTakeFirst();
}
