import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, failure, success } from '../support/http.js';

describe.each(['PUT', 'PATCH'] as const)(`%s /api/v1/users/:id on ${dialect}`, (method) => {
  let t: TestApp;
  let user: User;
  beforeEach(async () => {
    t = await buildTestApp();
    user = await createUser(t, { name: 'Ada Lovelace', email: 'ada@example.com' });
  });
  afterEach(async () => {
    await t.close();
  });

  const update = (payload: unknown, headers: Record<string, string> = {}, id = user.id) =>
    t.inject({ method, url: `/api/v1/users/${id}`, payload: payload as object, headers });
  const stored = async () =>
    success<User>(await t.inject({ method: 'GET', url: `/api/v1/users/${user.id}` })).data;

  it('changes only the fields given and answers the new version with its ETag', async () => {
    const res = await update({ role: 'manager' });
    expect(res.statusCode, res.body).toBe(200);
    const body = success<User>(res);
    expect(body.message).toBe('User updated');
    expect(body.data).toEqual({
      ...user,
      role: 'manager',
      version: 2,
      updated_at: body.data.updated_at,
    });
    expect(body.data.updated_at >= user.updated_at).toBe(true);
    expect(res.headers.etag).toBe('"2"');
    expect(await stored()).toEqual(body.data);
  });

  it('trims the name and lower-cases the email, as on create', async () => {
    const body = success<User>(await update({ name: '  Countess  ', email: ' Countess@Example.ORG ' }));
    expect(body.data).toMatchObject({ name: 'Countess', email: 'countess@example.org', version: 2 });
  });

  it('finds the user by the new name once it changed', async () => {
    await update({ name: 'Ключ' });
    const list = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?q=ключ' }));
    expect(list.data.map((u) => u.id)).toEqual([user.id]);
    const old = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?q=lovelace' }));
    expect(old.data).toEqual([]);
  });

  it('refuses an empty body with a 422 and changes nothing', async () => {
    const body = failure(await update({}), 422);
    expect(body).toMatchObject({ code: 'validation_error', message: 'Nothing to update' });
    expect(body.errors).toHaveProperty('body');
    expect(await stored()).toEqual(user);
  });

  it('refuses unknown and invalid fields, naming them', async () => {
    const body = failure(await update({ version: 9, email: 'not-an-email', name: 'ok' }), 422);
    expect(Object.keys(body.errors ?? {}).sort()).toEqual(['email', 'version']);
    expect(await stored()).toEqual(user);
  });

  it('answers 409 when the new email belongs to someone else, in any case', async () => {
    await createUser(t, { name: 'Other', email: 'other@example.com' });
    expect(failure(await update({ email: 'OTHER@example.com' }), 409).code).toBe('conflict');
    expect(await stored()).toEqual(user);
  });

  it('lets a user keep their own email', async () => {
    const res = await update({ email: 'ADA@example.com', name: 'Ada' });
    expect(success<User>(res).data).toMatchObject({ email: 'ada@example.com', name: 'Ada', version: 2 });
  });

  it('answers 404 for a missing user and 422 for a bad id', async () => {
    expect(failure(await update({ name: 'X' }, {}, 999), 404).code).toBe('not_found');
    const bad = await t.inject({ method, url: '/api/v1/users/abc', payload: { name: 'X' } });
    expect(failure(bad, 422).errors).toHaveProperty('id');
  });

  describe('with If-Match', () => {
    it('applies the change when the tag matches the current version', async () => {
      const res = await update({ status: 'disabled' }, { 'if-match': '"1"' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(success<User>(res).data.status).toBe('disabled');
    });

    it('matches any of several tags', async () => {
      const res = await update({ status: 'disabled' }, { 'if-match': '"7", "1"' });
      expect(res.statusCode).toBe(200);
    });

    it('answers 412 for a stale tag and leaves the row unchanged', async () => {
      await update({ role: 'admin' }); // version 2 now
      const before = await stored();
      for (const tag of ['"1"', '"3"', 'W/"2"', 'garbage']) {
        const body = failure(await update({ name: 'Overwritten' }, { 'if-match': tag }), 412);
        expect(body.code).toBe('precondition_failed');
      }
      expect(await stored()).toEqual(before);
    });

    it('matches any existing user with *', async () => {
      await update({ role: 'admin' });
      const res = await update({ role: 'viewer' }, { 'if-match': '*' });
      expect(success<User>(res).data).toMatchObject({ role: 'viewer', version: 3 });
    });

    it('answers 404 for a missing user whatever the header', async () => {
      for (const tag of ['*', '"1"', '"999"']) {
        expect(failure(await update({ name: 'X' }, { 'if-match': tag }, 999), 404).code).toBe('not_found');
      }
    });

    it('lets only one of two writers holding the same tag win', async () => {
      const [a, b] = await Promise.all([
        update({ name: 'Writer A' }, { 'if-match': '"1"' }),
        update({ name: 'Writer B' }, { 'if-match': '"1"' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
      const winner = success<User>(a.statusCode === 200 ? a : b).data;
      expect(await stored()).toEqual(winner);
      expect(winner.version).toBe(2);
    });
  });

  it('lets the last write win without If-Match, bumping the version each time', async () => {
    const answers = await Promise.all(['One', 'Two', 'Three'].map((name) => update({ name })));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const versions = answers.map((r) => success<User>(r).data.version).sort();
    expect(versions).toEqual([2, 3, 4]);
    expect((await stored()).version).toBe(4);
  });
});
