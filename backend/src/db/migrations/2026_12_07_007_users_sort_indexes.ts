import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect-helpers.js';

/**
 * The users list sorts by role, status and last sign-in too (the console's column headers). At
 * 300,000 users a page sorted by one of them cost 25–85 ms on either database without an index
 * (every row read and sorted) and under 1 ms with one; see decision 0150.
 *
 * Who never signed in sorts as a moment after every sign-in: the index is on the same
 * expression the list orders by (db/user-pages.repository.ts, lastLoginSortKey), written out
 * here because migrations import nothing from the app. test/db/user-sort-indexes.test.ts checks
 * that the list's queries use it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('users_role_id_idx').on('users').columns(['role', 'id']).execute();
  await db.schema.createIndex('users_status_id_idx').on('users').columns(['status', 'id']).execute();
  const neverSignedIn = isPostgres(db) ? sql`'infinity'::timestamptz` : sql`'9999-12-31T23:59:59.999Z'`;
  await sql`create index users_last_login_idx on users ((coalesce(last_login_at, ${neverSignedIn})), id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['users_last_login_idx', 'users_status_id_idx', 'users_role_id_idx']) {
    await db.schema.dropIndex(name).execute();
  }
}
