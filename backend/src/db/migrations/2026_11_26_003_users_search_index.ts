import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect-helpers.js';

/**
 * Substring search (`search_key LIKE '%…%'`) can use a trigram index on PostgreSQL. pg_trgm ships
 * with PostgreSQL but creating it needs a privilege some hosts do not grant: then the index is
 * skipped and search still works, scanning. SQLite has no such index; its scan of the narrow
 * search_key column is fast enough at the sizes SQLite is meant for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`savepoint trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    await sql`release savepoint trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint trgm`.execute(db);
  }
  const found = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db);
  const schema = found.rows[0]?.schema;
  if (!schema) return;
  await sql`create index users_search_key_trgm_idx on users using gin (search_key ${sql.ref(schema)}.gin_trgm_ops)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop index if exists users_search_key_trgm_idx`.execute(db);
}
