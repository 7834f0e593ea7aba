import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { isForeignKeyViolation, isUniqueViolation } from '../../src/db/dialect.js';
import { dialect, freshDbForEachTest } from '../support/app.js';

/** The error a statement fails with; the test fails if it succeeds. */
async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('the statement was expected to fail');
}

const kinds = (error: unknown) => ({
  unique: isUniqueViolation(error),
  foreignKey: isForeignKeyViolation(error),
});

// Scratch tables of this test's own, so the checks do not depend on how the app's tables are
// constrained today. `code` may be null here only so that a NOT NULL refusal can be provoked.
interface Scratch {
  scratch_parent: { id: number; code: string | null };
  scratch_child: { id: number; parent_id: number };
}

describe(`constraint violations are told apart on ${dialect}`, () => {
  const testDb = freshDbForEachTest();
  let db: Kysely<Scratch>;

  beforeEach(async () => {
    db = testDb() as unknown as Kysely<Scratch>;
    await db.schema
      .createTable('scratch_parent')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('code', 'varchar(8)', (c) => c.notNull().unique())
      .execute();
    await db.schema
      .createTable('scratch_child')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('parent_id', 'integer', (c) => c.notNull().references('scratch_parent.id'))
      .execute();
    await db.insertInto('scratch_parent').values({ id: 1, code: 'one' }).execute();
    await db.insertInto('scratch_child').values({ id: 1, parent_id: 1 }).execute();
  });

  it('a row naming a parent that does not exist is a foreign key violation', async () => {
    const error = await failureOf(db.insertInto('scratch_child').values({ id: 2, parent_id: 99 }).execute());
    expect(kinds(error)).toEqual({ unique: false, foreignKey: true });
  });

  it('deleting a parent still named by a row is a foreign key violation', async () => {
    const error = await failureOf(db.deleteFrom('scratch_parent').where('id', '=', 1).execute());
    expect(kinds(error)).toEqual({ unique: false, foreignKey: true });
  });

  it('a taken unique value or primary key is a unique violation, not a foreign key one', async () => {
    const code = await failureOf(db.insertInto('scratch_parent').values({ id: 2, code: 'one' }).execute());
    expect(kinds(code)).toEqual({ unique: true, foreignKey: false });
    const key = await failureOf(db.insertInto('scratch_parent').values({ id: 1, code: 'two' }).execute());
    expect(kinds(key)).toEqual({ unique: true, foreignKey: false });
  });

  it('other failures are neither', async () => {
    const notNull = await failureOf(db.insertInto('scratch_parent').values({ id: 3, code: null }).execute());
    expect(kinds(notNull)).toEqual({ unique: false, foreignKey: false });
    expect(kinds(new Error('FOREIGN KEY constraint failed'))).toEqual({ unique: false, foreignKey: false });
    expect(kinds(null)).toEqual({ unique: false, foreignKey: false });
  });
});
