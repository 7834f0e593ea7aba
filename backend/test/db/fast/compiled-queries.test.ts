import { beforeEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, sql } from 'kysely';
import { inTransaction, type Db } from '../../../src/db/dialect.js';
import { compiledByShape, compiledOnce, enableFastPath, hasFastPath } from '../../../src/db/fast/index.js';
import type { Database } from '../../../src/db/types.js';
import { findProfileById, PROFILE_COLUMNS } from '../../../src/db/users.repository.js';
import { dialect, freshDbForEachTest } from '../../support/app.js';
import { insertUsers } from '../../support/users.js';

describe(`queries compiled once per shape on ${dialect}`, () => {
  const testDb = freshDbForEachTest();
  let db: Db;
  /** ids of Ann, Bob and Cat, as inserted */
  let ids: number[];
  beforeEach(async () => {
    db = testDb();
    ids = await insertUsers(db, [
      { name: 'Ann Admin', email: 'ann@example.com', role: 'admin' },
      { name: 'Bob Viewer', email: 'bob@example.com', role: 'viewer' },
      { name: 'Cat Viewer', email: 'cat@example.com', role: 'viewer', status: 'disabled' },
    ]);
  });

  const emails = compiledByShape(
    (db, shape: { byRole: boolean }, v: { role?: 'admin' | 'viewer'; limit: number }) =>
      db
        .selectFrom('users')
        .select('email')
        .$if(shape.byRole, (q) => q.where('role', '=', v.role!))
        .orderBy('email')
        .limit(v.limit),
    ['role', 'limit'],
  );
  const run = async (shape: { byRole: boolean }, v: { role?: 'admin' | 'viewer'; limit: number }) =>
    (await emails(db, shape, v)).map((r) => r.email);

  it('runs each shape with the values of each call, not those it was first compiled with', async () => {
    expect(await run({ byRole: true }, { role: 'viewer', limit: 10 })).toEqual([
      'bob@example.com',
      'cat@example.com',
    ]);
    expect(await run({ byRole: true }, { role: 'admin', limit: 10 })).toEqual(['ann@example.com']);
    expect(await run({ byRole: true }, { role: 'viewer', limit: 1 })).toEqual(['bob@example.com']);
    expect(await run({ byRole: false }, { limit: 2 })).toEqual(['ann@example.com', 'bob@example.com']);
    expect(await run({ byRole: true }, { role: 'admin', limit: 10 })).toEqual(['ann@example.com']);
  });

  it('refuses a query that takes a parameter from anywhere but its values', async () => {
    const outside = 'viewer' as const;
    const leaky = compiledByShape(
      (db, _shape: { any: boolean }, v: { limit: number }) =>
        db.selectFrom('users').select('email').where('role', '=', outside).limit(v.limit),
      ['limit'],
    );
    await expect(leaky(db, { any: true }, { limit: 5 })).rejects.toThrow(/is not a value/);
  });

  it('refuses, at first use, a builder that branches on a value', async () => {
    // The mistake the shape exists to prevent: the first call's branch would serve every later one.
    const byPresence = compiledByShape(
      (db, _shape: object, v: { role?: 'admin' | 'viewer'; limit: number }) =>
        db
          .selectFrom('users')
          .select('email')
          .$if(v.role !== undefined, (q) => q.where('role', '=', v.role!))
          .limit(v.limit),
      ['role', 'limit'],
    );
    await expect(byPresence(db, {}, { role: 'admin', limit: 5 })).rejects.toThrow(/branches on a value/);
    const byTruth = compiledOnce(
      (db, email: string) =>
        db
          .selectFrom('users')
          .select('id')
          .$if(!!email, (q) => q.where('email', '=', email)),
      ['ann@example.com'],
    );
    await expect(byTruth(db, 'ann@example.com')).rejects.toThrow(/branches on a value/);
  });

  it('refuses a builder that tests a value against null, zero, the empty string or a boolean', async () => {
    // Compiled with stand-ins that all pass `!== null`, `v.after !== null` froze the `id > ?`
    // branch: a call without a position then answered no rows at all.
    const afterOrAll = compiledByShape(
      (db, _shape: object, v: { after: number | null; limit: number }) =>
        db
          .selectFrom('users')
          .select('email')
          .$if(v.after !== null, (q) => q.where('id', '>', v.after!))
          .limit(v.limit),
      ['after', 'limit'],
    );
    await expect(afterOrAll(db, {}, { after: null, limit: 5 })).rejects.toThrow(/branches on a value/);
    const tests: ((v: unknown) => boolean)[] = [
      (v) => v === 0,
      (v) => v !== '',
      (v) => v === false,
      (v) => v === true,
    ];
    for (const test of tests) {
      const branching = compiledOnce(
        (db, email: string) =>
          db
            .selectFrom('users')
            .select('id')
            .$if(test(email), (q) => q.orderBy('id'))
            .where('email', '=', email),
        ['ann@example.com'],
      );
      await expect(branching(db, 'ann@example.com'), String(test)).rejects.toThrow(/branches on a value/);
    }
    // Kysely itself inlines a null or a boolean after `is`, so the SQL follows the value.
    const isValue = compiledOnce(
      (db, at: string | null) => db.selectFrom('users').select('id').where('last_login_at', 'is', at),
      [null],
    );
    await expect(isValue(db, null)).rejects.toThrow(/branches on a value/);
  });

  it('refuses, in tests, the first run that takes a branch on one particular value', async () => {
    // No stand-in is 'admin': the stand-ins' branch is compiled, and without a check on each
    // run an admin's call would be served it (its extra condition silently dropped).
    const onlyActiveAdmins = compiledOnce(
      (db, role: 'admin' | 'viewer') =>
        db
          .selectFrom('users')
          .select('email')
          .where('role', '=', role)
          .$if(role === 'admin', (q) => q.where('status', '=', sql.lit('active'))),
      ['viewer'],
    );
    expect(await onlyActiveAdmins(db, 'viewer')).toHaveLength(2);
    await expect(onlyActiveAdmins(db, 'admin')).rejects.toThrow(
      /branches on a value \(with this run's values the SQL differs\)/,
    );
    const limitedForViewers = compiledByShape(
      (db, _shape: object, v: { role: 'admin' | 'viewer' }) =>
        db
          .selectFrom('users')
          .select('email')
          .where('role', '=', v.role)
          .limit(sql.lit(v.role === 'viewer' ? 1 : 10)),
      ['role'],
    );
    expect(await limitedForViewers(db, {}, { role: 'admin' })).toHaveLength(1);
    await expect(limitedForViewers(db, {}, { role: 'viewer' })).rejects.toThrow(
      /this run's values the SQL differs/,
    );
  });

  it('refuses, in tests, two shapes that share a key but not their SQL', async () => {
    // A shape is keyed by its JSON, which writes every Set as {}: both shapes below would
    // share the query compiled for the first.
    const columns = compiledByShape(
      (db, shape: { columns: Set<'email' | 'name'> }, v: { id: number }) =>
        db
          .selectFrom('users')
          .select([...shape.columns])
          .where('id', '=', v.id),
      ['id'],
    );
    expect(await columns(db, { columns: new Set(['email']) }, { id: ids[0]! })).toEqual([
      { email: 'ann@example.com' },
    ]);
    await expect(columns(db, { columns: new Set(['name']) }, { id: ids[0]! })).rejects.toThrow(
      /this run's values the SQL differs/,
    );
  });

  it('refuses a builder that computes a parameter from a value, or reads one', async () => {
    const clamped = compiledByShape(
      (db, _shape: object, v: { limit: number }) =>
        db
          .selectFrom('users')
          .select('email')
          .limit(v.limit > 100 ? 100 : v.limit),
      ['limit'],
    );
    await expect(clamped(db, {}, { limit: 5 })).rejects.toThrow(/computes a parameter from a value/);
    const lowered = compiledByShape(
      (db, _shape: object, v: { email: string }) =>
        db.selectFrom('users').select('id').where('email', '=', v.email.toLowerCase()),
      ['email'],
    );
    await expect(lowered(db, {}, { email: 'ANN@example.com' })).rejects.toThrow(/must not read values/);
  });

  it('gives a handle with a Kysely plugin the rows the plugin makes', async () => {
    // Raw rows would skip the plugin's transformResult: snake_case keys instead of camelCase.
    const camel = db.withPlugin(new CamelCasePlugin());
    const id = ids[0]!;
    const profile = await findProfileById(camel, id);
    expect(profile).toMatchObject({ id, name: 'Ann Admin', lastLoginAt: null });
    expect(profile).not.toHaveProperty('last_login_at');
    expect(await findProfileById(camel, id)).toEqual(profile);
  });

  it('answers the same rows as Kysely, before and after, whichever way the statement runs', async () => {
    const id = ids[2]!;
    const byKysely = () =>
      db.selectFrom('users').select(PROFILE_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
    const expected = await byKysely();
    expect(expected).toMatchObject({ id, name: 'Cat Viewer', status: 'disabled', last_login_at: null });
    expect(await findProfileById(db, id)).toEqual(expected);
    // The same SQL through Kysely afterwards (inside a transaction it always goes that way).
    expect(await byKysely()).toEqual(expected);
    expect(await db.transaction().execute((trx) => findProfileById(trx, id))).toEqual(expected);
  });

  it('answers a `select *` with the columns the table has now, after it changed', async () => {
    interface Shifting {
      shifting: { id: number; legacy?: string; role: string; status: string };
    }
    await sql`create table shifting (id integer primary key, legacy text, role text, status text)`.execute(
      db,
    );
    await sql`insert into shifting values (1, 'old', 'viewer', 'active')`.execute(db);
    const everything = compiledOnce(
      (db, id: number) =>
        (db as unknown as Kysely<Shifting>).selectFrom('shifting').selectAll().where('id', '=', id),
      [0],
    );
    expect(await everything(db, 1)).toEqual([{ id: 1, legacy: 'old', role: 'viewer', status: 'active' }]);
    // The cached statement is prepared again by SQLite itself, and `*` now has one column less.
    await sql`alter table shifting drop column legacy`.execute(db);
    expect(await everything(db, 1)).toEqual([{ id: 1, role: 'viewer', status: 'active' }]);
  });

  it('never shows a read the writes of a transaction that is still open, or was rolled back', async () => {
    const id = ids[1]!;
    let readBeside: Promise<string | undefined> | undefined;
    const rolledBack = inTransaction(db, async (trx) => {
      await trx.updateTable('users').set({ name: 'Uncommitted' }).where('id', '=', id).execute();
      // Another request's read while this transaction is open and has written.
      readBeside = findProfileById(db, id).then((row) => row?.name);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await readBeside).toBe('Bob Viewer');
    expect((await findProfileById(db, id))?.name).toBe('Bob Viewer');
  });

  it('builds afresh inside a transaction, where the handle differs on every call', async () => {
    const inside = await db
      .transaction()
      .execute((trx) => emails(trx, { byRole: true }, { role: 'admin', limit: 5 }));
    expect(inside.map((r) => r.email)).toEqual(['ann@example.com']);
  });
});

describe('the fast path on a handle with plugins', () => {
  it('is refused where createDb turns it on', async () => {
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
      plugins: [new CamelCasePlugin()],
    });
    try {
      expect(() => enableFastPath(db)).toThrow(
        /cannot serve a Kysely instance with plugins \(CamelCasePlugin\)/,
      );
      expect(hasFastPath(db)).toBe(false);
      enableFastPath(db.withoutPlugins());
    } finally {
      await db.destroy();
    }
  });
});
