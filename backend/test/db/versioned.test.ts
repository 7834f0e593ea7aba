import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inTransaction, type Db } from '../../src/db/dialect.js';
import { deleteAtVersion, lockRowById, updateAtVersion } from '../../src/db/versioned.js';
import { dialect, freshDbForEachTest } from '../support/app.js';
import { insertUsers } from '../support/users.js';

async function oneUser(db: Db): Promise<number> {
  const [id] = await insertUsers(db, [{ name: 'Vera Version', email: 'vera@example.com' }]);
  return id!;
}

const versionOf = async (db: Db, id: number) =>
  (await db.selectFrom('users').select('version').where('id', '=', id).executeTakeFirst())?.version;

describe(`version-checked writes on ${dialect}`, () => {
  const testDb = freshDbForEachTest();

  it('changes a row at its version and moves it to the next one', async () => {
    const db = testDb();
    const id = await oneUser(db);
    const row = await updateAtVersion(db, 'users', id, 1, { name: 'Vera V.' });
    expect(row).toMatchObject({ id, name: 'Vera V.', version: 2 });
    expect(await versionOf(db, id)).toBe(2);
  });

  it('leaves a row that moved on untouched and says so with undefined', async () => {
    const db = testDb();
    const id = await oneUser(db);
    await updateAtVersion(db, 'users', id, 1, { name: 'Second' });
    expect(await updateAtVersion(db, 'users', id, 1, { name: 'Stale' })).toBeUndefined();
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Second', version: 2 });
  });

  it('deletes only at the version given, answering the row as it was', async () => {
    const db = testDb();
    const id = await oneUser(db);
    expect(await deleteAtVersion(db, 'users', id, 7)).toBeUndefined();
    expect(await versionOf(db, id)).toBe(1);
    expect(await deleteAtVersion(db, 'users', id, 1)).toMatchObject({ id, name: 'Vera Version' });
    expect(await versionOf(db, id)).toBeUndefined();
  });

  it('reads the row it locks, and nothing for a missing id', async () => {
    const db = testDb();
    const id = await oneUser(db);
    await inTransaction(db, async (trx) => {
      expect(await lockRowById(trx, 'users', id)).toMatchObject({ id, email: 'vera@example.com' });
      expect(await lockRowById(trx, 'users', id + 1)).toBeUndefined();
    });
  });

  it.runIf(dialect === 'postgres')(
    'holds the lock until the transaction ends: another writer cannot lock the row meanwhile',
    async () => {
      const db = testDb();
      const id = await oneUser(db);
      const otherTries = () =>
        sql`select id from users where id = ${id} for update nowait`.execute(db).then(
          () => 'locked it',
          (error: { code?: string }) => error.code,
        );
      await inTransaction(db, async (trx) => {
        await lockRowById(trx, 'users', id);
        // 55P03 lock_not_available: the row is held by this transaction.
        expect(await otherTries()).toBe('55P03');
      });
      expect(await otherTries()).toBe('locked it');
    },
  );

  it.runIf(dialect === 'postgres')(
    'refuses to lock outside a transaction, where it would guard nothing',
    async () => {
      const db = testDb();
      const id = await oneUser(db);
      await expect(lockRowById(db, 'users', id)).rejects.toThrow(/needs a transaction/);
    },
  );
});
