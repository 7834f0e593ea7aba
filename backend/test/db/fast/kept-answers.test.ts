import { describe, expect, it } from 'vitest';
import { keptWhileUnchanged } from '../../../src/db/fast/index.js';
import { dialect, freshDbForEachTest } from '../../support/app.js';

describe(`answers kept while the database is unchanged, on ${dialect}`, () => {
  const testDb = freshDbForEachTest();

  it('refuses an answer that is not frozen, since every caller would share it', async () => {
    const unfrozen = keptWhileUnchanged(async (_db, id: number) => ({ id }), 10);
    await expect(unfrozen(testDb(), 1)).rejects.toThrow(/must be frozen/);
    const frozen = keptWhileUnchanged(async (_db, id: number) => Object.freeze({ id }), 10);
    expect(await frozen(testDb(), 1)).toEqual({ id: 1 });
  });

  it.runIf(dialect === 'sqlite')(
    'keeps at most `limit` answers, each the same object while nothing changes',
    async () => {
      const db = testDb();
      let lookups = 0;
      const counted = keptWhileUnchanged(async (_db, id: number) => Object.freeze({ id, n: ++lookups }), 2);
      await db.selectFrom('users').select('id').execute(); // Kysely opens SQLite's connection lazily
      const first = await counted(db, 1);
      expect(await counted(db, 1)).toBe(first);
      await counted(db, 2);
      await counted(db, 3); // a third answer: the kept ones are dropped
      expect(await counted(db, 1)).toEqual({ id: 1, n: 4 });
    },
  );
});
