import { NO_MIGRATIONS, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, isPostgres, type Db } from '../../src/db/dialect.js';
import { dialect, freshDatabase } from '../support/app.js';
import { migrateDownTo, migrateTo, migrationNames } from '../support/migrations.js';

/**
 * What the schema holds: tables and their columns, indexes, triggers, and on PostgreSQL the
 * constraints and functions; Kysely's own bookkeeping left out. Columns are compared by what
 * they are, not by the text that made the table, which SQLite edits on ALTER TABLE.
 */
async function schemaOf(db: Db): Promise<unknown[]> {
  const rows = async (query: ReturnType<typeof sql<Record<string, unknown>>>) =>
    (await query.execute(db)).rows;
  if (isPostgres(db)) {
    return [
      await rows(sql`select table_name, column_name, data_type, is_nullable, column_default, is_identity
        from information_schema.columns where table_schema = current_schema() and table_name not like 'kysely%'
        order by table_name, ordinal_position`),
      await rows(sql`select indexname, indexdef from pg_indexes
        where schemaname = current_schema() and tablename not like 'kysely%' order by indexname`),
      await rows(sql`select conname, pg_get_constraintdef(oid) as definition from pg_constraint
        where connamespace = current_schema()::regnamespace and conname not like 'kysely%' order by conname`),
      await rows(sql`select trigger_name, event_manipulation, action_timing, action_statement
        from information_schema.triggers where trigger_schema = current_schema()
        order by trigger_name, event_manipulation`),
      await rows(sql`select proname, pg_get_function_identity_arguments(p.oid) as args, prosrc
        from pg_proc p where pronamespace = current_schema()::regnamespace order by proname`),
    ];
  }
  const objects = await rows(sql`select type, name, tbl_name, sql from sqlite_master
    where tbl_name not like 'kysely%' and name != 'sqlite_sequence' order by type, name`);
  const described = [];
  for (const object of objects) {
    if (object.type !== 'table') {
      described.push(object);
      continue;
    }
    const columns = await rows(sql`select name, type, "notnull", dflt_value, pk
      from pragma_table_info(${object.name}) order by cid`);
    described.push({ table: object.name, columns });
  }
  return described;
}

// Each migration's `down` must leave the schema as it was before its `up`, and `up` must apply
// again after it. Walked in one process, one migration at a time, so each step is seen.
describe(`every migration, up and down again, on ${dialect}`, () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const database = await freshDatabase();
    db = createDb(database.config.database, { searchPath: database.searchPath });
    drop = database.drop;
  });
  afterEach(async () => {
    await db.destroy();
    await drop();
  });

  it('leaves the schema as it found it after each migration is undone, and applies it again', async () => {
    // before[i]: the schema before migration i was first applied; the last entry is the latest.
    const before = [await schemaOf(db)];
    for (const name of migrationNames) {
      expect((await migrateTo(db, name)).map((r) => r.migrationName)).toEqual([name]);
      before.push(await schemaOf(db));
    }
    // The snapshot sees what the first migration made (the users table), so a difference shows.
    expect(before[1]).not.toEqual(before[0]);

    for (let i = migrationNames.length - 1; i >= 0; i--) {
      const target = i === 0 ? NO_MIGRATIONS : migrationNames[i - 1]!;
      expect(await migrateDownTo(db, target)).toEqual([migrationNames[i]]);
      expect(await schemaOf(db), `after undoing ${migrationNames[i]}`).toEqual(before[i]);
    }

    for (const [i, name] of migrationNames.entries()) {
      await migrateTo(db, name);
      expect(await schemaOf(db), `after applying ${name} again`).toEqual(before[i + 1]);
    }
  });
});
