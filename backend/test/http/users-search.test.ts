import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { searchKey } from '../../src/services/user-fields.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { success } from '../support/http.js';
import { insertUsers } from '../support/users.js';

// Names and emails as the API stores them (emails lower-cased): scripts, accents, wildcards,
// quotes, repeated spaces, and characters outside the BMP.
const PEOPLE: [string, string][] = [
  ['Ann Lee', 'ann@example.com'],
  ['Joanna Annan', 'joanna@example.org'],
  ['Иван Петров', 'ivan@example.com'],
  ['ИВАНОВА Анна', 'ivanova@example.ru'],
  ['Émile Zola', 'emile@example.fr'],
  ['émile ZOLA', 'zola2@example.fr'],
  ['Zoë Ünal', 'zoe@example.de'],
  ['Ærøskøbing Ål', 'aero@example.dk'],
  ['100% Sure', 'sure@example.com'],
  ['snake_case', 'snake@example.com'],
  ['back\\slash', 'slash@example.com'],
  ['Say "Hi" There', 'say@example.com'],
  ['O"Brien', 'obrien@example.ie'],
  ['Mixed CaSe', 'mixed@example.com'],
  ['double  space', 'double@example.com'],
  ['Ada Lovelace', 'ada@analytical.engine'],
  ['王小明', 'wang@example.cn'],
  ['🙂 Smile', 'smile@example.com'],
  ['Ωmega ΣΊΣΥΦΟΣ', 'sisyphus@example.gr'],
  ['İstanbul Öz', 'istanbul@example.tr'],
];

// Queries of 3+ characters go through the trigram index on SQLite; shorter ones do not.
const QUERIES = [
  ...['ann', 'an', 'a', 'n', 'ANN', 'aNn LeE', 'lee\nann'],
  ...['иван', 'ИВАН', 'ив', 'и', 'анна', 'Петров'],
  ...['émile', 'ÉMILE', 'émi', 'é', 'emile', 'zoë', 'ZOË', 'ü', 'øbing', 'æ', 'Å', 'İST', 'ist'],
  ...['σίσυφος', 'ΣΊΣΥΦΟΣ', 'σ', '王小', '小', '王小明', '🙂', '🙂 s'],
  ...['%', '100%', '1%e', '_', 'e_c', 'p_ain', '\\', 'k\\s', '\\\\'],
  ...['"', '"hi"', 'o"b', '""', 'say "hi" there', ' ', 'nn l', 'e  s', 'double  space', '  zola  '],
  ...['ada@analytical.engine', 'ADA@ANALYTICAL.ENGINE', '@example.com', '.com', 'xyz'],
];
// Those that match no one; every other query must find someone, or the comparison proves little.
const MATCH_NOBODY = ['1%e', 'p_ain', '\\\\', '""', 'xyz'];

describe(`searching users on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await insertUsers(
      t.app.db,
      PEOPLE.map(([name, email]) => ({ name, email })),
    );
  });
  afterEach(async () => {
    await t.close();
  });

  async function list(query: string) {
    const res = await t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    return success<User[]>(res);
  }
  const found = async (q: string) =>
    (await list(`q=${encodeURIComponent(q)}&per_page=100`)).data.map((u) => u.id).sort((a, b) => a - b);

  /** The ids a plain substring match of the lower-cased text finds, worked out here. */
  async function substringMatches(q: string): Promise<number[]> {
    const needle = q.trim().toLowerCase();
    const everyone = (await list('per_page=100')).data;
    return everyone
      .filter((u) => searchKey(u.name, u.email).includes(needle))
      .map((u) => u.id)
      .sort((a, b) => a - b);
  }

  it.each(QUERIES)('finds for %j exactly the users whose name or email contains it', async (q) => {
    const expected = await substringMatches(q);
    expect(await found(q)).toEqual(expected);
    expect((await list(`q=${encodeURIComponent(q)}`)).meta?.total).toBe(expected.length);
    expect(expected.length > 0, 'matches someone').toBe(!MATCH_NOBODY.includes(q));
  });

  it('answers a search with a NUL character in it without a server error', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/users?q=ann%00lee' });
    expect(res.statusCode, res.body).toBeLessThan(500);
  });

  describe('after changes', () => {
    const idOf = async (q: string) => (await found(q))[0]!;
    const patch = (id: number, payload: Record<string, unknown>) =>
      t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload });

    it('finds a renamed user by the new name and no longer by the old', async () => {
      const id = await idOf('ann lee');
      expect((await patch(id, { name: 'Zed Quux' })).statusCode).toBe(200);
      expect(await found('zed quux')).toEqual([id]);
      expect(await found('ann lee')).toEqual([]);
      expect(await found('ann@')).toEqual([id]);
    });

    it('finds a user by a new email and no longer by the old', async () => {
      const id = await idOf('ann lee');
      expect((await patch(id, { email: 'Quux@Elsewhere.NET' })).statusCode).toBe(200);
      expect(await found('quux@elsewhere')).toEqual([id]);
      expect(await found('ann@example')).toEqual([]);
    });

    it('no longer finds a deleted user', async () => {
      const id = await idOf('joanna');
      expect((await t.inject({ method: 'DELETE', url: `/api/v1/users/${id}` })).statusCode).toBe(200);
      expect(await found('joanna')).toEqual([]);
      expect(await found('annan')).toEqual([]);
    });

    it.runIf(dialect === 'sqlite')('keeps the trigram index equal to the table', async () => {
      const ann = await idOf('ann lee');
      await patch(ann, { name: 'Zed Quux', role: 'manager' });
      await patch(await idOf('joanna'), { status: 'disabled' });
      // For good: a user in the recycle bin keeps their row, and so their index entry, until the
      // purge (the list leaves them out by deleted_at).
      await t.inject({ method: 'DELETE', url: `/api/v1/users/${await idOf('王小明')}?purge=true` });
      await insertUsers(t.app.db, [{ name: 'Late Comer', email: 'late@example.com' }]);
      // With rank 1, FTS5 also checks an external-content index against its table's rows.
      await sql`insert into users_search (users_search, rank) values ('integrity-check', 1)`.execute(
        t.app.db,
      );
      const match = async (text: string) =>
        (
          await sql<{
            rowid: number;
          }>`select rowid from users_search where users_search match ${text}`.execute(t.app.db)
        ).rows.map((r) => r.rowid);
      expect(await match('"zed quux"')).toEqual([ann]);
      expect(await match('"ann lee"')).toEqual([]);
      expect(await match('"王小明"')).toEqual([]);
      expect(await match('"late comer"')).toHaveLength(1);
    });
  });
});
