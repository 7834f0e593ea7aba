import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';

const PAGE = '<!doctype html><title>console</title>';

describe(`serving the built console on ${dialect}`, () => {
  let dir: string;
  let t: TestApp | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ums-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    writeFileSync(join(dir, 'assets', 'index-3f2a.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const serve = async (staticDir: string) => {
    t = await buildTestApp({ env: { STATIC_DIR: staticDir } });
    return t;
  };

  it('serves the page at / and revalidates it on every load', async () => {
    const res = await (await serve(dir)).inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(PAGE);
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const res = await (await serve(dir)).inject({ method: 'GET', url: '/assets/index-3f2a.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/console', '/console/', '/console/users?page=2&q=ada', '/console/users/7', '/console/audit'])(
    'answers a reload on the console route %s with the page',
    async (url) => {
      const res = await (await serve(dir)).inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toBe(PAGE);
    },
  );

  it.each(['/api/v1/nothing-here', '/users/7/nothing', '/consoles', '/admin', '/assets/missing.js'])(
    'answers %s, which is no console route, with the JSON 404 even for a browser',
    async (url) => {
      const res = await (await serve(dir)).inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ status: 'error', code: 'not_found', data: null });
    },
  );

  it('answers a console route with the JSON 404 when the request does not ask for a page', async () => {
    const res = await (await serve(dir)).inject({ method: 'GET', url: '/console/users' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });

  it('does not answer other methods on console routes with the page', async () => {
    const res = await (
      await serve(dir)
    ).inject({
      method: 'POST',
      url: '/console/users',
      headers: { accept: 'text/html' },
      payload: {},
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });

  it('falls back to the JSON 404 when the console is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ums-unbuilt-'));
    try {
      const res = await (
        await serve(empty)
      ).inject({
        method: 'GET',
        url: '/console/users',
        headers: { accept: 'text/html' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
