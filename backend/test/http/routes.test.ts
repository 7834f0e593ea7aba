import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { requireSignIn } from '../../src/plugins/auth.js';
import { permissions } from '../../src/permissions.js';
import { buildTestApp, dialect, freshDatabase, type TestApp } from '../support/app.js';

/**
 * Every route the app registered, walked from its own route table (app.apiRoutes), so a new
 * route is covered without a list here to keep up to date.
 */

const SIGN_IN_FIRST = /^Sign in first: send an access token/;

describe(`every registered route, on ${dialect}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const urlOf = (path: string) => path.replace(/:\w+/g, '1');

  it('walks the whole API', () => {
    const paths = new Set(t.app.apiRoutes.map((route) => route.path));
    for (const path of ['/api/v1/users', '/api/v1/users/:id', '/api/v1/auth/login', '/api/v1/audit-events']) {
      expect(paths).toContain(path);
    }
  });

  it('guards routes only with permissions the role table declares', () => {
    const guarded = t.app.apiRoutes.filter((route) => route.permission !== undefined);
    expect(guarded.length).toBeGreaterThan(10);
    for (const route of guarded) {
      expect(permissions.has(route.permission!), `${route.method} ${route.path}`).toBe(true);
    }
  });

  it('asks a stranger to sign in at every route that is not public, and at no other', async () => {
    for (const route of t.app.apiRoutes) {
      const res = await t.app.inject({ method: route.method, url: urlOf(route.path) });
      const what = `${route.method} ${route.path}`;
      // A HEAD answer has no body: its status says it.
      const message = route.method === 'HEAD' ? undefined : (res.json<{ message: string }>().message ?? '');
      if (route.signIn) {
        expect(res.statusCode, what).toBe(401);
        if (message !== undefined) expect(message, what).toMatch(SIGN_IN_FIRST);
      } else if (message !== undefined) {
        // A public route may still refuse (no refresh cookie), but never for want of a token.
        expect(message, what).not.toMatch(SIGN_IN_FIRST);
      } else {
        expect(res.statusCode, what).not.toBe(401);
      }
    }
  });

  it('documents the bearer token in OpenAPI where a route asks for sign-in, and nowhere else', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>();
    const pattern = (path: string) => path.replace(/\{(\w+)\}/g, ':$1').replace(/(.)\/$/, '$1');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
    );
    expect(operations.length).toBeGreaterThan(15);
    for (const { method, path, operation } of operations) {
      const what = `${method} ${path}`;
      const route = t.app.apiRoutes.find(
        (r) => r.method === method.toUpperCase() && r.path === pattern(path),
      );
      expect(route, what).toBeDefined();
      // An operation without `security` of its own inherits the document's: the bearer token.
      // (/metrics names a token of its own, METRICS_TOKEN, which is not signing in.)
      const asksForToken =
        operation.security === undefined || operation.security.some((s) => 'bearer' in (s as object));
      expect(asksForToken, what).toBe(route!.signIn);
    }
  });

  it('marks sign-in and token renewal public, and the routes beside them not', () => {
    const signIn = (method: string, path: string) =>
      t.app.apiRoutes.find((route) => route.method === method && route.path === path)?.signIn;
    expect(signIn('POST', '/api/v1/auth/login')).toBe(false);
    expect(signIn('POST', '/api/v1/auth/refresh')).toBe(false);
    expect(signIn('POST', '/api/v1/auth/logout')).toBe(true);
    expect(signIn('GET', '/api/v1/users')).toBe(true);
    expect(signIn('GET', '/users/:id')).toBe(true);
  });

  it('answers a 405 at a public path to a stranger, and asks for sign-in at any other', async () => {
    const open = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/refresh' });
    expect(open.statusCode).toBe(405);
    const closed = await t.app.inject({ method: 'PUT', url: '/api/v1/auth/logout' });
    expect(closed.statusCode).toBe(401);
    expect(closed.headers.allow).toBeUndefined();
  });
});

describe(`a route guarded by a permission nobody declared, on ${dialect}`, () => {
  it('stops the app from being built', async () => {
    const database = await freshDatabase();
    const app = await buildApp(database.config, { logger: false, searchPath: database.searchPath });
    try {
      expect(() =>
        app.get('/api/v1/fly', { config: { permission: 'users:fly' as never }, schema: {} }, () => null),
      ).toThrow('The route /api/v1/fly needs an undeclared permission, users:fly');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe(`a route guarded by a permission that no sign-in comes before, on ${dialect}`, () => {
  it('stops the app from being built, since strangers would pass the guard', async () => {
    const database = await freshDatabase();
    const app = await buildApp(database.config, { logger: false, searchPath: database.searchPath });
    try {
      // Marked public inside the signed-in scope: authenticate returns before the permission.
      await app.register(async (scope) => {
        requireSignIn(scope);
        expect(() =>
          scope.get(
            '/api/v1/open',
            { config: { public: true, permission: 'users:read' }, schema: {} },
            () => null,
          ),
        ).toThrow('The route /api/v1/open is public and needs users:read: it cannot be both');
      });
      // Outside that scope no hook asks who calls at all.
      expect(() =>
        app.get('/api/v1/outside', { config: { permission: 'users:read' }, schema: {} }, () => null),
      ).toThrow('The route /api/v1/outside needs users:read but is registered outside the signed-in scope');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
