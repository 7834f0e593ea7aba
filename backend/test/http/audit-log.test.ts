import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordEvent } from '../../src/services/audit.service.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';

const request = { ip: '192.0.2.1', userAgent: 'seed', requestId: null };
const alice = { id: 101, email: 'alice@example.com' };
const bob = { id: 102, email: 'bob@example.com' };

/** Five events at known times, written out of order; the sign-in buildTestApp makes is newer. */
const SEEDED = [
  { at: '2020-01-03T00:00:00.000Z', action: 'user.updated', actor: alice, target: 7 },
  { at: '2020-01-01T00:00:00.000Z', action: 'user.created', actor: alice, target: 7 },
  { at: '2020-01-05T00:00:00.000Z', action: 'user.deleted', actor: bob, target: 7 },
  { at: '2020-01-02T00:00:00.000Z', action: 'user.created', actor: bob, target: 8 },
  { at: '2020-01-04T00:00:00.000Z', action: 'user.updated', actor: bob, target: 8 },
] as const;

describe(`reading the audit log on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    for (const e of SEEDED) {
      await recordEvent(
        t.app.db,
        {
          action: e.action,
          actor: e.actor,
          target: { type: 'user', id: e.target },
          changes: { name: ['before', 'after'] },
          request,
        },
        new Date(e.at),
      );
    }
  });
  afterEach(async () => {
    await t.close();
  });

  const list = (query = '') => t.inject({ method: 'GET', url: `/api/v1/audit-events${query}` });
  const times = (res: { json: () => { data: { occurred_at: string }[] } }) =>
    res.json().data.map((e) => e.occurred_at);

  it('lists events newest first, with their fields and the diff as an object', async () => {
    const res = await list('?to=2021-01-01T00:00:00Z');

    expect(res.statusCode).toBe(200);
    expect(times(res)).toEqual([
      '2020-01-05T00:00:00.000Z',
      '2020-01-04T00:00:00.000Z',
      '2020-01-03T00:00:00.000Z',
      '2020-01-02T00:00:00.000Z',
      '2020-01-01T00:00:00.000Z',
    ]);
    expect(res.json().data[0]).toEqual({
      id: expect.any(Number),
      occurred_at: '2020-01-05T00:00:00.000Z',
      actor_id: bob.id,
      actor_email: bob.email,
      action: 'user.deleted',
      target_type: 'user',
      target_id: '7',
      changes: { name: ['before', 'after'] },
      ip: '192.0.2.1',
      user_agent: 'seed',
      request_id: null,
      job_id: null,
      // Neither bob (102) nor user 7 is a user here: no names to give.
      actor_name: null,
      target_name: null,
      target_email: null,
      target_session: null,
    });
  });

  it('names the people and sessions events are about, as they are now', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'Named Person', email: 'named@example.com', password: 'a long enough passphrase 42' },
    });
    const person = created.json().data;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' },
      payload: { email: 'named@example.com', password: 'a long enough passphrase 42' },
    });
    const sessions = await t.inject({ method: 'GET', url: `/api/v1/users/${person.id}/sessions` });
    const session = sessions.json().data[0];
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${person.id}/sessions/${session.id}` });
    const me = (await t.inject({ method: 'GET', url: '/api/v1/auth/me' })).json().data.user;

    const [ended, signedIn, made] = (await list('?per_page=3')).json().data;
    expect(made).toMatchObject({
      action: 'user.created',
      actor_name: me.name,
      target_name: 'Named Person',
      target_email: 'named@example.com',
      target_session: null,
    });
    // A sign-in is about the session it starts.
    expect(signedIn).toMatchObject({
      action: 'auth.login',
      actor_name: 'Named Person',
      target_session: { user_id: person.id, created_at: session.created_at },
    });
    expect(ended).toMatchObject({
      action: 'session.revoked',
      actor_name: me.name,
      target_name: null,
      target_session: {
        user_id: person.id,
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        created_at: session.created_at,
      },
    });
  });

  it('puts the newest event, the sign-in that set up the test, first of all', async () => {
    const res = await list();
    expect(res.json().data[0]).toMatchObject({ action: 'auth.login', actor_id: t.admin.id });
    expect(res.json().meta.total).toBe(SEEDED.length + 1);
  });

  it('orders events written in the same instant newest id first', async () => {
    const same = new Date('2019-06-01T00:00:00.000Z');
    for (const action of ['user.created', 'user.updated', 'user.deleted'] as const) {
      await recordEvent(t.app.db, { action, actor: alice, request }, same);
    }
    const res = await list('?to=2019-12-31T00:00:00Z');
    expect(res.json().data.map((e: { action: string }) => e.action)).toEqual([
      'user.deleted',
      'user.updated',
      'user.created',
    ]);
  });

  it.each([
    ['actor_id', `?actor_id=${alice.id}`, ['2020-01-03T00:00:00.000Z', '2020-01-01T00:00:00.000Z']],
    ['target_id', '?target_id=8', ['2020-01-04T00:00:00.000Z', '2020-01-02T00:00:00.000Z']],
    // The sign-in that set up the test is about a session, so only the seeded events remain.
    [
      'target_type',
      '?target_type=user',
      SEEDED.map((e) => e.at)
        .sort()
        .reverse(),
    ],
    ['action', '?action=user.created', ['2020-01-02T00:00:00.000Z', '2020-01-01T00:00:00.000Z']],
    [
      'from (inclusive)',
      '?from=2020-01-04T00:00:00Z&to=2020-12-31T00:00:00Z',
      ['2020-01-05T00:00:00.000Z', '2020-01-04T00:00:00.000Z'],
    ],
    ['to (inclusive)', '?to=2020-01-02T00:00:00Z', ['2020-01-02T00:00:00.000Z', '2020-01-01T00:00:00.000Z']],
    [
      'a time zone offset',
      '?to=2020-01-02T02:00:00%2B02:00',
      ['2020-01-02T00:00:00.000Z', '2020-01-01T00:00:00.000Z'],
    ],
    ['several filters at once', `?actor_id=${bob.id}&target_id=7`, ['2020-01-05T00:00:00.000Z']],
    ['a filter nothing matches', '?action=user.exploded', []],
  ])('filters by %s', async (_case, query, expected) => {
    const res = await list(query);
    expect(res.statusCode).toBe(200);
    expect(times(res)).toEqual(expected);
    expect(res.json().meta.total).toBe(expected.length);
  });

  it('tells apart things of different types that share an id', async () => {
    // Session "7" is not user 7: the user's page asks for target_type=user with the id.
    await recordEvent(
      t.app.db,
      { action: 'session.revoked', actor: alice, target: { type: 'session', id: 7 }, request },
      new Date('2020-01-06T00:00:00.000Z'),
    );
    const user7 = await list('?target_type=user&target_id=7');
    expect(times(user7)).toEqual([
      '2020-01-05T00:00:00.000Z',
      '2020-01-03T00:00:00.000Z',
      '2020-01-01T00:00:00.000Z',
    ]);
    expect(user7.json().meta.total).toBe(3);
    const session7 = await list('?target_type=session&target_id=7');
    expect(session7.json().data).toMatchObject([{ action: 'session.revoked', target_type: 'session' }]);
    expect(times(await list('?target_id=7'))).toHaveLength(4);
  });

  it('pages like the users list', async () => {
    const res = await list('?to=2021-01-01T00:00:00Z&per_page=2&page=2');

    expect(res.statusCode).toBe(200);
    expect(res.json().meta).toEqual({ page: 2, per_page: 2, total: 5, pages: 3 });
    expect(times(res)).toEqual(['2020-01-03T00:00:00.000Z', '2020-01-02T00:00:00.000Z']);
    const last = await list('?to=2021-01-01T00:00:00Z&per_page=2&page=3');
    expect(times(last)).toEqual(['2020-01-01T00:00:00.000Z']);
  });

  it.each([
    ['actor_id', '?actor_id=alice'],
    ['actor_id', '?actor_id=0'],
    ['from', '?from=yesterday'],
    ['to', '?to=2020-13-45T00:00:00Z'],
    ['action', '?action='],
    ['target_type', '?target_type='],
    ['target_type', `?target_type=${'x'.repeat(33)}`],
    ['per_page', '?per_page=0'],
    ['colour', '?colour=red'],
  ])('answers 422 naming %s for %s', async (field, query) => {
    const res = await list(query);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validation_error' });
    expect(Object.keys(res.json().errors)).toContain(field);
  });

  it('has no route that changes or deletes an event', async () => {
    const before = await auditEvents(t.app);
    const id = before[0]!.id;

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await t.inject({ method, url: '/api/v1/audit-events', payload: {} });
      expect(res.statusCode, method).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await t.inject({ method, url: `/api/v1/audit-events/${id}`, payload: {} });
      expect(res.statusCode, method).toBe(404);
    }
    expect(await auditEvents(t.app)).toEqual(before);
  });
});
