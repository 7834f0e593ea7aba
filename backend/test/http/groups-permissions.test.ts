import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, signedInInject, signIn } from '../support/auth.js';
import { addMember, createGroup } from '../support/groups.js';

/**
 * Who may do what to groups, against the running API: viewers read, managers also manage
 * members, admins also create, edit and delete groups. One fresh app per row; within a row the
 * callers go from least to most allowed, so only the allowed ones change anything.
 */

type Who = 'anonymous' | 'viewer' | 'manager' | 'admin';
const WHO: Who[] = ['anonymous', 'viewer', 'manager', 'admin'];

interface Targets {
  group: number;
  member: number;
  outsider: number;
}

interface Row {
  action: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (t: Targets) => string;
  body?: (t: Targets, who: Who) => object;
  expect: [number, number, number, number];
}

const ROWS: Row[] = [
  { action: 'list groups', method: 'GET', url: () => '/api/v1/groups', expect: [401, 200, 200, 200] },
  {
    action: 'read a group',
    method: 'GET',
    url: (t) => `/api/v1/groups/${t.group}`,
    expect: [401, 200, 200, 200],
  },
  {
    action: 'list members',
    method: 'GET',
    url: (t) => `/api/v1/groups/${t.group}/members`,
    expect: [401, 200, 200, 200],
  },
  {
    action: 'read a member',
    method: 'GET',
    url: (t) => `/api/v1/groups/${t.group}/members/${t.member}`,
    expect: [401, 200, 200, 200],
  },
  {
    action: 'create a group',
    method: 'POST',
    url: () => '/api/v1/groups',
    body: (_t, who) => ({ name: `Made by ${who}` }),
    expect: [401, 403, 403, 201],
  },
  {
    action: 'rename a group',
    method: 'PATCH',
    url: (t) => `/api/v1/groups/${t.group}`,
    body: () => ({ name: 'Renamed' }),
    expect: [401, 403, 403, 200],
  },
  {
    action: 'replace a group (PUT)',
    method: 'PUT',
    url: (t) => `/api/v1/groups/${t.group}`,
    body: () => ({ description: 'Put' }),
    expect: [401, 403, 403, 200],
  },
  {
    action: 'delete a group',
    method: 'DELETE',
    url: (t) => `/api/v1/groups/${t.group}`,
    expect: [401, 403, 403, 200],
  },
  {
    action: 'add a member',
    method: 'POST',
    url: (t) => `/api/v1/groups/${t.group}/members`,
    body: (t) => ({ user_id: t.outsider }),
    // The admin's add finds the manager's done: already a member.
    expect: [401, 403, 201, 200],
  },
  {
    action: 'remove a member',
    method: 'DELETE',
    url: (t) => `/api/v1/groups/${t.group}/members/${t.member}`,
    // The admin's remove finds the manager's done: not a member any more.
    expect: [401, 403, 200, 404],
  },
];

describe(`who may do what to groups, on ${dialect}`, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it.each(ROWS)('$action: $method answers $expect for anonymous, viewer, manager, admin', async (row) => {
    t = await buildTestApp();
    const app = t.app;
    const viewer = await signIn(app, 'viewer');
    const manager = await signIn(app, 'manager');
    const group = await createGroup(t, { name: 'Target' });
    const member = await createAccount(app, 'viewer');
    await addMember(t, group.id, member.id);
    const targets: Targets = {
      group: group.id,
      member: member.id,
      outsider: (await createAccount(app, 'admin')).id,
    };
    const callers: Record<Who, (o: object) => ReturnType<TestApp['inject']>> = {
      anonymous: (o) => app.inject(o),
      viewer: signedInInject(app, viewer.token),
      manager: signedInInject(app, manager.token),
      admin: t.inject,
    };

    const statuses: number[] = [];
    for (const who of WHO) {
      const res = await callers[who]({
        method: row.method,
        url: row.url(targets),
        payload: row.body?.(targets, who),
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual(row.expect);
  });
});
