import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect-helpers.js';

/**
 * What the overview (GET /api/v1/overview) reads without scanning audit_events:
 *
 * - `audit_daily_counts`: sign-ins and failed sign-ins per UTC day ('YYYY-MM-DD'), kept by
 *   triggers on audit_events in the same transaction as the event, like `user_counts`
 *   (migration 004). Only the actions in COUNTED are counted; counting another is a new migration.
 * - `audit_events_action_time_idx (action, occurred_at, id)`: the newest events of one action,
 *   and lockouts of the last hour, by an index range. It replaces `(action, id)`, which it covers.
 *
 * See docs/decisions/0155-overview-counts.md.
 */
const COUNTED = ['auth.login', 'auth.login_failed'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_daily_counts')
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('audit_daily_counts_pkey', ['day', 'action'])
    .execute();
  const day = isPostgres(db)
    ? sql`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD')`
    : sql`substr(occurred_at, 1, 10)`;
  await sql`insert into audit_daily_counts (day, action, n)
    select ${day}, action, count(*) from audit_events where action in (${sql.join(COUNTED)})
    group by ${day}, action`.execute(db);

  await db.schema
    .createIndex('audit_events_action_time_idx')
    .on('audit_events')
    .columns(['action', 'occurred_at', 'id'])
    .execute();
  await db.schema.dropIndex('audit_events_action_idx').execute();

  if (isPostgres(db)) await postgresUp(db);
  else await sqliteUp(db);
}

const counted = sql.raw(COUNTED.map((a) => `'${a}'`).join(', '));

async function sqliteUp(db: Kysely<unknown>): Promise<void> {
  // Events are written in UTC ISO 8601 (toISOString), so the day is the first ten characters.
  await sql`create trigger audit_daily_counts_insert after insert on audit_events
    when new.action in (${counted}) begin
    insert into audit_daily_counts (day, action, n) values (substr(new.occurred_at, 1, 10), new.action, 1)
      on conflict (day, action) do update set n = n + 1;
  end`.execute(db);
  await sql`create trigger audit_daily_counts_delete after delete on audit_events
    when old.action in (${counted}) begin
    update audit_daily_counts set n = n - 1 where day = substr(old.occurred_at, 1, 10) and action = old.action;
  end`.execute(db);
}

async function postgresUp(db: Kysely<unknown>): Promise<void> {
  // Statement-level, as user_counts: a bulk insert touches each day's row once. Rows are written
  // in key order, so two statements spanning the same days lock them in the same order.
  await sql`create function audit_daily_counts_on_insert() returns trigger language plpgsql as $$
    begin
      insert into audit_daily_counts (day, action, n)
        select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, action, count(*)
          from new_rows where action in (${counted}) group by 1, 2 order by 1, 2
        on conflict (day, action) do update set n = audit_daily_counts.n + excluded.n;
      return null;
    end $$`.execute(db);
  await sql`create function audit_daily_counts_on_delete() returns trigger language plpgsql as $$
    begin
      update audit_daily_counts c set n = c.n - d.n
        from (select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, action, count(*) as n
                from old_rows where action in (${counted}) group by 1, 2) d
        where c.day = d.day and c.action = d.action;
      return null;
    end $$`.execute(db);
  await sql`create trigger audit_daily_counts_insert after insert on audit_events
    referencing new table as new_rows for each statement
    execute function audit_daily_counts_on_insert()`.execute(db);
  await sql`create trigger audit_daily_counts_delete after delete on audit_events
    referencing old table as old_rows for each statement
    execute function audit_daily_counts_on_delete()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists audit_daily_counts_insert on audit_events`.execute(db);
    await sql`drop trigger if exists audit_daily_counts_delete on audit_events`.execute(db);
    await sql`drop function if exists audit_daily_counts_on_insert()`.execute(db);
    await sql`drop function if exists audit_daily_counts_on_delete()`.execute(db);
  } else {
    await sql`drop trigger if exists audit_daily_counts_insert`.execute(db);
    await sql`drop trigger if exists audit_daily_counts_delete`.execute(db);
  }
  await db.schema
    .createIndex('audit_events_action_idx')
    .on('audit_events')
    .columns(['action', 'id'])
    .execute();
  await db.schema.dropIndex('audit_events_action_time_idx').execute();
  await db.schema.dropTable('audit_daily_counts').execute();
}
