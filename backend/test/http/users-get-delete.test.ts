import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, failure, success } from '../support/http.js';

describe(`getting and deleting a user on ${dialect}`, () => {
  let t: TestApp;
  let user: User;
  beforeEach(async () => {
    t = await buildTestApp();
    user = await createUser(t, { name: 'Alan Turing', email: 'alan@example.com' });
  });
  afterEach(async () => {
    await t.close();
  });

  const get = (id: number | string = user.id) => t.inject({ method: 'GET', url: `/api/v1/users/${id}` });
  const remove = (headers: Record<string, string> = {}, id = user.id) =>
    t.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers });

  it('answers one user with a strong ETag made from its version', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(success<User>(res)).toEqual({ status: 'success', data: user, message: null });
    expect(res.headers.etag).toBe('"1"');
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { role: 'admin' } });
    expect((await get()).headers.etag).toBe('"2"');
  });

  it('answers 404 in the envelope for a user that does not exist', async () => {
    const body = failure(await get(12345), 404);
    expect(body).toEqual({ status: 'error', data: null, message: 'User not found', code: 'not_found' });
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999'])('answers 422 naming id for id %s', async (id) => {
    const body = failure(await get(id), 422);
    expect(Object.keys(body.errors ?? {})).toEqual(['id']);
  });

  it('deletes with 200, answering the deleted user and "User deleted"', async () => {
    const res = await remove();
    expect(res.statusCode).toBe(200);
    expect(success<User>(res)).toEqual({ status: 'success', data: user, message: 'User deleted' });
    expect(failure(await get(), 404).code).toBe('not_found');
    expect(failure(await remove(), 404).code).toBe('not_found');
  });

  it('deletes when If-Match holds the current version or *', async () => {
    const other = await createUser(t, { name: 'Other', email: 'other@example.com' });
    expect((await remove({ 'if-match': '"1"' })).statusCode).toBe(200);
    expect((await remove({ 'if-match': '*' }, other.id)).statusCode).toBe(200);
  });

  it('answers 412 for a stale If-Match and keeps the user', async () => {
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { role: 'admin' } });
    const body = failure(await remove({ 'if-match': '"1"' }), 412);
    expect(body.code).toBe('precondition_failed');
    expect(success<User>(await get()).data).toMatchObject({ role: 'admin', version: 2 });
  });

  it('answers 404 for a missing user whatever If-Match says', async () => {
    expect(failure(await remove({ 'if-match': '*' }, 999), 404).code).toBe('not_found');
    expect(failure(await remove({ 'if-match': '"1"' }, 999), 404).code).toBe('not_found');
  });

  it('keeps the email of a deleted user reserved until it is purged or reused on purpose', async () => {
    await remove();
    const taken = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'Alan Again', email: 'ALAN@example.com' },
    });
    expect(failure(taken, 409).message).toMatch(/recycle bin/);
    const again = await createUser(t, {
      name: 'Alan Again',
      email: 'alan@example.com',
      reuse_deleted_email: true,
    });
    expect(again.id).not.toBe(user.id);
  });
});
