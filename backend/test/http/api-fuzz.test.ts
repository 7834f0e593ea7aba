import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { SEED_COMPATIBILITY_TAG } from '../../src/plugins/openapi.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, login, TEST_PASSWORD } from '../support/auth.js';
import {
  bodyFor,
  hostileAuthorization,
  hostileContentType,
  hostileHeaderValue,
  onTheWire,
  pathSegment,
  queryFor,
  type Payload,
} from '../support/hostile-requests.js';
import { PROTOTYPE_NAMES, type Temper } from '../support/hostile-values.js';
import { operationsOf, type Operation } from '../support/openapi-operations.js';

/**
 * Every route the OpenAPI document lists, and every method it refuses, gets generated hostile
 * requests from every kind of caller. Whatever arrives, the answer is never a 5xx, always the
 * envelope, always with X-Request-Id, always a status and headers the document lists for the
 * operation, and the app is still ready afterwards.
 *
 * Two seeds run: a fixed one, and one that changes every run and is in the test's name.
 * Replay a failure with FUZZ_SEED=<seed>; FUZZ_RUNS sets the cases per route, method and caller.
 */

const FIXED_SEED = 20261212;
const replayed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const seeds = replayed !== undefined ? [replayed] : [FIXED_SEED, Math.floor(Math.random() * 2 ** 31)];
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

type Caller = Role | 'anonymous';
const TOKEN_OF = 'token-of-';
const CALLERS: Caller[] = ['anonymous', 'viewer', 'manager', 'admin'];
const SIGNED_IN: Role[] = ['viewer', 'manager', 'admin'];

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: Payload;
}

const shorten = (text: string, max = 300) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length})` : text;

/** How a request appears in a failure: long values cut, so the report stays readable. */
function describeRequest(request: FuzzRequest): string {
  const body = Buffer.isBuffer(request.payload)
    ? `<bytes ${request.payload.toString('hex')}>`
    : request.payload;
  return JSON.stringify({
    method: request.method,
    url: shorten(request.url),
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, shorten(v, 120)])),
    body: body === undefined ? undefined : shorten(body),
  });
}

/** The test's own sign-ins; an account a request deleted, demoted or signed out is replaced. */
class Callers {
  private readonly tokens = new Map<Role, string>();

  constructor(private readonly t: TestApp) {}

  token(role: Role): string {
    return this.tokens.get(role) ?? '';
  }

  async ensureAll(): Promise<void> {
    for (const role of SIGNED_IN) {
      const me = await this.t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${this.token(role)}` },
      });
      const still =
        me.statusCode === 200 && me.json().data.user.role === role && !me.json().data.must_change_password;
      if (!still) await this.replace(role);
    }
  }

  private async replace(role: Role): Promise<void> {
    const account = await createAccount(this.t.app, role);
    const res = await login(this.t.app, account.email);
    if (res.statusCode !== 200)
      throw new Error(`sign-in of a new ${role} failed: ${res.statusCode} ${res.body}`);
    this.tokens.set(role, res.json().data.access_token);
  }
}

function requestFor(op: Operation, caller: Caller, known: readonly unknown[], temper: Temper) {
  const wild = temper === 'wild';
  const pathParameters = op.parameters.filter((p) => p.in === 'path');
  const queryParameters = op.parameters.filter((p) => p.in === 'query');
  const segments = fc.tuple(...pathParameters.map((p) => pathSegment(p.schema, known, temper)));
  const authorization = !wild
    ? fc.constant(null)
    : caller === 'anonymous'
      ? fc.option(hostileAuthorization, { freq: 2 })
      : fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileAuthorization });
  const extraHeaders = wild
    ? fc.dictionary(
        fc.constantFrom(
          ...PROTOTYPE_NAMES,
          'if-match',
          'if-none-match',
          'x-request-id',
          'cookie',
          'accept',
          'x-forwarded-for',
          'user-agent',
        ),
        hostileHeaderValue,
        { maxKeys: 3 },
      )
    : fc
        .option(fc.record({ 'if-match': fc.constantFrom('"1"', '"2"', '*', 'W/"1"', '"1", "2"') }), {
          freq: 2,
        })
        .map((h) => h ?? {});
  return fc
    .record({
      segments,
      query: queryFor(queryParameters, known, temper),
      payload: bodyFor(op.body, known, temper),
      contentType: wild ? fc.option(hostileContentType, { freq: 8 }) : fc.constant('application/json'),
      authorization,
      extraHeaders,
    })
    .map(({ segments, query, payload, contentType, authorization, extraHeaders }): FuzzRequest => {
      let path = op.path;
      pathParameters.forEach((p, i) => (path = path.replace(`{${p.name}}`, segments[i]!)));
      // JSON.parse makes `__proto__` an own key, as a header name arriving off the wire would be.
      const headers = JSON.parse(JSON.stringify(extraHeaders)) as Record<string, string>;
      if (contentType !== null && (payload !== undefined || wild)) headers['content-type'] = contentType;
      if (authorization !== null) headers.authorization = authorization;
      // The caller's token is filled in when the request is sent: an earlier case may have replaced it.
      else if (caller !== 'anonymous') headers.authorization = `Bearer ${TOKEN_OF}${caller}`;
      const request = {
        method: op.method,
        url: query ? `${path}?${query}` : path,
        headers: onTheWire(headers),
        payload,
      };
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
    });
}

/** Half the cases tame (they reach the services), half wild. */
function casesFor(op: Operation, caller: Caller, known: readonly unknown[]) {
  return fc.oneof(requestFor(op, caller, known, 'tame'), requestFor(op, caller, known, 'wild'));
}

function withTokens(request: FuzzRequest, callers: Callers): FuzzRequest {
  const auth = request.headers.authorization;
  if (!auth?.startsWith(`Bearer ${TOKEN_OF}`)) return request;
  const role = auth.slice(`Bearer ${TOKEN_OF}`.length) as Role;
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${callers.token(role)}` } };
}

/** What every answer must be, whatever was asked. */
function expectEnvelope(request: FuzzRequest, res: LightMyRequestResponse, op?: Operation): void {
  const where = `${describeRequest(request)}\n  answered ${res.statusCode}: ${shorten(res.body, 500)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.headers['x-request-id'], where).toBeTruthy();
  // A success documented as a file (an export) is that file; errors are the envelope still. A
  // dot segment names another path once normalised (RFC 3986 5.2.4): /users/./export is the
  // list's export, a file, not /users/{id}/export; its answer is that route's.
  const dotSegment = /\/\.\.?(\/|$)/.test(request.url.split('?')[0]!);
  if (dotSegment && res.statusCode < 400 && !/^application\/json/.test(String(res.headers['content-type'])))
    return;
  const types = Object.keys(op?.responses[String(res.statusCode)]?.content ?? {});
  if (res.statusCode < 400 && types.length > 0 && !types.includes('application/json')) {
    expect(
      types.some((type) => String(res.headers['content-type']).startsWith(type)),
      where,
    ).toBe(true);
    return;
  }
  expect(res.headers['content-type'], where).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body, where).toHaveProperty('data');
  expect(body.message === null || typeof body.message === 'string', where).toBe(true);
  if (res.statusCode >= 400) {
    expect(body, where).toMatchObject({ status: 'error', data: null });
    expect(typeof body.code, where).toBe('string');
    expect(typeof body.message, where).toBe('string');
  } else {
    expect(body.status, where).toBe('success');
  }
}

/** Names the route that answered (added for this test): method and pattern, or nothing for a miss. */
const ANSWERED_BY = 'x-test-answered-by';

const isRouterMiss = (res: LightMyRequestResponse) =>
  res.statusCode === 404 && /^Route /.test((JSON.parse(res.body) as { message?: string }).message ?? '');

/**
 * What the document promises is what was answered: the status is one the operation lists, the
 * headers the document names for it were sent, and no ETag, Location, cookie, Retry-After or
 * WWW-Authenticate it does not name.
 */
function expectDocumented(op: Operation, request: FuzzRequest, res: LightMyRequestResponse): void {
  // A generated path can lead to another route (`/users/.` is `/users/`, `/sessions/` is
  // `/sessions`): that route's answer is held to its own operation, not this one.
  const pattern = op.path.replace(/\{(\w+)\}/g, ':$1');
  if (!op.documented || res.headers[ANSWERED_BY] !== `${op.method} ${pattern}`) return;
  const where = `${describeRequest(request)}\n  answered ${res.statusCode}: ${shorten(res.body, 300)}`;
  const documented = op.responses[String(res.statusCode)];
  expect(documented, `${op.method} ${op.path} does not document ${res.statusCode}: ${where}`).toBeDefined();
  const named = Object.keys(documented!.headers ?? {}).map((h) => h.toLowerCase());
  for (const header of named) expect(res.headers[header], `${header} missing: ${where}`).toBeDefined();
  for (const header of ['etag', 'location', 'set-cookie', 'retry-after', 'www-authenticate']) {
    if (res.headers[header] !== undefined)
      expect(named, `${header} undocumented: ${where}`).toContain(header);
  }
}

describe(`hostile requests to every documented route on ${dialect}`, () => {
  let t: TestApp;
  let operations: Operation[];

  beforeAll(async () => {
    // The per-address sign-in limit would answer most sign-in cases 429 before they are read.
    t = await buildTestApp({
      env: { LOGIN_RATE_LIMIT: '100000' },
      beforeReady: (app) => {
        app.addHook('onSend', async (request, reply) => {
          const { url } = request.routeOptions;
          if (url !== undefined && !request.routeOptions.config.methodNotAllowed) {
            void reply.header(ANSWERED_BY, `${request.method} ${url.replace(/(.)\/$/, '$1')}`);
          }
        });
      },
    });
    // The seed's mount runs the very handlers of /api/v1/users (openapi.test.ts holds its document
    // to theirs): fuzzing it again would double the time and find nothing new.
    operations = operationsOf((await t.app.inject({ url: '/api/openapi.json' })).json()).filter(
      (o) => !o.tags.includes(SEED_COMPATIBILITY_TAG),
    );
  }, 0);

  afterAll(async () => {
    await t?.close();
  });

  it('reads a document that lists routes (or the run below would prove nothing)', () => {
    expect(operations.filter((o) => o.documented).length).toBeGreaterThan(0);
  });

  it.each(seeds)(
    'never answers 5xx or leaves the envelope (seed %i)',
    async (seed) => {
      console.log(`API fuzz on ${dialect}, seed ${seed} (replay with FUZZ_SEED=${seed})`);
      const callers = new Callers(t);
      await callers.ensureAll();
      const others = await Promise.all([createAccount(t.app, 'viewer'), createAccount(t.app, 'admin')]);
      // Real ids, emails and passwords, so that some requests find what they ask for.
      const known = [
        ...others.flatMap((a) => [a.id, a.email]),
        t.admin.id,
        TEST_PASSWORD,
        'a brand new passphrase 7',
      ];
      expect(operations.some((o) => o.documented)).toBe(true);
      const reached = new Set<string>();
      let run = 0;
      for (const op of operations) {
        for (const caller of CALLERS) {
          const property = fc.asyncProperty(casesFor(op, caller, known), async (request) => {
            const res = await t.app.inject(withTokens(request, callers));
            expectEnvelope(request, res, op);
            expectDocumented(op, request, res);
            if (!isRouterMiss(res)) reached.add(`${op.method} ${op.path}`);
            // A request that changed something may have deleted, demoted or signed out a caller.
            if (res.statusCode < 300 && request.method !== 'GET') await callers.ensureAll();
          });
          await fc.assert(property, {
            // Each route and caller draws its own cases, all fixed by the one seed.
            seed: seed + run++,
            numRuns: op.documented ? RUNS : 1,
            endOnFailure: true,
            reporter: (details) => {
              if (details.failed) {
                const why =
                  details.errorInstance instanceof Error
                    ? details.errorInstance.message
                    : fc.stringify(details.counterexample);
                throw new Error(`${op.method} ${op.path} as ${caller}, seed ${seed}: ${why}`);
              }
            },
          });
        }
      }
      // Every documented route was reached at least once: a path the router never matched would
      // have passed the checks above without testing anything.
      const documented = operations.filter((o) => o.documented).map((o) => `${o.method} ${o.path}`);
      expect(documented.filter((d) => !reached.has(d))).toEqual([]);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
    },
    // Bounded by the number of cases, not by time: a busy machine only makes it slower.
    0,
  );
});
