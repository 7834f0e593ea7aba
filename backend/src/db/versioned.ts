import type { Generated, Kysely, Selectable, Updateable } from 'kysely';
import { isPostgres, type Db } from './dialect.js';
import type { Database } from './types.js';

// Rows that carry a `version`, bumped by every change to them: what ETag and If-Match stand for
// (routes/shared/etag.ts). A resource's repository reads, locks, changes and deletes its rows
// through these, so every table gets the same optimistic concurrency in the same SQL.

interface VersionedColumns {
  id: Generated<number>;
  version: Generated<number>;
}

/** The tables with an integer `id` and a `version`: `'users'` today. */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends VersionedColumns ? T : never;
}[keyof Database];

export type RowOf<T extends VersionedTable> = Selectable<Database[T]>;

// Kysely cannot resolve a column of a table named by a type parameter, so the queries are
// built on a view of the database as one table of these two columns, under the real table's
// name; the signatures keep callers to real tables and their own row types.
type Loose = Kysely<{ versioned: VersionedColumns }>;
const loose = (db: Db) => db as unknown as Loose;
const named = (table: VersionedTable) => table as unknown as 'versioned';

/**
 * Reads a row to change it and, on PostgreSQL, locks it until the transaction ends
 * (`select … for update`). SQLite has no row locks and needs none: BEGIN IMMEDIATE
 * (inTransaction) already keeps every other writer out, so there it is the plain read.
 */
export async function lockRowById<T extends VersionedTable>(
  db: Db,
  table: T,
  id: number,
): Promise<RowOf<T> | undefined> {
  const read = loose(db).selectFrom(named(table)).selectAll().where('id', '=', id);
  if (!isPostgres(db)) return (await read.executeTakeFirst()) as RowOf<T> | undefined;
  // Outside a transaction the lock would end with this very statement and guard nothing.
  if (!db.isTransaction) throw new Error(`lockRowById(${table}) needs a transaction`);
  return (await read.forUpdate().executeTakeFirst()) as RowOf<T> | undefined;
}

/**
 * Applies `changes` only if the row still has `expectedVersion`, and moves it to the next
 * version; undefined when another writer got there first (or the row is gone).
 */
export async function updateAtVersion<T extends VersionedTable>(
  db: Db,
  table: T,
  id: number,
  expectedVersion: number,
  changes: Omit<Updateable<Database[T]>, 'id' | 'version'>,
): Promise<RowOf<T> | undefined> {
  const row = await loose(db)
    .updateTable(named(table))
    .set({ ...(changes as object), version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
  return row as RowOf<T> | undefined;
}

/** Deletes the row only if it still has `expectedVersion`; answers it as it was, or undefined. */
export async function deleteAtVersion<T extends VersionedTable>(
  db: Db,
  table: T,
  id: number,
  expectedVersion: number,
): Promise<RowOf<T> | undefined> {
  const row = await loose(db)
    .deleteFrom(named(table))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
  return row as RowOf<T> | undefined;
}
