import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect-helpers.js';

/**
 * Two things a million-row users table needs to list and search in constant time:
 *
 * - `user_counts`: how many users have each role and status, kept by triggers in the same
 *   transaction as the write, so `meta.total` for the whole table or a role/status filter is
 *   exact without counting rows.
 * - On SQLite, `users_search`: an FTS5 trigram index over `search_key` (PostgreSQL already has
 *   pg_trgm from migration 003), also kept by triggers.
 *
 * See docs/decisions/0100-counts-and-search-at-scale.md.
 */
const ROLES = ['admin', 'manager', 'viewer'];
const STATUSES = ['active', 'disabled'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_counts')
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('user_counts_pkey', ['role', 'status'])
    .execute();
  for (const role of ROLES) {
    for (const status of STATUSES) {
      await sql`insert into user_counts (role, status, n)
        select ${role}, ${status}, count(*) from users where role = ${role} and status = ${status}`.execute(
        db,
      );
    }
  }
  if (isPostgres(db)) await postgresUp(db);
  else await sqliteUp(db);
}

async function sqliteUp(db: Kysely<unknown>): Promise<void> {
  // Writers are serialized on SQLite, so row triggers cannot deadlock on the counts.
  await sql`create trigger user_counts_insert after insert on users begin
    update user_counts set n = n + 1 where role = new.role and status = new.status;
  end`.execute(db);
  await sql`create trigger user_counts_delete after delete on users begin
    update user_counts set n = n - 1 where role = old.role and status = old.status;
  end`.execute(db);
  await sql`create trigger user_counts_update after update of role, status on users
    when old.role <> new.role or old.status <> new.status begin
    update user_counts set n = n - 1 where role = old.role and status = old.status;
    update user_counts set n = n + 1 where role = new.role and status = new.status;
  end`.execute(db);

  // External content: the index stores trigrams only and reads text back from users. search_key
  // is lower-cased already; folding it again could match what LIKE would not.
  await sql`create virtual table users_search using fts5(
    search_key, content = 'users', content_rowid = 'id', tokenize = 'trigram case_sensitive 1')`.execute(db);
  await sql`insert into users_search (users_search) values ('rebuild')`.execute(db);
  await sql`create trigger users_search_insert after insert on users begin
    insert into users_search (rowid, search_key) values (new.id, new.search_key);
  end`.execute(db);
  await sql`create trigger users_search_delete after delete on users begin
    insert into users_search (users_search, rowid, search_key) values ('delete', old.id, old.search_key);
  end`.execute(db);
  await sql`create trigger users_search_update after update of search_key on users begin
    insert into users_search (users_search, rowid, search_key) values ('delete', old.id, old.search_key);
    insert into users_search (rowid, search_key) values (new.id, new.search_key);
  end`.execute(db);
}

async function postgresUp(db: Kysely<unknown>): Promise<void> {
  // Statement-level triggers see every row a statement changed at once, so a bulk insert
  // updates each count once rather than once per row. The count rows are locked in key order
  // first: two transactions moving users between the same roles in opposite directions would
  // otherwise lock them in opposite orders and deadlock. (Transition tables cannot be combined
  // with UPDATE OF a column list, so the update trigger looks for moved rows itself.)
  await sql`create function user_counts_apply(delta jsonb) returns void language sql as $$
    select 1 from user_counts c
      where exists (select 1 from jsonb_to_recordset(delta) as d(role text, status text, d bigint)
                    where d.role = c.role and d.status = c.status and d.d <> 0)
      order by c.role, c.status for update;
    update user_counts c set n = c.n + d.d
      from jsonb_to_recordset(delta) as d(role text, status text, d bigint)
      where d.role = c.role and d.status = c.status and d.d <> 0;
  $$`.execute(db);
  await sql`create function user_counts_on_insert() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, count(*) as d from new_rows group by role, status) x));
      return null;
    end $$`.execute(db);
  await sql`create function user_counts_on_delete() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, -count(*) as d from old_rows group by role, status) x));
      return null;
    end $$`.execute(db);
  await sql`create function user_counts_on_update() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, sum(d) as d from (
          select o.role, o.status, -1 as d from old_rows o join new_rows n on n.id = o.id
            where o.role <> n.role or o.status <> n.status
          union all
          select n.role, n.status, 1 from old_rows o join new_rows n on n.id = o.id
            where o.role <> n.role or o.status <> n.status) moved
        group by role, status) x));
      return null;
    end $$`.execute(db);
  await sql`create trigger user_counts_insert after insert on users
    referencing new table as new_rows for each statement execute function user_counts_on_insert()`.execute(
    db,
  );
  await sql`create trigger user_counts_delete after delete on users
    referencing old table as old_rows for each statement execute function user_counts_on_delete()`.execute(
    db,
  );
  await sql`create trigger user_counts_update after update on users
    referencing old table as old_rows new table as new_rows
    for each statement execute function user_counts_on_update()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const op of ['insert', 'delete', 'update']) {
      await sql`drop trigger if exists ${sql.raw(`user_counts_${op}`)} on users`.execute(db);
    }
    for (const op of ['insert', 'delete', 'update']) {
      await sql`drop function if exists ${sql.raw(`user_counts_on_${op}()`)}`.execute(db);
    }
    await sql`drop function if exists user_counts_apply(jsonb)`.execute(db);
  } else {
    for (const name of ['user_counts_insert', 'user_counts_delete', 'user_counts_update']) {
      await sql`drop trigger if exists ${sql.raw(name)}`.execute(db);
    }
    for (const name of ['users_search_insert', 'users_search_delete', 'users_search_update']) {
      await sql`drop trigger if exists ${sql.raw(name)}`.execute(db);
    }
    await sql`drop table if exists users_search`.execute(db);
  }
  await db.schema.dropTable('user_counts').execute();
}
