import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, failure, success } from '../support/http.js';

describe(`HTTP edges on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const postRaw = (payload: string | Buffer, contentType?: string) =>
    t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload,
      headers: contentType ? { 'content-type': contentType } : {},
    });
  // Everyone but the signed-in admin that t.inject acts as.
  const count = async () =>
    (success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users' })).meta?.total ?? 0) - 1;

  describe('request bodies', () => {
    it('answers 400 bad_request for malformed JSON', async () => {
      const body = failure(await postRaw('{"name": "Ada", "email": ', 'application/json'), 400);
      expect(body).toEqual({
        status: 'error',
        data: null,
        message: 'The request body is not valid JSON',
        code: 'bad_request',
      });
    });

    it('answers 400 for an empty JSON body', async () => {
      expect(failure(await postRaw('', 'application/json'), 400).code).toBe('bad_request');
    });

    it('answers 413 payload_too_large above 1 MiB and accepts a body just under it', async () => {
      const filler = (size: number) =>
        JSON.stringify({ name: 'Big', email: 'big@example.com', pad: 'x'.repeat(size) });
      const over = filler(1024 * 1024);
      expect(Buffer.byteLength(over)).toBeGreaterThan(1024 * 1024);
      expect(failure(await postRaw(over, 'application/json'), 413).code).toBe('payload_too_large');
      // Under the limit the body is read and judged: "pad" is not a field.
      const under = filler(1024 * 1024 - 200);
      expect(Buffer.byteLength(under)).toBeLessThanOrEqual(1024 * 1024);
      expect(failure(await postRaw(under, 'application/json'), 422).errors).toHaveProperty('pad');
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data'])(
      'answers 415 for a %s body and creates nothing',
      async (type) => {
        const res = await postRaw('name=Ada&email=ada@example.com', type);
        expect(failure(res, 415).code).toBe('unsupported_media_type');
        expect(await count()).toBe(0);
      },
    );

    it('accepts JSON with a charset', async () => {
      const res = await postRaw(
        JSON.stringify({ name: 'Zoë', email: 'zoe@example.com' }),
        'application/json; charset=utf-8',
      );
      expect(res.statusCode).toBe(201);
    });
  });

  describe('routing', () => {
    it('answers an unknown route with the 404 envelope', async () => {
      const body = failure(await t.inject({ method: 'GET', url: '/api/v1/nothing?x=1' }), 404);
      expect(body).toEqual({
        status: 'error',
        data: null,
        message: 'Route GET /api/v1/nothing not found',
        code: 'not_found',
      });
    });

    it.each([
      ['DELETE', '/api/v1/users/', 'GET, HEAD, POST'],
      ['PUT', '/api/v1/users', 'GET, HEAD, POST'],
      ['POST', '/api/v1/users/1', 'GET, HEAD, PUT, PATCH, DELETE'],
      ['DELETE', '/users/', 'GET, HEAD, POST'],
      ['POST', '/healthz', 'GET, HEAD'],
    ])('answers %s %s with 405 and Allow: %s', async (method, url, allow) => {
      const res = await t.inject({ method, url });
      expect(failure(res, 405).code).toBe('method_not_allowed');
      expect(res.headers.allow).toBe(allow);
    });

    it('asks a caller with no token to sign in before telling which methods an API path serves', async () => {
      const stranger = await t.app.inject({ method: 'PUT', url: '/api/v1/audit-events' });
      expect(failure(stranger, 401).code).toBe('unauthorized');
      expect(stranger.headers.allow).toBeUndefined();
      const open = await t.app.inject({ method: 'GET', url: '/api/v1/auth/login' });
      expect(failure(open, 405).code).toBe('method_not_allowed');
    });

    it('answers with and without a trailing slash directly, never redirecting', async () => {
      const user = await createUser(t, { name: 'Slash', email: 'slash@example.com' });
      for (const url of ['/api/v1/users', '/api/v1/users/', `/api/v1/users/${user.id}/`, '/healthz/']) {
        const res = await t.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers.location).toBeUndefined();
      }
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/users/',
        payload: { name: 'Two', email: 'two@example.com' },
      });
      expect(res.statusCode).toBe(201);
    });

    it("serves the seed's own calls at /users/ unchanged", async () => {
      const created = await t.inject({
        method: 'POST',
        url: '/users/',
        payload: { name: 'Seed Client', email: 'seed@example.com' },
      });
      expect(created.statusCode).toBe(201);
      const user = success<User>(created).data;
      expect(created.headers.location).toBe(`/api/v1/users/${user.id}`);

      const fetched = await t.inject({ method: 'GET', url: `/users/${user.id}` });
      expect(success<User>(fetched).data).toEqual(user);
      const listed = await t.inject({ method: 'GET', url: '/users/' });
      expect(success<User[]>(listed).data).toContainEqual(user);

      const updated = await t.inject({
        method: 'PUT',
        url: `/users/${user.id}`,
        payload: { name: 'Renamed' },
      });
      expect(success<User>(updated)).toMatchObject({ message: 'User updated', data: { name: 'Renamed' } });

      const deleted = await t.inject({ method: 'DELETE', url: `/users/${user.id}` });
      expect(success<User>(deleted)).toMatchObject({ message: 'User deleted', data: { id: user.id } });
      expect(failure(await t.inject({ method: 'GET', url: `/users/${user.id}` }), 404).code).toBe(
        'not_found',
      );
    });

    it('answers a URL that cannot be decoded with the 400 envelope', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/users/%zz' });
      expect(failure(res, 400).code).toBe('bad_request');
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    });

    it('answers an over-long path parameter with the envelope, not a bare Fastify error', async () => {
      const res = await t.inject({ method: 'GET', url: `/api/v1/users/${'1'.repeat(150)}` });
      expect(failure(res, 414).message).toBe('The URL is too long');
    });
  });

  describe('X-Request-Id', () => {
    const requestId = async (sent?: string, url = '/healthz') => {
      const res = await t.inject({
        method: 'GET',
        url,
        headers: sent === undefined ? {} : { 'x-request-id': sent },
      });
      return res.headers['x-request-id'] as string;
    };
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it.each(['abc', 'A.b_C-9', 'x'.repeat(128), '0'])('keeps a valid incoming id: %s', async (id) => {
      expect(await requestId(id)).toBe(id);
    });

    it.each(['', 'has space', 'semi;colon', 'ü', 'x'.repeat(129), '<script>'])(
      'replaces an invalid incoming id: %j',
      async (id) => {
        expect(await requestId(id)).toMatch(UUID);
      },
    );

    it('makes a fresh id for each request that sends none, on errors too', async () => {
      const a = await requestId();
      const b = await requestId(undefined, '/api/v1/nothing');
      expect(a).toMatch(UUID);
      expect(b).toMatch(UUID);
      expect(a).not.toBe(b);
      expect(await requestId('kept-on-404', '/api/v1/nothing')).toBe('kept-on-404');
    });
  });
});
