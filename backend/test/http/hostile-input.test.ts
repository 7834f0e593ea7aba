import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_ERRORS } from '../../src/plugins/validation.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { failure } from '../support/http.js';
import { freePort } from '../support/ports.js';

const MiB = 1024 * 1024;

/** An object of as many members as fit in 1 MiB (at most `count`). */
function filled(member: (i: number) => string, count = Infinity): string {
  const members: string[] = [];
  let length = 2;
  for (let i = 0; i < count; i += 1) {
    const next = member(i);
    if (length + next.length + 1 > MiB) break;
    members.push(next);
    length += next.length + 1;
  }
  return `{${members.join(',')}}`;
}

/**
 * The worst bodies found: each about 1 MiB, each refused for its shape. The first three are
 * refused before they are parsed, which is what keeps their cost to reading the bytes once.
 */
const REFUSED_UNPARSED = new Map([
  ['ninety thousand unknown keys', 'has more than 1000 values'],
  ['half a million nested arrays', 'nests deeper than 16 levels'],
  ['nested objects', 'nests deeper than 16 levels'],
]);
const WORST_BODIES = {
  'ninety thousand unknown keys': filled((i) => `"${i.toString(36)}":1`),
  'half a million nested arrays': '['.repeat(MiB / 2 - 1) + ']'.repeat(MiB / 2 - 1),
  'nested objects': '{"a":'.repeat(MiB / 6 - 1) + '1' + '}'.repeat(MiB / 6 - 1),
  'a thousand kilobyte-long keys': filled((i) => `"${String(i).padStart(1045, 'k')}":1`, 999),
  'a megabyte of escaped quotes': `{"email":"${'\\"'.repeat(MiB / 2 - 20)}","password":"x"}`,
};

/** A prototype's names, which must be plain field names to the API. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe(`input that is refused for its shape, on ${dialect}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { LOGIN_RATE_LIMIT: '100000' } });
  });
  afterAll(async () => {
    await t.close();
  });

  for (const [name, payload] of Object.entries(WORST_BODIES)) {
    it(`answers ${name} with a small 422 on sign-in, the profile and user creation`, async () => {
      expect(payload.length).toBeGreaterThan(MiB - 8192);
      expect(payload.length).toBeLessThanOrEqual(MiB);
      for (const [method, url] of [
        ['POST', '/api/v1/auth/login'],
        ['PATCH', '/api/v1/auth/me'],
        ['POST', '/api/v1/users'],
      ] as const) {
        const res = await t.inject({ method, url, payload, headers: { 'content-type': 'application/json' } });
        const body = failure(res, 422);
        expect(body.code).toBe('validation_error');
        expect(res.body.length, `${method} ${url}`).toBeLessThan(4096);
        expect(Object.keys(body.errors ?? {}).length).toBeLessThanOrEqual(MAX_FIELD_ERRORS);
        const unparsed = REFUSED_UNPARSED.get(name);
        if (unparsed) expect(body.errors).toEqual({ body: [unparsed] });
      }
    });
  }

  it('names at most a capped number of fields and counts the rest', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `"extra${i}":1`).join(',');
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: `{${keys}}`,
      headers: { 'content-type': 'application/json' },
    });
    const body = failure(res, 422) as ReturnType<typeof failure> & { errors_omitted?: number };
    expect(Object.keys(body.errors!)).toHaveLength(MAX_FIELD_ERRORS);
    // email and password are missing, and 300 fields are unknown: 302 errors in all.
    expect(body.errors_omitted).toBe(302 - MAX_FIELD_ERRORS);
    expect(body.message).toBe(`Validation failed (${302 - MAX_FIELD_ERRORS} more errors not shown)`);
  });

  it('takes prototype names in a query string as unknown fields, on every list', async () => {
    const query = PROTOTYPE_NAMES.map((n) => `${n}=1`).join('&');
    for (const path of ['/api/v1/users', '/users/', '/api/v1/audit-events']) {
      const body = failure(await t.inject({ method: 'GET', url: `${path}?${query}` }), 422);
      for (const name of PROTOTYPE_NAMES) expect(body.errors?.[name]).toEqual(['is not a known field']);
    }
  });

  it('takes prototype names in a JSON body as unknown fields, and refuses __proto__ outright', async () => {
    const names = PROTOTYPE_NAMES.filter((n) => n !== '__proto__');
    const payload = `{"name":"Ada","email":"ada@example.com",${names.map((n) => `"${n}":"x"`).join(',')}}`;
    const headers = { 'content-type': 'application/json' };
    const body = failure(await t.inject({ method: 'POST', url: '/api/v1/users', payload, headers }), 422);
    for (const name of names) expect(body.errors?.[name]).toEqual(['is not a known field']);
    const poisoned = '{"name":"Ada","email":"ada@example.com","__proto__":{"role":"admin"}}';
    failure(await t.inject({ method: 'POST', url: '/api/v1/users', payload: poisoned, headers }), 400);
    failure(
      await t.inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        payload: '{"constructor":{"prototype":{"x":1}}}',
        headers,
      }),
      400,
    );
  });

  it('ignores prototype names as header names', async () => {
    const headers = Object.fromEntries(PROTOTYPE_NAMES.map((n) => [n, 'x']));
    const res = await t.inject({ method: 'GET', url: '/api/v1/users', headers });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe(`the cost of refusals to everyone else, on ${dialect}`, () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await buildTestApp({ env: { LOGIN_RATE_LIMIT: '100000' } });
    port = await freePort();
    await t.app.listen({ host: '127.0.0.1', port });
  });
  afterAll(async () => {
    await t.close();
  });

  function send(method: string, path: string, body?: string): Promise<{ status: number; size: number }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: body ? { 'content-type': 'application/json' } : {},
        },
        (res) => {
          let size = 0;
          res.on('data', (chunk: Buffer) => (size += chunk.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, size }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('keeps answering /healthz while the worst bodies arrive over the network', async () => {
    const hostile = Object.values(WORST_BODIES).flatMap((body) => [body, body, body]);
    const answers = await Promise.all([
      ...hostile.map((body) => send('POST', '/api/v1/auth/login', body)),
      ...hostile.map(() => send('GET', '/healthz')),
    ]);
    const refusals = answers.slice(0, hostile.length);
    const health = answers.slice(hostile.length);
    expect(refusals.every((a) => a.status === 422 && a.size < 4096)).toBe(true);
    expect(health.every((a) => a.status === 200)).toBe(true);
    expect((await send('GET', '/readyz')).status).toBe(200);
  });
});
