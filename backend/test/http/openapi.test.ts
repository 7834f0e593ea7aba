import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeForStatus, ERROR_CODES } from '../../src/plugins/errors.js';
import { SEED_COMPATIBILITY_TAG } from '../../src/plugins/openapi.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';

/**
 * The OpenAPI document against the OpenAPI 3.1 schema, and against the server: every header and
 * answer a route gives is in it. The routes are walked from the document itself, so a new
 * resource is covered without a list here (the groups routes, say).
 */

// The document is read as loose JSON on purpose: the assertions are the type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
interface Op {
  method: string;
  path: string;
  op: Json;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The document with every $ref replaced by what it names (the validator's own resolver). */
async function validated(document: Json): Promise<Json> {
  const validator = new Validator();
  const result = await validator.validate(document);
  expect(result.errors, JSON.stringify(result.errors, null, 2)?.slice(0, 3000)).toBeUndefined();
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
  return validator.resolveRefs();
}

function operations(document: Json): Op[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => m in item).map((method) => ({
      method: method.toUpperCase(),
      path,
      op: item[method],
    })),
  );
}

const headerParam = (op: Json, name: string) =>
  (op.parameters ?? []).find((p: Json) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
const what = ({ method, path }: Op) => `${method} ${path}`;
const exampleOf = (media: Json | undefined) => media?.example ?? media?.schema?.examples?.[0];

describe(`the OpenAPI document on ${dialect}`, () => {
  let t: TestApp;
  let raw: Json;
  let document: Json;
  let ops: Op[];

  beforeAll(async () => {
    t = await buildTestApp({ env: { BODY_LIMIT: '65536', LOGIN_RATE_LIMIT: '45' } });
    raw = (await t.app.inject({ url: '/api/openapi.json' })).json();
    document = await validated(raw);
    ops = operations(document);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is valid OpenAPI 3.1 and lists every route the app serves with a schema', () => {
    const pattern = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
    const documented = new Set(ops.map((o) => `${o.method} ${pattern(o.path)}`));
    // HEAD is GET's twin; the document itself is the one route left out of it.
    const served = t.app.apiRoutes
      .filter((r) => r.method !== 'HEAD' && r.path !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.path}`);
    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('states the limits this server was started with', () => {
    const text: string = document.info.description;
    expect(text).toContain('65536 bytes (BODY_LIMIT');
    expect(text).toContain('45 attempts a minute from one address (LOGIN_RATE_LIMIT)');
    expect(text).toMatch(/5 wrong passwords for one account within 15 minutes/);
    for (const [status, code] of Object.entries(ERROR_CODES)) expect(text).toContain(`\`${code}\` ${status}`);
  });

  it('gives every parameter a description and an example', () => {
    const parameters = ops.flatMap((o) => (o.op.parameters ?? []).map((p: Json) => ({ o, p })));
    expect(parameters.length).toBeGreaterThan(20);
    for (const { o, p } of parameters) {
      const where = `${what(o)} ${p.in} ${p.name}`;
      expect(p.description, where).toMatch(/\w/);
      expect(p.example ?? p.schema?.examples?.[0], where).toBeDefined();
    }
    const list = ops.find((o) => o.method === 'GET' && o.path === '/api/v1/users')!;
    const names = list.op.parameters.map((p: Json) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['q', 'per_page', 'cursor', 'sort', 'page', 'role', 'status']),
    );
  });

  it('gives every answer X-Request-Id, and every error its code and the headers its status carries', () => {
    for (const o of ops) {
      for (const [status, response] of Object.entries(o.op.responses as Json)) {
        const where = `${what(o)} ${status}`;
        expect(response.headers?.['X-Request-Id'], where).toBeDefined();
        if (Number(status) < 400) continue;
        const code = codeForStatus(Number(status));
        expect(response.description, where).toMatch(new RegExp(`^\`${code}\`: \\w`));
        expect(response.content['application/json'].schema.properties.code.enum, where).toEqual([code]);
        if (status === '401') expect(response.headers['WWW-Authenticate'], where).toBeDefined();
        if (status === '429') expect(response.headers['Retry-After'], where).toBeDefined();
      }
    }
  });

  it('documents If-Match exactly where a route can answer 412, and ETag wherever an answer shows a version', () => {
    const guarded = ops.filter((o) => headerParam(o.op, 'If-Match'));
    expect(guarded.map(what)).toEqual(
      expect.arrayContaining(['PUT /api/v1/users/{id}', 'POST /api/v1/users/{id}/disable']),
    );
    for (const o of ops) expect(!!headerParam(o.op, 'If-Match'), what(o)).toBe('412' in o.op.responses);
    // A DELETE shows what it deleted, which has no current version any more.
    for (const o of ops.filter((o) => o.method !== 'DELETE')) {
      for (const [status, response] of Object.entries(o.op.responses as Json)) {
        const data = response.content?.['application/json']?.schema?.properties?.data;
        if (Number(status) >= 300 || !data?.properties?.version) continue;
        expect(response.headers?.ETag, `${what(o)} ${status}`).toBeDefined();
      }
    }
  });

  it('documents Location on every 201', () => {
    const created = ops.filter((o) => '201' in o.op.responses);
    expect(created.length).toBeGreaterThan(0);
    for (const o of created) expect(o.op.responses['201'].headers.Location, what(o)).toBeDefined();
  });

  it('documents Retry-After on every 429, and a 429 on sign-in and token renewal', () => {
    const limited = ops.filter((o) => '429' in o.op.responses).map(what);
    expect(limited).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh']));
  });

  it("lists the seed's /users/ paths as the compatibility mount of the /api/v1/users operations", () => {
    const seed = ops.filter((o) => o.path === '/users' || o.path.startsWith('/users/'));
    expect(seed.map(what).sort()).toEqual(
      ops
        .filter((o) => o.path.startsWith('/api/v1/users') && o.op.tags.includes('users'))
        // The seed mounts the users CRUD only; a user's credentials, sessions, invitation and
        // verification, bulk changes, import and export are /api/v1 alone.
        .filter(
          (o) =>
            !/\/(password|sessions|sessions\/\{session_id\}|lockout|credentials|invitations|invitation|verification|bulk|import|export)$/.test(
              o.path,
            ),
        )
        // Nor the recycle bin, export and erasure (routes/users/lifecycle.ts).
        .filter((o) => !/\/(deleted|deleted\/\{id\}|restore|export|erase)$/.test(o.path))
        .map((o) => `${o.method} ${o.path.replace('/api/v1', '')}`)
        .sort(),
    );
    for (const o of seed) {
      expect(o.op.tags, what(o)).toEqual([SEED_COMPATIBILITY_TAG]);
      expect(raw.paths[o.path][o.method.toLowerCase()].deprecated, what(o)).toBe(false);
      expect(o.op.description, what(o)).toContain(`${o.method} /api/v1${o.path.replace('{id}', ':id')}`);
      const same = document.paths[`/api/v1${o.path}`][o.method.toLowerCase()];
      expect(o.op.responses, what(o)).toEqual(same.responses);
      expect(o.op.parameters, what(o)).toEqual(same.parameters);
    }
    expect(raw.tags.map((tag: Json) => tag.name)).toContain(SEED_COMPATIBILITY_TAG);
  });

  it('documents /healthz and /readyz as open to anyone, and /metrics only when it is served', async () => {
    for (const path of ['/healthz', '/readyz']) {
      expect(document.paths[path].get.security, path).toEqual([]);
      expect(document.paths[path].get.summary, path).toMatch(/\w/);
    }
    expect(document.paths['/metrics']).toBeUndefined();
    const withMetrics = await buildTestApp({ env: { METRICS_TOKEN: 'metrics-token-for-tests-0123456789' } });
    try {
      const doc = await validated((await withMetrics.app.inject({ url: '/api/openapi.json' })).json());
      const metrics = doc.paths['/metrics'].get;
      expect(metrics.security).toEqual([{ metricsToken: [] }]);
      expect(doc.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(metrics.responses['200'].content)).toEqual(['text/plain']);
      expect(metrics.responses['401'].headers['WWW-Authenticate']).toBeDefined();
    } finally {
      await withMetrics.close();
    }
  });
});

describe(`the document against the server's answers, on ${dialect}`, () => {
  let t: TestApp;
  let document: Json;
  let ops: Op[];

  beforeAll(async () => {
    t = await buildTestApp();
    document = await validated((await t.app.inject({ url: '/api/openapi.json' })).json());
    ops = operations(document);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * Deletes what createFor made, for good: a deleted user waits in the recycle bin holding its
   * email, which the next create from the same example would then be refused.
   */
  async function removeForGood(location: string): Promise<void> {
    await t.inject({ method: 'DELETE', url: `${location}?purge=true` });
    // One the test itself deleted is in the bin already.
    const user = /^\/api\/v1\/users\/(\d+)$/.exec(location);
    if (user) await t.inject({ method: 'DELETE', url: `/api/v1/users/deleted/${user[1]}` });
  }

  /** Creates a resource of the collection `path` belongs to, from the example of its POST's body. */
  async function createFor(path: string): Promise<{ location: string; etag: string }> {
    const collection = path.slice(0, path.indexOf('/{'));
    const create = document.paths[collection]?.post;
    const body = exampleOf(create?.requestBody?.content['application/json']);
    expect(body, `POST ${collection} needs an example body to create what ${path} acts on`).toBeDefined();
    const res = await t.inject({ method: 'POST', url: collection, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    // Documented on every 201, so present on this one.
    expect(res.headers.location, `POST ${collection}`).toMatch(/^\/api\/v1\/.+\/\d+$/);
    expect(res.headers.etag).toBe(`"${res.json().data.version}"`);
    return { location: res.headers.location as string, etag: res.headers.etag as string };
  }

  it('answers ETag from every GET that documents one, naming the version shown', async () => {
    const gets = ops.filter((o) => o.method === 'GET' && o.op.responses['200'].headers?.ETag);
    expect(gets.length).toBeGreaterThan(0);
    for (const o of gets) {
      const { location } = await createFor(o.path);
      const id = location.split('/').pop()!;
      const res = await t.inject({ method: 'GET', url: o.path.replace('{id}', id) });
      expect(res.statusCode, what(o)).toBe(200);
      expect(res.headers.etag, what(o)).toBe(`"${res.json().data.version}"`);
      await removeForGood(location);
    }
  });

  it('honours If-Match on every route that documents it: another version is a 412 that changes nothing', async () => {
    const guarded = ops.filter((o) => headerParam(o.op, 'If-Match'));
    expect(guarded.length).toBeGreaterThanOrEqual(5);
    for (const o of guarded) {
      const { location, etag } = await createFor(o.path);
      const url = o.path.replace('{id}', location.split('/').pop()!);
      const payload = o.op.requestBody ? exampleOf(o.op.requestBody.content['application/json']) : undefined;
      expect(payload !== undefined || !o.op.requestBody, `${what(o)} needs an example body`).toBe(true);
      const stale = await t.inject({ method: o.method, url, payload, headers: { 'if-match': '"999999"' } });
      expect(stale.statusCode, `${what(o)}: ${stale.body}`).toBe(412);
      expect(stale.json().code).toBe('precondition_failed');
      expect((await t.inject({ method: 'GET', url: location })).headers.etag, what(o)).toBe(etag);
      const current = await t.inject({ method: o.method, url, payload, headers: { 'if-match': etag } });
      expect(current.statusCode, `${what(o)}: ${current.body}`).toBe(200);
      await removeForGood(location);
    }
  });

  it('answers Location on a 201 where the resource can be read', async () => {
    const created = ops.filter((o) => '201' in o.op.responses);
    for (const o of created) {
      const { location } = await createFor(`${o.path}/{id}`);
      expect((await t.inject({ method: 'GET', url: location })).statusCode, what(o)).toBe(200);
      await removeForGood(location);
    }
  });
});
