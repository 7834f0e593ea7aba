import { sql, type Kysely } from 'kysely';
import { idColumn, isPostgres, timestampType } from './dialect-helpers.js';

/**
 * Reaching people by mail (issue 14, decision 0161):
 *
 * - `invited`, a third status: the account exists, cannot sign in, and counts in `user_counts`
 *   (its rows are added here; the triggers of migration 004 only move counts between rows that
 *   exist).
 * - `users.email_verified_at`: when the address was last proven. Accounts that exist when this
 *   runs were vouched for by the admin who typed their address, the rule until now, so they start
 *   verified as of this migration.
 * - `user_tokens`: one-time tokens of invitations, password resets and email verifications. Only
 *   a SHA-256 hash of each is kept; `used_at` makes it single use, `revoked_at` ends it early, and
 *   `email` ties it to the address it was sent to.
 */
const ROLES = ['admin', 'manager', 'viewer'];
const OLD_CHECK = "status in ('active', 'disabled')";
const NEW_CHECK = "status in ('active', 'disabled', 'invited')";

export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = timestampType(db);
  await setStatusCheck(db, OLD_CHECK, NEW_CHECK);
  for (const role of ROLES) {
    await sql`insert into user_counts (role, status, n) values (${role}, 'invited', 0)`.execute(db);
  }
  await db.schema.alterTable('users').addColumn('email_verified_at', ts).execute();
  const now = new Date().toISOString();
  await sql`update users set email_verified_at = ${isPostgres(db) ? sql`${now}::timestamptz` : now}`.execute(
    db,
  );

  await db.schema
    .createTable('user_tokens')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    // The address a verification was sent to (or an invitation): a later change of email voids it.
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    // Who asked for it (the inviter); null for a reset the person asked for themselves.
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    // Ended before use: a newer one was sent, or the invitation was revoked.
    .addColumn('revoked_at', ts)
    .addCheckConstraint('user_tokens_purpose_check', sql`purpose in ('invitation', 'reset', 'verification')`)
    .execute();
  await db.schema
    .createIndex('user_tokens_hash_key')
    .on('user_tokens')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('user_tokens_user_idx')
    .on('user_tokens')
    .columns(['user_id', 'purpose'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_tokens').execute();
  await db.schema.alterTable('users').dropColumn('email_verified_at').execute();
  // Invitations that were never accepted cannot be represented any more: they become disabled.
  await sql`update users set status = 'disabled' where status = 'invited'`.execute(db);
  await sql`delete from user_counts where status = 'invited'`.execute(db);
  await setStatusCheck(db, NEW_CHECK, OLD_CHECK);
}

async function setStatusCheck(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table users drop constraint users_status_check`.execute(db);
    await sql`alter table users add constraint users_status_check check (${sql.raw(to)})`.execute(db);
    return;
  }
  await rebuildSqliteUsers(db, (create) => {
    if (!create.includes(from)) throw new Error(`users table has no check "${from}"`);
    return create.replace(from, to);
  });
}

/**
 * SQLite cannot change a CHECK constraint in place (and better-sqlite3 forbids editing the
 * schema table), so the users table is rebuilt the way https://sqlite.org/lang_altertable.html
 * section 7 prescribes: foreign keys off, a new table with the new definition, the rows copied
 * with their ids, the old table dropped and the new one renamed, its indexes and triggers made
 * again from their own SQL, the foreign keys checked, all in one transaction.
 */
async function rebuildSqliteUsers(db: Kysely<unknown>, edit: (create: string) => string): Promise<void> {
  const text = async (query: ReturnType<typeof sql<{ sql: string }>>) =>
    (await query.execute(db)).rows.map((row) => row.sql);
  const [create] = await text(sql`select sql from sqlite_master where type = 'table' and name = 'users'`);
  if (!create) throw new Error('no users table');
  const dependents = await text(sql`select sql from sqlite_master
    where tbl_name = 'users' and type in ('index', 'trigger') and sql is not null order by type, name`);
  const renamed = edit(create).replace(/^create table\s+("users"|users)/i, 'create table "users_rebuilt"');

  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      const sequence = await sql<{
        seq: number;
      }>`select seq from sqlite_sequence where name = 'users'`.execute(db);
      await sql.raw(renamed).execute(db);
      await sql`insert into users_rebuilt select * from users`.execute(db);
      await sql`drop table users`.execute(db);
      await sql`alter table users_rebuilt rename to users`.execute(db);
      // Ids of deleted users are never given again: keep the autoincrement's high-water mark.
      const seq = sequence.rows[0]?.seq;
      if (seq !== undefined) {
        await sql`delete from sqlite_sequence where name = 'users'`.execute(db);
        await sql`insert into sqlite_sequence (name, seq) values ('users', ${seq})`.execute(db);
      }
      for (const statement of dependents) await sql.raw(statement).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error('foreign keys broken by the users rebuild');
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
