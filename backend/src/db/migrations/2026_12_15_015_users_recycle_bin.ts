import { sql, type Kysely } from 'kysely';
import { isPostgres, timestampType } from './dialect-helpers.js';

const BLOCK = 1024;

/**
 * The recycle bin (issue 16, decision 0172): a deleted user keeps its row, with `deleted_at`
 * set, until a restore clears it or the daily purge removes the row after DELETED_RETENTION_DAYS.
 *
 * - `deleted_at`: null for every live user. Every read path asks for `deleted_at is null`.
 * - The email's unique index covers live users only, so an address can be given to a new
 *   account while the old one waits in the bin (the service refuses that unless asked; a
 *   restore then answers 409). The index stays what settles two racing creates.
 * - `user_counts` counts live users only: the triggers of migration 004 are replaced by ones
 *   that treat a row with `deleted_at` set as not there, so totals stay exact without a count.
 *   They count every status that has a row in `user_counts`, `invited` (migration 009) too.
 * - `user_id_blocks` (migration 013) counts live users only too, for the same reason: a page
 *   number found from block counts must not count rows the list leaves out. A bin takes a
 *   user's count out of its block, a restore puts it back. BLOCK is migration 013's block size.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deleted_at', timestampType(db)).execute();
  // The bin's list and the purge read deleted users by the time they were deleted.
  await sql`create index users_deleted_at_idx on users (deleted_at, id) where deleted_at is not null`.execute(
    db,
  );
  await db.schema.dropIndex('users_email_key').execute();
  await sql`create unique index users_email_key on users (email) where deleted_at is null`.execute(db);
  if (isPostgres(db)) {
    await postgresCounts(db, 'live');
    await postgresBlocks(db, 'live');
  } else {
    await sqliteCounts(db, 'live');
    await sqliteBlocks(db, 'live');
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Rows still in the bin would break the full unique index and the counts: they go.
  await sql`delete from users where deleted_at is not null`.execute(db);
  if (isPostgres(db)) {
    await postgresCounts(db, 'all');
    await postgresBlocks(db, 'all');
  } else {
    await sqliteCounts(db, 'all');
    await sqliteBlocks(db, 'all');
  }
  await db.schema.dropIndex('users_email_key').execute();
  await db.schema.createIndex('users_email_key').on('users').column('email').unique().execute();
  await db.schema.dropIndex('users_deleted_at_idx').execute();
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
}

type Counted = 'live' | 'all';

async function sqliteCounts(db: Kysely<unknown>, counted: Counted): Promise<void> {
  for (const name of ['user_counts_insert', 'user_counts_delete', 'user_counts_update']) {
    await sql`drop trigger if exists ${sql.raw(name)}`.execute(db);
  }
  if (counted === 'all') {
    // Migration 004's triggers, exactly as it wrote them (the text is compared).
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
    return;
  }
  await sql`create trigger user_counts_insert after insert on users when new.deleted_at is null begin
    update user_counts set n = n + 1 where role = new.role and status = new.status;
  end`.execute(db);
  await sql`create trigger user_counts_delete after delete on users when old.deleted_at is null begin
    update user_counts set n = n - 1 where role = old.role and status = old.status;
  end`.execute(db);
  // A row leaves the counts as it was and comes back as it is: a move, a bin or a restore.
  await sql`create trigger user_counts_update after update of role, status, deleted_at on users
    when old.role <> new.role or old.status <> new.status
      or (old.deleted_at is null) <> (new.deleted_at is null) begin
    update user_counts set n = n - 1
      where old.deleted_at is null and role = old.role and status = old.status;
    update user_counts set n = n + 1
      where new.deleted_at is null and role = new.role and status = new.status;
  end`.execute(db);
}

async function postgresCounts(db: Kysely<unknown>, counted: Counted): Promise<void> {
  if (counted === 'all') {
    // Migration 004's functions, exactly as it wrote them.
    await sql`create or replace function user_counts_on_insert() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, count(*) as d from new_rows group by role, status) x));
      return null;
    end $$`.execute(db);
    await sql`create or replace function user_counts_on_delete() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, -count(*) as d from old_rows group by role, status) x));
      return null;
    end $$`.execute(db);
    await sql`create or replace function user_counts_on_update() returns trigger language plpgsql as $$
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
    return;
  }
  // The functions of migration 004 with a filter on who counts; the triggers stay as they are.
  const live = counted === 'live' ? sql.raw('deleted_at is null') : sql.raw('true');
  const liveO = counted === 'live' ? sql.raw('o.deleted_at is null') : sql.raw('true');
  const liveN = counted === 'live' ? sql.raw('n.deleted_at is null') : sql.raw('true');
  const moved =
    counted === 'live'
      ? sql.raw(
          'o.role <> n.role or o.status <> n.status or (o.deleted_at is null) <> (n.deleted_at is null)',
        )
      : sql.raw('o.role <> n.role or o.status <> n.status');
  await sql`create or replace function user_counts_on_insert() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, count(*) as d from new_rows where ${live} group by role, status) x));
      return null;
    end $$`.execute(db);
  await sql`create or replace function user_counts_on_delete() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, -count(*) as d from old_rows where ${live} group by role, status) x));
      return null;
    end $$`.execute(db);
  await sql`create or replace function user_counts_on_update() returns trigger language plpgsql as $$
    begin
      perform user_counts_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, sum(d) as d from (
          select o.role, o.status, -1 as d from old_rows o join new_rows n on n.id = o.id
            where (${moved}) and ${liveO}
          union all
          select n.role, n.status, 1 from old_rows o join new_rows n on n.id = o.id
            where (${moved}) and ${liveN}) changed
        group by role, status) x));
      return null;
    end $$`.execute(db);
}

async function sqliteBlocks(db: Kysely<unknown>, counted: Counted): Promise<void> {
  for (const name of ['user_id_blocks_insert', 'user_id_blocks_delete', 'user_id_blocks_update']) {
    await sql`drop trigger if exists ${sql.raw(name)}`.execute(db);
  }
  if (counted === 'all') {
    // Migration 013's triggers, exactly as it wrote them (the text is compared).
    const add013 = (row: 'new' | 'old', delta: string) =>
      sql.raw(`insert into user_id_blocks (role, status, block, n)
      values (${row}.role, ${row}.status, ${row}.id / ${BLOCK}, ${delta})
      on conflict (role, status, block) do update set n = n + (${delta});`);
    await sql`create trigger user_id_blocks_insert after insert on users begin
    ${add013('new', '1')}
  end`.execute(db);
    await sql`create trigger user_id_blocks_delete after delete on users begin
    ${add013('old', '-1')}
  end`.execute(db);
    await sql`create trigger user_id_blocks_update after update of role, status, id on users
    when old.role <> new.role or old.status <> new.status or old.id <> new.id begin
    ${add013('old', '-1')}
    ${add013('new', '1')}
  end`.execute(db);
    return;
  }
  // `where` keeps a binned row out; SQLite needs one anyway before `on conflict` after a select.
  const add = (row: 'new' | 'old', delta: string) =>
    sql.raw(`insert into user_id_blocks (role, status, block, n)
      select ${row}.role, ${row}.status, ${row}.id / ${BLOCK}, ${delta}
      where ${row}.deleted_at is null
      on conflict (role, status, block) do update set n = n + (${delta});`);
  await sql`create trigger user_id_blocks_insert after insert on users begin
    ${add('new', '1')}
  end`.execute(db);
  await sql`create trigger user_id_blocks_delete after delete on users begin
    ${add('old', '-1')}
  end`.execute(db);
  await sql`create trigger user_id_blocks_update after update of role, status, id, deleted_at on users
    when old.role <> new.role or old.status <> new.status or old.id <> new.id
      or (old.deleted_at is null) <> (new.deleted_at is null) begin
    ${add('old', '-1')}
    ${add('new', '1')}
  end`.execute(db);
}

async function postgresBlocks(db: Kysely<unknown>, counted: Counted): Promise<void> {
  if (counted === 'all') {
    // Migration 013's functions, exactly as it wrote them (their text is compared).
    const deltas013 = (rows: string, sign: string) =>
      sql.raw(`select role, status, id / ${BLOCK} as block, ${sign}count(*) as d from ${rows}
      group by role, status, id / ${BLOCK}`);
    await blockFunctions(db, deltas013('new_rows', ''), deltas013('old_rows', '-'), {
      moved: sql.raw('o.role <> n.role or o.status <> n.status'),
      old: null,
      new: null,
    });
    return;
  }
  const deltas = (rows: string, sign: string) =>
    sql.raw(`select role, status, id / ${BLOCK} as block, ${sign}count(*) as d from ${rows}
      where deleted_at is null group by role, status, id / ${BLOCK}`);
  await blockFunctions(db, deltas('new_rows', ''), deltas('old_rows', '-'), {
    // In brackets: `and` binds before `or`.
    moved: sql.raw(
      '(o.role <> n.role or o.status <> n.status or (o.deleted_at is null) <> (n.deleted_at is null))',
    ),
    old: sql.raw(' and o.deleted_at is null'),
    new: sql.raw(' and n.deleted_at is null'),
  });
}

type RawSql = ReturnType<typeof sql.raw>;

async function blockFunctions(
  db: Kysely<unknown>,
  inserted: RawSql,
  deleted: RawSql,
  update: { moved: RawSql; old: RawSql | null; new: RawSql | null },
): Promise<void> {
  const none = sql.raw('');
  await sql`create or replace function user_id_blocks_on_insert() returns trigger language plpgsql as $$
    begin
      perform user_id_blocks_apply((select coalesce(jsonb_agg(x), '[]') from (${inserted}) x));
      return null;
    end $$`.execute(db);
  await sql`create or replace function user_id_blocks_on_delete() returns trigger language plpgsql as $$
    begin
      perform user_id_blocks_apply((select coalesce(jsonb_agg(x), '[]') from (${deleted}) x));
      return null;
    end $$`.execute(db);
  await sql`create or replace function user_id_blocks_on_update() returns trigger language plpgsql as $$
    begin
      perform user_id_blocks_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, block, sum(d) as d from (
          select o.role, o.status, o.id / ${sql.raw(String(BLOCK))} as block, -1 as d
            from old_rows o join new_rows n on n.id = o.id
            where ${update.moved}${update.old ?? none}
          union all
          select n.role, n.status, n.id / ${sql.raw(String(BLOCK))}, 1
            from old_rows o join new_rows n on n.id = o.id
            where ${update.moved}${update.new ?? none}) moved
        group by role, status, block) x));
      return null;
    end $$`.execute(db);
}
