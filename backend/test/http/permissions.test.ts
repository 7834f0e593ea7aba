import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, signedInInject, signIn, TEST_PASSWORD } from '../support/auth.js';

/**
 * The whole permission table of issue 3, one row per route and action: every role (and no
 * token at all) against it, expecting the exact status. Each row gets a fresh app, so the
 * requests of one row cannot change what another row sees; within a row the roles go from
 * least to most allowed, and only the allowed ones change anything.
 */

type Who = 'anonymous' | 'viewer' | 'manager' | 'admin';
const WHO: Who[] = ['anonymous', 'viewer', 'manager', 'admin'];

interface Targets {
  viewer: number;
  otherAdmin: number;
}

interface Row {
  action: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (t: Targets) => string;
  body?: () => object;
  expect: [number, number, number, number];
}

const unique = () => randomBytes(4).toString('hex');
const newUser = (role: string) => () => ({ name: 'New Person', email: `new-${unique()}@example.com`, role });

const ROWS: Row[] = [
  { action: 'list users', method: 'GET', url: () => '/api/v1/users', expect: [401, 200, 200, 200] },
  {
    action: 'read a user',
    method: 'GET',
    url: (t) => `/api/v1/users/${t.viewer}`,
    expect: [401, 200, 200, 200],
  },
  {
    action: 'create a viewer',
    method: 'POST',
    url: () => '/api/v1/users',
    body: newUser('viewer'),
    expect: [401, 403, 201, 201],
  },
  {
    action: 'create a manager',
    method: 'POST',
    url: () => '/api/v1/users',
    body: newUser('manager'),
    expect: [401, 403, 201, 201],
  },
  {
    action: 'create an admin',
    method: 'POST',
    url: () => '/api/v1/users',
    body: newUser('admin'),
    expect: [401, 403, 403, 201],
  },
  {
    action: 'edit a viewer',
    method: 'PATCH',
    url: (t) => `/api/v1/users/${t.viewer}`,
    body: () => ({ name: 'Renamed' }),
    expect: [401, 403, 200, 200],
  },
  {
    action: 'replace a viewer (PUT)',
    method: 'PUT',
    url: (t) => `/api/v1/users/${t.viewer}`,
    body: () => ({ name: 'Renamed' }),
    expect: [401, 403, 200, 200],
  },
  {
    action: 'disable a viewer',
    method: 'PATCH',
    url: (t) => `/api/v1/users/${t.viewer}`,
    body: () => ({ status: 'disabled' }),
    expect: [401, 403, 200, 200],
  },
  {
    action: 'disable a viewer (POST /disable)',
    method: 'POST',
    url: (t) => `/api/v1/users/${t.viewer}/disable`,
    expect: [401, 403, 200, 200],
  },
  {
    action: 'enable a viewer (POST /enable)',
    method: 'POST',
    url: (t) => `/api/v1/users/${t.viewer}/enable`,
    expect: [401, 403, 200, 200],
  },
  {
    action: 'disable an admin (POST /disable)',
    method: 'POST',
    url: (t) => `/api/v1/users/${t.otherAdmin}/disable`,
    expect: [401, 403, 403, 200],
  },
  {
    action: 'grant admin',
    method: 'PATCH',
    url: (t) => `/api/v1/users/${t.viewer}`,
    body: () => ({ role: 'admin' }),
    expect: [401, 403, 403, 200],
  },
  {
    action: 'edit an admin',
    method: 'PATCH',
    url: (t) => `/api/v1/users/${t.otherAdmin}`,
    body: () => ({ name: 'Renamed' }),
    expect: [401, 403, 403, 200],
  },
  {
    action: 'take away admin',
    method: 'PATCH',
    url: (t) => `/api/v1/users/${t.otherAdmin}`,
    body: () => ({ role: 'viewer' }),
    expect: [401, 403, 403, 200],
  },
  {
    action: 'delete a user',
    method: 'DELETE',
    url: (t) => `/api/v1/users/${t.viewer}`,
    expect: [401, 403, 403, 200],
  },
  {
    action: "set another user's password",
    method: 'PUT',
    url: (t) => `/api/v1/users/${t.viewer}/password`,
    body: () => ({ password: 'a brand new passphrase 7' }),
    expect: [401, 403, 403, 200],
  },
  {
    action: "list another user's sessions",
    method: 'GET',
    url: (t) => `/api/v1/users/${t.viewer}/sessions`,
    expect: [401, 403, 403, 200],
  },
  {
    action: "end another user's sessions",
    method: 'DELETE',
    url: (t) => `/api/v1/users/${t.viewer}/sessions`,
    expect: [401, 403, 403, 200],
  },
  {
    // No such session: refused before the lookup to all but admins, then not found.
    action: "end one of another user's sessions",
    method: 'DELETE',
    url: (t) => `/api/v1/users/${t.viewer}/sessions/${'0'.repeat(32)}`,
    expect: [401, 403, 403, 404],
  },
  {
    action: 'read whether another user has a password or is locked out',
    method: 'GET',
    url: (t) => `/api/v1/users/${t.viewer}/credentials`,
    expect: [401, 403, 403, 200],
  },
  {
    action: 'clear a lockout',
    method: 'DELETE',
    url: (t) => `/api/v1/users/${t.viewer}/lockout`,
    expect: [401, 403, 403, 200],
  },
  {
    action: 'read the audit log',
    method: 'GET',
    url: () => '/api/v1/audit-events',
    expect: [401, 403, 403, 200],
  },
  { action: 'read own profile', method: 'GET', url: () => '/api/v1/auth/me', expect: [401, 200, 200, 200] },
  {
    action: 'rename self',
    method: 'PATCH',
    url: () => '/api/v1/auth/me',
    body: () => ({ name: 'Me Myself' }),
    expect: [401, 200, 200, 200],
  },
  {
    action: 'change own password',
    method: 'PUT',
    url: () => '/api/v1/auth/me/password',
    body: () => ({ current_password: TEST_PASSWORD, new_password: `another good passphrase ${unique()}` }),
    expect: [401, 200, 200, 200],
  },
  {
    action: 'list own sessions',
    method: 'GET',
    url: () => '/api/v1/auth/sessions',
    expect: [401, 200, 200, 200],
  },
  { action: 'sign out', method: 'POST', url: () => '/api/v1/auth/logout', expect: [401, 200, 200, 200] },
  {
    action: 'list users at the seed path',
    method: 'GET',
    url: () => '/users/',
    expect: [401, 200, 200, 200],
  },
  {
    action: 'create at the seed path',
    method: 'POST',
    url: () => '/users/',
    body: newUser('viewer'),
    expect: [401, 403, 201, 201],
  },
  {
    action: 'update at the seed path',
    method: 'PUT',
    url: (t) => `/users/${t.viewer}`,
    body: () => ({ name: 'Seed Rename' }),
    expect: [401, 403, 200, 200],
  },
  {
    action: 'delete at the seed path',
    method: 'DELETE',
    url: (t) => `/users/${t.viewer}`,
    expect: [401, 403, 403, 200],
  },
];

describe(`the permission table on ${dialect}`, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it.each(ROWS)('$action: $method answers $expect for anonymous, viewer, manager, admin', async (row) => {
    t = await buildTestApp();
    const app = t.app;
    const viewer = await signIn(app, 'viewer');
    const manager = await signIn(app, 'manager');
    const targets: Targets = {
      viewer: (await createAccount(app, 'viewer')).id,
      otherAdmin: (await createAccount(app, 'admin')).id,
    };
    const callers: Record<Who, (o: object) => ReturnType<TestApp['inject']>> = {
      anonymous: (o) => app.inject(o),
      viewer: signedInInject(app, viewer.token),
      manager: signedInInject(app, manager.token),
      admin: t.inject,
    };

    const statuses: number[] = [];
    for (const who of WHO) {
      const res = await callers[who]({ method: row.method, url: row.url(targets), payload: row.body?.() });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual(row.expect);
  });
});
