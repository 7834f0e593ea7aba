import { rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { httpRequest, type HttpOptions } from '../support/http-client.js';
import { ASSET, consoleBuild, PAGE } from '../support/console-build.js';
import { nginxForTests, startNginx, type Nginx } from '../support/nginx.js';
import {
  ADMIN,
  processDatabase,
  startServer,
  testPort,
  type ServerProcess,
} from '../support/server-process.js';

const nginx = nginxForTests();
/** CSP directives, order and spacing aside. */
const directives = (csp: unknown) =>
  String(csp)
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort();

describe.skipIf(nginx === null)(`deploy/nginx.conf in front of the app on ${dialect}`, () => {
  let app: ServerProcess;
  let proxy: Nginx;
  let database: Awaited<ReturnType<typeof processDatabase>>;
  let staticRoot: string;
  let token: string;
  const base = `http://127.0.0.1:${testPort('nginx', 1)}`;
  const get = (path: string, options: HttpOptions = {}) => httpRequest(`${base}${path}`, options);
  const authorized = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

  beforeAll(async () => {
    database = await processDatabase();
    staticRoot = consoleBuild();
    app = startServer(
      { PORT: String(testPort('nginx', 0)), DATABASE_URL: database.url, TRUST_PROXY: '127.0.0.1' },
      database.dir,
    );
    await app.waitForLog((l) => String(l.msg).startsWith('Server listening'), 'the app listening');
    proxy = await startNginx(nginx!, {
      site: 'nginx.conf',
      appPort: testPort('nginx', 0),
      httpPort: testPort('nginx', 1),
      staticRoot,
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await app?.stop();
    await database?.drop();
    rmSync(staticRoot, { recursive: true, force: true });
  });

  it('signs in and lists users through the proxy, seen from the client address', async () => {
    // 127.0.0.7: a client address other than nginx's own 127.0.0.1; the spoofed header is dropped.
    const login = await get('/api/v1/auth/login', {
      method: 'POST',
      localAddress: '127.0.0.7',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status, login.text()).toBe(200);
    token = login.json<{ data: { access_token: string } }>().data.access_token;
    expect(String(login.headers['set-cookie'])).toContain('refresh_token=');

    const list = await get('/api/v1/users?per_page=5', { headers: authorized() });
    expect(list.status).toBe(200);
    expect(list.json<{ status: string; meta: { total: number } }>()).toMatchObject({ status: 'success' });
    expect(list.headers['content-security-policy']).toBeDefined();

    const sessions = await get('/api/v1/auth/sessions', { headers: authorized() });
    const current = sessions.json<{ data: { ip: string; current: boolean }[] }>().data.find((s) => s.current);
    expect(current?.ip).toBe('127.0.0.7');
  });

  it("records the client address, not nginx's, in the audit log", async () => {
    const res = await get('/api/v1/audit-events?action=auth.login', { headers: authorized() });
    const events = res.json<{ data: { ip: string | null }[] }>().data;
    expect(events.map((e) => e.ip)).toEqual(['127.0.0.7']);
  });

  it('limits sign-in attempts per client address, not for everyone behind nginx at once', async () => {
    let n = 0;
    // A new account each time, so no account lockout (5 failures) gets in the way.
    const attempt = (localAddress: string) =>
      get('/api/v1/auth/login', {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `guess-${++n}@example.com`, password: 'not the password 1' }),
      });
    // LOGIN_RATE_LIMIT is 30 a minute per address.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await attempt('127.0.0.20')).status);
    expect(statuses.filter((s) => s === 401).length).toBe(30);
    expect(statuses.at(-1)).toBe(429);
    expect((await attempt('127.0.0.21')).status).toBe(401);
  });

  it('shows the app the address the client connected from, whatever X-Forwarded-For it sent', async () => {
    await get('/healthz', {
      localAddress: '127.0.0.9',
      headers: { 'x-request-id': 'nginx-ip-check', 'x-forwarded-for': '6.6.6.6' },
    });
    const line = await app.waitForLog((l) => l.reqId === 'nginx-ip-check' && l.msg === 'request completed');
    expect((line.req as { remoteAddress: string }).remoteAddress).toBe('127.0.0.9');
  });

  it('passes a client request id through to the app, the answer and its own log', async () => {
    const res = await get('/healthz', { headers: { 'x-request-id': 'trace-me-42' } });
    expect(res.headers['x-request-id']).toBe('trace-me-42');
    await app.waitForLog((l) => l.reqId === 'trace-me-42');
    expect(await proxy.waitForAccessLog('request_id=trace-me-42')).toContain('request_id=trace-me-42');
  });

  it('gives a request without an id nginx’s own, the same in the app and the log', async () => {
    const res = await get('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    const id = String(res.headers['x-request-id']);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    await app.waitForLog((l) => l.reqId === id);
    expect(await proxy.waitForAccessLog(`request_id=${id}`)).toContain(`request_id=${id}`);
  });

  it('serves hashed assets as immutable for a year', async () => {
    const res = await get(ASSET);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/index-missing0.js')).status).toBe(404);
  });

  it('serves index.html to be revalidated on every load, with the same CSP as the app', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.text()).toBe(PAGE);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const page = await get('/');
    const api = await get('/healthz');
    expect(directives(page.headers['content-security-policy'])).toEqual(
      directives(api.headers['content-security-policy']),
    );
  });

  it('answers a deep link to a console route with the page, and a missing file with 404', async () => {
    const deep = await get('/console/users/42?page=2', { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(deep.text()).toBe(PAGE);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect((await get('/favicon.ico')).status).toBe(404);
  });

  it('compresses assets and API answers for clients that accept gzip', async () => {
    const asset = await get(ASSET, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(asset.body).toString()).toContain('row 299');
    const spec = await get('/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(spec.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(spec.body).toString())).toHaveProperty('openapi');
    const plain = await get(ASSET);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('lets a body of exactly 1 MiB reach the app and refuses one byte more itself', async () => {
    const bodyOf = (size: number) => {
      const skeleton = JSON.stringify({ name: '', email: 'big@example.com' });
      return JSON.stringify({ name: 'x'.repeat(size - skeleton.length), email: 'big@example.com' });
    };
    const send = (size: number, id: string) =>
      get('/api/v1/users', {
        method: 'POST',
        headers: authorized({ 'content-type': 'application/json', 'x-request-id': id }),
        body: bodyOf(size),
      });
    const atLimit = await send(1024 * 1024, 'body-at-limit');
    // The app read it and refused the 1 MiB name: the proxy let it through.
    expect(atLimit.status).toBe(422);
    const over = await send(1024 * 1024 + 1, 'body-over-limit');
    expect(over.status).toBe(413);
    expect(over.json()).toMatchObject({ status: 'error', code: 'payload_too_large' });
    expect(app.logs.some((l) => l.reqId === 'body-over-limit')).toBe(false);
  });

  it('keeps /metrics off the public edge', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });

  it('answers 503 in the envelope when the app is down', async () => {
    await app.stop();
    const res = await get('/api/v1/users', { headers: authorized() });
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ status: 'error', code: 'service_unavailable' });
    expect(res.headers['retry-after']).toBe('5');
  });
});
