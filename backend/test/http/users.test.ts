import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';

describe(`users API on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const create = (body: unknown, url = '/api/v1/users') =>
    t.inject({ method: 'POST', url, payload: body as object });

  it('creates a user with a Location header, trimming the name and lower-casing the email', async () => {
    const res = await create({ name: '  Ada Lovelace ', email: ' Ada@Example.COM ' });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ data: { id: number } }>();
    expect(body).toMatchObject({
      status: 'success',
      message: 'User created',
      data: { name: 'Ada Lovelace', email: 'ada@example.com', role: 'viewer', status: 'active', version: 1 },
    });
    expect(res.headers.location).toBe(`/api/v1/users/${body.data.id}`);
  });
});
