import { sql, type Kysely } from 'kysely';
import { idColumn, timestampType } from './dialect-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = timestampType(db);
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('name', 'varchar(400)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('viewer'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('search_key', 'varchar(700)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('last_login_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('users_role_check', sql`role in ('admin', 'manager', 'viewer')`)
    .addCheckConstraint('users_status_check', sql`status in ('active', 'disabled')`)
    .execute();

  // Emails are stored lower-cased, so a plain unique index makes them unique regardless of case,
  // and it is what settles two concurrent creates with the same address.
  await db.schema.createIndex('users_email_key').on('users').column('email').unique().execute();
  // Sort keys; id breaks ties so pages never overlap.
  await db.schema.createIndex('users_name_idx').on('users').columns(['name', 'id']).execute();
  await db.schema.createIndex('users_created_at_idx').on('users').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('users_updated_at_idx').on('users').columns(['updated_at', 'id']).execute();
  // Filters.
  await db.schema.createIndex('users_role_status_idx').on('users').columns(['role', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('users').execute();
}
