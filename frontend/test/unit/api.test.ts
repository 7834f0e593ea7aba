import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api, ApiError, isAbort, parseRetryAfter, queryString } from '../../src/api.ts';
import { ConsoleClient } from '../../src/client.ts';
import { fail, ok, serve, type Seen, type TestServer } from './http-stub.ts';

const REFRESH = '/api/v1/auth/refresh';

describe('api.ts over real HTTP', () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });

  it('unwraps the envelope: data, message, page meta and the ETag', async () => {
    server = await serve(() => ({
      ...ok([{ id: 1 }], { message: 'Here', meta: { page: 2, per_page: 1, total: 3, pages: 3 } }),
      headers: { ETag: '"4"' },
    }));
    const reply = await new Api({ baseUrl: server.baseUrl }).request('GET', '/api/v1/users');
    expect(reply).toEqual({
      data: [{ id: 1 }],
      message: 'Here',
      meta: { page: 2, per_page: 1, total: 3, pages: 3 },
      etag: '"4"',
      status: 200,
    });
  });

  it('sends JSON with its content type, the bearer token, and the query without empty values', async () => {
    server = await serve(() => ok(null));
    const api = new Api({ baseUrl: server.baseUrl });
    api.setToken('t0ken');
    await api.request('PATCH', '/api/v1/users/3', {
      body: { name: 'Ada' },
      query: { q: 'a b', role: '', page: 2, status: undefined },
      headers: { 'If-Match': '"1"' },
    });
    const [sent] = server.seen as [Seen];
    expect(sent.method).toBe('PATCH');
    expect(sent.url).toBe('/api/v1/users/3?q=a+b&page=2');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers.authorization).toBe('Bearer t0ken');
    expect(sent.headers['if-match']).toBe('"1"');
    expect(JSON.parse(sent.body)).toEqual({ name: 'Ada' });
  });

  it('sends no content type and no token when there is neither body nor sign-in', async () => {
    server = await serve(() => ok(null));
    await new Api({ baseUrl: server.baseUrl }).request('DELETE', '/api/v1/users/3', { noRefresh: true });
    const [sent] = server.seen as [Seen];
    expect(sent.headers['content-type']).toBeUndefined();
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toBe('');
  });

  it('throws an ApiError with status, code, field errors and the request id', async () => {
    server = await serve(() =>
      fail(422, 'validation_error', 'Validation failed', {
        headers: { 'X-Request-Id': 'req-42' },
        body: { errors: { email: ['is taken'] } },
      }),
    );
    const error = await new Api({ baseUrl: server.baseUrl })
      .request('POST', '/api/v1/users', { body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_error',
      message: 'Validation failed',
      fieldErrors: { email: ['is taken'] },
      requestId: 'req-42',
      retryAfter: null,
    });
  });

  it('reads Retry-After on a lockout', async () => {
    server = await serve(() =>
      fail(429, 'rate_limited', 'Too many failed sign-ins', { headers: { 'Retry-After': '120' } }),
    );
    const error = await new Api({ baseUrl: server.baseUrl })
      .request('POST', '/api/v1/auth/login', { body: {}, noRefresh: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 120 });
  });

  it('turns an answer that is not the envelope (a proxy error page) into an ApiError', async () => {
    server = await serve(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    const error = await new Api({ baseUrl: server.baseUrl })
      .request('GET', '/api/v1/users')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_error' });
    expect((error as Error).message).toMatch(/502/);
  });

  it('turns an unreachable server into a network ApiError with status 0', async () => {
    server = await serve(() => ok(null));
    const baseUrl = server.baseUrl;
    await server.close();
    const error = await new Api({ baseUrl }).request('GET', '/api/v1/users').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    server = await serve(() => ok(null)); // for afterEach
  });

  it('lets an abort through as an abort, not as an error to show', async () => {
    server = await serve(() => ({ ...ok(null), delayMs: 200 }));
    const controller = new AbortController();
    const pending = new Api({ baseUrl: server.baseUrl }).request('GET', '/api/v1/users', {
      signal: controller.signal,
    });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
  });

  describe('on a 401', () => {
    // The server accepts only the token its last refresh handed out.
    function authServer(options: { refreshWorks?: boolean } = {}) {
      let issued = 0;
      return serve((request) => {
        if (request.url === REFRESH) {
          if (options.refreshWorks === false) return fail(401, 'unauthorized', 'Invalid refresh token');
          issued += 1;
          return { ...ok({ access_token: `token-${issued}`, must_change_password: false }), delayMs: 30 };
        }
        if (request.headers.authorization !== `Bearer token-${issued}` || issued === 0) {
          return fail(401, 'unauthorized', 'Invalid or expired access token');
        }
        return ok({ path: request.url });
      });
    }

    it('renews the token once through the refresh cookie and retries', async () => {
      server = await authServer();
      const onRefreshed = vi.fn();
      const api = new Api({ baseUrl: server.baseUrl, onRefreshed });
      api.setToken('expired');
      const reply = await api.request('GET', '/api/v1/users');
      expect(reply.data).toEqual({ path: '/api/v1/users' });
      expect(server.seen.map((s) => s.url)).toEqual(['/api/v1/users', REFRESH, '/api/v1/users']);
      expect(server.seen[2]?.headers.authorization).toBe('Bearer token-1');
      expect(onRefreshed).toHaveBeenCalledWith({ access_token: 'token-1', must_change_password: false });
    });

    it('shares one renewal between requests refused at the same time', async () => {
      server = await authServer();
      const api = new Api({ baseUrl: server.baseUrl });
      api.setToken('expired');
      const replies = await Promise.all([1, 2, 3].map((n) => api.request('GET', `/api/v1/users/${n}`)));
      expect(replies.map((r) => r.data)).toEqual([1, 2, 3].map((n) => ({ path: `/api/v1/users/${n}` })));
      expect(server.seen.filter((s) => s.url === REFRESH)).toHaveLength(1);
    });

    it('runs the renewal under the lock it is given, so tabs take turns', async () => {
      server = await authServer();
      const locks: string[] = [];
      const api = new Api({
        baseUrl: server.baseUrl,
        lock: (name, task) => {
          locks.push(name);
          return task();
        },
      });
      await api.request('GET', '/api/v1/users');
      expect(locks).toEqual(['ums-refresh']);
    });

    it('gives up when the session cannot be renewed: throws the 401 and says the session ended', async () => {
      server = await authServer({ refreshWorks: false });
      const onSessionEnded = vi.fn();
      const api = new Api({ baseUrl: server.baseUrl, onSessionEnded });
      api.setToken('expired');
      const error = await api.request('GET', '/api/v1/users').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(onSessionEnded).toHaveBeenCalledTimes(1);
      expect(api.signedIn).toBe(false);
      expect(server.seen.map((s) => s.url)).toEqual(['/api/v1/users', REFRESH]);
    });

    it.each([401, 429])(
      'takes a renewal answered %i as a session that is gone: no error to show, the sign-in page instead',
      async (status) => {
        server = await serve((request) =>
          request.url === REFRESH
            ? fail(status, status === 429 ? 'rate_limited' : 'unauthorized', 'No', {
                headers: { 'Retry-After': '30' },
              })
            : fail(401, 'unauthorized', 'Invalid or expired access token'),
        );
        const onSessionEnded = vi.fn();
        const api = new Api({ baseUrl: server.baseUrl, onSessionEnded });
        // At start the console renews first: false sends it to the sign-in page.
        expect(await new ConsoleClient(api).resume()).toBe(false);
        // Later, a refused request renews, fails, and says the session ended.
        api.setToken('expired');
        const error = await api.request('GET', '/api/v1/users').catch((e: unknown) => e);
        expect(error).toMatchObject({ status: 401 });
        expect(onSessionEnded).toHaveBeenCalledTimes(1);
        expect(api.signedIn).toBe(false);
      },
    );

    it('retries only once: a second 401 after a renewal ends the session', async () => {
      server = await serve((request) =>
        request.url === REFRESH
          ? ok({ access_token: 'fresh' })
          : fail(401, 'unauthorized', 'This account is disabled'),
      );
      const onSessionEnded = vi.fn();
      const api = new Api({ baseUrl: server.baseUrl, onSessionEnded });
      const error = await api.request('GET', '/api/v1/users').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401, message: 'This account is disabled' });
      expect(server.seen.map((s) => s.url)).toEqual(['/api/v1/users', REFRESH, '/api/v1/users']);
      expect(onSessionEnded).toHaveBeenCalledTimes(1);
    });

    it('does not renew for the sign-in call itself: a wrong password is the answer', async () => {
      server = await authServer();
      const onSessionEnded = vi.fn();
      const api = new Api({ baseUrl: server.baseUrl, onSessionEnded });
      const error = await api
        .request('POST', '/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' }, noRefresh: true })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401 });
      expect(server.seen.map((s) => s.url)).toEqual(['/api/v1/auth/login']);
      expect(onSessionEnded).not.toHaveBeenCalled();
    });
  });
});

describe('request helpers', () => {
  it('builds a query string from the values that are set', () => {
    expect(queryString({ a: 'x y', b: '', c: null, d: undefined, e: 0, f: false })).toBe(
      '?a=x+y&e=0&f=false',
    );
    expect(queryString({})).toBe('');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
