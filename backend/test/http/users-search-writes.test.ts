import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { insertUsers } from '../support/users.js';

// The FTS5 index is SQLite's; PostgreSQL's pg_trgm index has no segments to look at.
describe.runIf(dialect === 'sqlite')('what an edit writes to the search index on sqlite', () => {
  let t: TestApp;
  let id: number;
  beforeAll(async () => {
    t = await buildTestApp();
    [id] = (await insertUsers(t.app.db, [{ name: 'Index Watch', email: 'watch@example.com' }])) as [number];
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every row of the index's storage: any write to the index changes it. */
  const indexPages = async () =>
    (
      await sql<{ id: number; block: Buffer }>`select id, block from users_search_data order by id`.execute(
        t.app.db,
      )
    ).rows;
  const patch = (body: object) =>
    t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: { 'if-match': '*' }, payload: body });
  const found = async (q: string) =>
    (await t.inject({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent(q)}` }))
      .json<{
        data: { id: number }[];
      }>()
      .data.map((u) => u.id);

  it('leaves the index alone when neither name nor email changes', async () => {
    const before = await indexPages();
    expect((await patch({ role: 'manager' })).statusCode).toBe(200);
    expect((await patch({ status: 'disabled' })).statusCode).toBe(200);
    expect(await indexPages()).toEqual(before);
    expect(await found('index watch')).toEqual([id]);
  });

  it('rewrites it when the name changes, so the new name is found and the old is not', async () => {
    const before = await indexPages();
    expect((await patch({ name: 'Renamed Watch' })).statusCode).toBe(200);
    expect(await indexPages()).not.toEqual(before);
    expect(await found('renamed watch')).toEqual([id]);
    expect(await found('index watch')).toEqual([]);
  });
});
