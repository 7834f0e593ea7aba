import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect-helpers.js';

/**
 * `user_id_blocks`: how many users of each role and status have an id in each block of 1,024
 * ids (block = id / 1024), kept by triggers in the same transaction as the write, as
 * `user_counts` is. A jump to page N of the list by id then sums these counts to find the block
 * the page starts in and skips only within it, instead of stepping over every row before it:
 * at a million users, the deepest page cost 330–470 ms by OFFSET. See decision 0159.
 *
 * The block size is written again in db/user-id-blocks.repository.ts (migrations import nothing);
 * test/http/users-page-links.test.ts checks the kept counts against a count by id / 1024.
 */
const BLOCK = 1024;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_id_blocks')
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('block', 'integer', (c) => c.notNull())
    // At most 1,024 a block; integer rather than bigint so PostgreSQL sums as bigint, not numeric.
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('user_id_blocks_pkey', ['role', 'status', 'block'])
    .execute();
  // An index by block alone for the unfiltered sum, which adds up every role and status.
  await db.schema
    .createIndex('user_id_blocks_block_idx')
    .on('user_id_blocks')
    .columns(['block', 'n'])
    .execute();
  await sql`insert into user_id_blocks (role, status, block, n)
    select role, status, id / ${sql.lit(BLOCK)}, count(*) from users group by role, status, id / ${sql.lit(BLOCK)}`.execute(
    db,
  );
  if (isPostgres(db)) await postgresUp(db);
  else await sqliteUp(db);
}

async function sqliteUp(db: Kysely<unknown>): Promise<void> {
  // Writers are serialized on SQLite, so row triggers cannot deadlock on the counts.
  const add = (row: 'new' | 'old', delta: string) =>
    sql.raw(`insert into user_id_blocks (role, status, block, n)
      values (${row}.role, ${row}.status, ${row}.id / ${BLOCK}, ${delta})
      on conflict (role, status, block) do update set n = n + (${delta});`);
  await sql`create trigger user_id_blocks_insert after insert on users begin
    ${add('new', '1')}
  end`.execute(db);
  await sql`create trigger user_id_blocks_delete after delete on users begin
    ${add('old', '-1')}
  end`.execute(db);
  await sql`create trigger user_id_blocks_update after update of role, status, id on users
    when old.role <> new.role or old.status <> new.status or old.id <> new.id begin
    ${add('old', '-1')}
    ${add('new', '1')}
  end`.execute(db);
}

async function postgresUp(db: Kysely<unknown>): Promise<void> {
  // As user_counts (migration 004): statement-level triggers apply one delta per block, role and
  // status, and lock the rows they change in key order first, so two transactions moving users
  // in opposite directions cannot deadlock. Named after user_counts_*, so PostgreSQL fires them
  // after those (alphabetical order) and every writer takes the locks of both in one order.
  await sql`create function user_id_blocks_apply(delta jsonb) returns void language sql as $$
    select 1 from user_id_blocks b
      where exists (select 1 from jsonb_to_recordset(delta) as d(role text, status text, block int, d int)
                    where d.role = b.role and d.status = b.status and d.block = b.block and d.d <> 0)
      order by b.role, b.status, b.block for update;
    insert into user_id_blocks as b (role, status, block, n)
      select d.role, d.status, d.block, d.d
        from jsonb_to_recordset(delta) as d(role text, status text, block int, d int)
        where d.d <> 0
        order by d.role, d.status, d.block
      on conflict (role, status, block) do update set n = b.n + excluded.n;
  $$`.execute(db);
  const deltas = (rows: string, sign: string) =>
    sql.raw(`select role, status, id / ${BLOCK} as block, ${sign}count(*) as d from ${rows}
      group by role, status, id / ${BLOCK}`);
  await sql`create function user_id_blocks_on_insert() returns trigger language plpgsql as $$
    begin
      perform user_id_blocks_apply((select coalesce(jsonb_agg(x), '[]') from (${deltas('new_rows', '')}) x));
      return null;
    end $$`.execute(db);
  await sql`create function user_id_blocks_on_delete() returns trigger language plpgsql as $$
    begin
      perform user_id_blocks_apply((select coalesce(jsonb_agg(x), '[]') from (${deltas('old_rows', '-')}) x));
      return null;
    end $$`.execute(db);
  // Ids never change, so a row keeps its block; only a new role or status moves its count.
  await sql`create function user_id_blocks_on_update() returns trigger language plpgsql as $$
    begin
      perform user_id_blocks_apply((select coalesce(jsonb_agg(x), '[]') from
        (select role, status, block, sum(d) as d from (
          select o.role, o.status, o.id / ${sql.raw(String(BLOCK))} as block, -1 as d
            from old_rows o join new_rows n on n.id = o.id
            where o.role <> n.role or o.status <> n.status
          union all
          select n.role, n.status, n.id / ${sql.raw(String(BLOCK))}, 1
            from old_rows o join new_rows n on n.id = o.id
            where o.role <> n.role or o.status <> n.status) moved
        group by role, status, block) x));
      return null;
    end $$`.execute(db);
  await sql`create trigger user_id_blocks_insert after insert on users
    referencing new table as new_rows for each statement execute function user_id_blocks_on_insert()`.execute(
    db,
  );
  await sql`create trigger user_id_blocks_delete after delete on users
    referencing old table as old_rows for each statement execute function user_id_blocks_on_delete()`.execute(
    db,
  );
  await sql`create trigger user_id_blocks_update after update on users
    referencing old table as old_rows new table as new_rows
    for each statement execute function user_id_blocks_on_update()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const op of ['insert', 'delete', 'update']) {
      await sql`drop trigger if exists ${sql.raw(`user_id_blocks_${op}`)} on users`.execute(db);
    }
    for (const op of ['insert', 'delete', 'update']) {
      await sql`drop function if exists ${sql.raw(`user_id_blocks_on_${op}()`)}`.execute(db);
    }
    await sql`drop function if exists user_id_blocks_apply(jsonb)`.execute(db);
  } else {
    for (const op of ['insert', 'delete', 'update']) {
      await sql`drop trigger if exists ${sql.raw(`user_id_blocks_${op}`)}`.execute(db);
    }
  }
  await db.schema.dropTable('user_id_blocks').execute();
}
