import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { failure } from '../support/http.js';

describe(`operations endpoints on ${dialect}`, () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('answers /healthz and /readyz while the database answers', async () => {
    t = await buildTestApp();
    for (const url of ['/healthz', '/readyz']) {
      const res = await t.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'success', data: { status: 'ok' }, message: null });
    }
  });

  it('answers /readyz with 503 once the database is gone, while /healthz stays up', async () => {
    t = await buildTestApp();
    await t.app.db.destroy();
    const body = failure(await t.inject({ method: 'GET', url: '/readyz' }), 503);
    expect(body).toEqual({
      status: 'error',
      data: null,
      message: 'The database is not answering',
      code: 'service_unavailable',
    });
    expect((await t.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('serves an OpenAPI 3.1 document of the /api/v1 routes', async () => {
    t = await buildTestApp();
    const res = await t.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/users', '/api/v1/users/{id}', '/healthz', '/readyz']),
    );
    expect(Object.keys(doc.paths['/api/v1/users/{id}'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'patch',
      'put',
    ]);
    // The seed's mount is listed too, as such (test/http/openapi.test.ts says how).
    expect(paths).toEqual(expect.arrayContaining(['/users', '/users/{id}']));
    expect(res.body).not.toContain('search_key');
  });

  it('serves readable docs at /api/docs with their assets from this server', async () => {
    t = await buildTestApp();
    const page = await t.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const res = await t.inject({ method: 'GET', url: new URL(asset, 'http://x/api/docs/').pathname });
      expect(res.statusCode, asset).toBe(200);
    }
  });

  it('answers CORS preflights only for the configured origins', async () => {
    t = await buildTestApp({ env: { CORS_ORIGINS: 'http://127.0.0.1:5500' } });
    const preflight = (origin: string) =>
      t.inject({
        method: 'OPTIONS',
        url: '/api/v1/users',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('http://127.0.0.1:5500');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5500');
    const refused = await preflight('http://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await t.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'http://127.0.0.1:5500' },
    });
    expect(simple.headers['access-control-expose-headers']).toContain('ETag');
  });

  describe('with a built console', () => {
    let dir: string;
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('serves it at / and answers page loads of console routes with its index.html', async () => {
      dir = mkdtempSync(join(tmpdir(), 'ums-console-'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
      t = await buildTestApp({ env: { STATIC_DIR: dir } });
      const html = { accept: 'text/html' };
      for (const url of ['/', '/index.html', '/console/users?page=2']) {
        const res = await t.inject({ method: 'GET', url, headers: html });
        expect(res.statusCode, url).toBe(200);
        expect(res.body).toContain('<title>console</title>');
      }
      // API paths and non-page requests keep the JSON 404.
      failure(await t.inject({ method: 'GET', url: '/api/v1/nothing', headers: html }), 404);
      failure(await t.inject({ method: 'GET', url: '/console/users' }), 404);
      failure(await t.inject({ method: 'POST', url: '/console/users', headers: html }), 404);
    });

    it('keeps JSON 404s when the console directory has not been built', async () => {
      dir = mkdtempSync(join(tmpdir(), 'ums-console-'));
      t = await buildTestApp({ env: { STATIC_DIR: dir } });
      failure(await t.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } }), 404);
    });
  });
});
