import type { Kysely } from 'kysely';
import { idColumn, timestampType } from './dialect-helpers.js';

/**
 * Groups of users. A group's name is unique regardless of case: `name_key` holds it case-folded
 * (computed by the service, the same on both databases) and its unique index settles two
 * concurrent creates. Memberships go with their group or their user; the services delete them
 * first so the audit log can say which ended.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = timestampType(db);
  await db.schema
    .createTable('groups')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('name', 'varchar(400)', (c) => c.notNull())
    // Folding can make a character several (ß is ss), so the key has room for three per one.
    .addColumn('name_key', 'varchar(1200)', (c) => c.notNull())
    .addColumn('description', 'varchar(4000)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Unique, and the order the list is read in.
  await db.schema.createIndex('groups_name_key_key').on('groups').column('name_key').unique().execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pkey', ['group_id', 'user_id'])
    .execute();
  // A user's groups, and the users list filtered by group, read it from this side.
  await db.schema
    .createIndex('group_members_user_id_idx')
    .on('group_members')
    .columns(['user_id', 'group_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('group_members').execute();
  await db.schema.dropTable('groups').execute();
}
