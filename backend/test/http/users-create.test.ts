import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, failure, success } from '../support/http.js';

describe(`creating users on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (payload: unknown) =>
    t.inject({ method: 'POST', url: '/api/v1/users', payload: payload as object });
  const refused = async (payload: unknown, field: string) => {
    const body = failure(await post(payload), 422);
    expect(body.code).toBe('validation_error');
    expect(Object.keys(body.errors ?? {})).toContain(field);
    return body;
  };

  it('answers 201 with the user, a Location, an ETag and "User created"', async () => {
    const res = await post({ name: 'Grace Hopper', email: 'grace@example.com' });
    expect(res.statusCode).toBe(201);
    const body = success<User>(res);
    expect(body.message).toBe('User created');
    expect(body.data).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      role: 'viewer',
      status: 'active',
      last_login_at: null,
      version: 1,
    });
    expect(body.data.created_at).toBe(body.data.updated_at);
    expect(new Date(body.data.created_at).toISOString()).toBe(body.data.created_at);
    expect(res.headers.location).toBe(`/api/v1/users/${body.data.id}`);
    expect(res.headers.etag).toBe('"1"');

    const fetched = await t.inject({ method: 'GET', url: res.headers.location });
    expect(success<User>(fetched).data).toEqual(body.data);
  });

  it('takes role and status when given', async () => {
    const user = await createUser(t, {
      name: 'Boss',
      email: 'boss@example.com',
      role: 'admin',
      status: 'disabled',
    });
    expect(user).toMatchObject({ role: 'admin', status: 'disabled' });
  });

  it('stores the name trimmed and the email trimmed and lower-cased', async () => {
    const user = await createUser(t, { name: '   Ada Lovelace  ', email: '  Ada.LOVELACE@Example.COM ' });
    expect(user).toMatchObject({ name: 'Ada Lovelace', email: 'ada.lovelace@example.com' });
    const list = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?q=lovelace' }));
    expect(list.data).toEqual([user]);
  });

  it.each([
    ['NUL', 'Ada\u0000Lovelace'],
    ['a newline', 'Ada\nLovelace'],
    ['a tab', 'Ada\tLovelace'],
    ['escape', 'Ada\u001b[31m'],
    ['DEL', 'Ada\u007f'],
  ])('refuses a name holding %s', async (_label, name) => {
    await refused({ name, email: 'ada@example.com' }, 'name');
  });

  it('counts the name length in code points: 100 are fine, 101 are not', async () => {
    const hundred = '😀'.repeat(100); // 200 UTF-16 units
    expect((await createUser(t, { name: hundred, email: 'smile@example.com' })).name).toBe(hundred);
    const body = await refused({ name: 'é'.repeat(101), email: 'e@example.com' }, 'name');
    expect(body.errors?.name).toEqual(['must be 1 to 100 characters']);
  });

  it('refuses a name that is empty or blank once trimmed', async () => {
    await refused({ name: '', email: 'a@example.com' }, 'name');
    await refused({ name: '   ', email: 'a@example.com' }, 'name');
  });

  it.each([
    'admin@localhost',
    'first.last+tag@sub.example.co.uk',
    "o'brien!#$%&*/=?^_`{|}~-@example.com",
    'a@b-c.d',
    'x@123.example',
  ])('accepts %s, as HTML email inputs do', async (email) => {
    expect((await createUser(t, { name: 'Valid', email })).email).toBe(email.toLowerCase());
  });

  it.each([
    'plainaddress',
    '@example.com',
    'a@',
    'a@@example.com',
    'a@b@example.com',
    'a b@example.com',
    'a@-example.com',
    'a@example-.com',
    'a@example..com',
    'a@example.com.',
    '"quoted"@example.com',
    'иван@example.com',
    'a@exam_ple.com',
    `a@${'x'.repeat(64)}.com`,
  ])('refuses %s, as HTML email inputs do', async (email) => {
    await refused({ name: 'Invalid', email }, 'email');
  });

  it('accepts an email of 254 characters and refuses one of 255', async () => {
    const local = 'a'.repeat(64);
    const domain = (last: number) => `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(last)}`;
    const longest = `${local}@${domain(61)}`;
    expect(longest).toHaveLength(254);
    expect((await createUser(t, { name: 'Long', email: longest })).email).toBe(longest);
    const tooLong = `${local}@${domain(62)}`;
    expect(tooLong).toHaveLength(255);
    const body = await refused({ name: 'Longer', email: tooLong }, 'email');
    expect(body.errors?.email).toEqual(['must be at most 254 characters']);
  });

  it('names unknown fields in a 422 and creates nothing', async () => {
    const body = await refused(
      { name: 'Eve', email: 'eve@example.com', is_admin: true, nickname: 'x' },
      'is_admin',
    );
    expect(body.errors).toEqual({
      is_admin: ['is not a known field'],
      nickname: ['is not a known field'],
    });
    const list = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?q=eve' }));
    expect(list.meta?.total).toBe(0);
  });

  it('names missing and mistyped fields', async () => {
    const missing = await refused({}, 'name');
    expect(missing.errors).toEqual({ name: ['is required'], email: ['is required'] });
    const mistyped = await refused({ name: 5, email: 'a@example.com', role: 'owner' }, 'name');
    expect(mistyped.errors).toEqual({
      name: ['must be string'],
      role: ['must be one of: viewer, manager, admin'],
    });
  });

  it('refuses a body that is not an object', async () => {
    const body = await refused(['Ada', 'ada@example.com'], 'body');
    expect(body.errors).toEqual({ body: ['must be object'] });
  });

  it('answers 409 for an email that is taken, in any case', async () => {
    await createUser(t, { name: 'First', email: 'taken@example.com' });
    for (const email of ['taken@example.com', 'TAKEN@Example.Com', '  Taken@example.com ']) {
      const body = failure(await post({ name: 'Second', email }), 409);
      expect(body).toMatchObject({ code: 'conflict', message: 'A user with this email already exists' });
    }
  });

  it('lets exactly one of two concurrent creates with the same email win', async () => {
    const [a, b] = await Promise.all([
      post({ name: 'Racer One', email: 'race@example.com' }),
      post({ name: 'Racer Two', email: 'RACE@example.com' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(failure(loser, 409).code).toBe('conflict');
    const list = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?q=race' }));
    expect(list.data.map((u) => u.email)).toEqual(['race@example.com']);
  });
});
