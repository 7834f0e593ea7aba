import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group } from '../../src/schemas/groups.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createGroup } from '../support/groups.js';
import { failure, success } from '../support/http.js';
import { closeGate } from '../support/race.js';

describe(`groups: create, read, update, delete on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (payload: unknown) =>
    t.inject({ method: 'POST', url: '/api/v1/groups', payload: payload as object });
  const get = (id: number | string) => t.inject({ method: 'GET', url: `/api/v1/groups/${id}` });
  const list = async (query = '') =>
    success<Group[]>(await t.inject({ method: 'GET', url: `/api/v1/groups${query}` }));

  it('creates a group with 201, Location and ETag, and reads it back', async () => {
    const res = await post({ name: '  Night shift ', description: ' Keeps the lights on ' });
    expect(res.statusCode, res.body).toBe(201);
    const body = success<Group>(res);
    expect(body.message).toBe('Group created');
    expect(body.data).toMatchObject({ name: 'Night shift', description: 'Keeps the lights on', version: 1 });
    expect(body.data.created_at).toBe(body.data.updated_at);
    expect(res.headers.location).toBe(`/api/v1/groups/${body.data.id}`);
    expect(res.headers.etag).toBe('"1"');

    const fetched = await get(body.data.id);
    expect(success<Group>(fetched).data).toEqual(body.data);
    expect(fetched.headers.etag).toBe('"1"');
  });

  it('stores a blank or missing description as null', async () => {
    expect((await createGroup(t, { name: 'A' })).description).toBeNull();
    expect((await createGroup(t, { name: 'B', description: '   ' })).description).toBeNull();
    expect((await createGroup(t, { name: 'C', description: null })).description).toBeNull();
  });

  it('refuses names and descriptions that do not fit, naming the field', async () => {
    expect(failure(await post({ name: '   ' }), 422).errors).toHaveProperty('name');
    expect(failure(await post({ name: 'x'.repeat(101) }), 422).errors).toHaveProperty('name');
    expect(failure(await post({ name: 'ok', description: 'd'.repeat(1001) }), 422).errors).toHaveProperty(
      'description',
    );
    expect(failure(await post({ name: 'ok', members: [] }), 422).errors).toHaveProperty('members');
    expect((await list()).data).toEqual([]);
  });

  it.each([
    ['Operations', 'OPERATIONS'],
    ['Straße', 'STRASSE'],
    ['ΣΊΣΥΦΟΣ', 'σίσυφος'],
    ['café', 'CAFE\u0301'],
  ])('treats %s and %s as the same name (409), whichever way round', async (first, second) => {
    await createGroup(t, { name: first });
    const body = failure(await post({ name: second }), 409);
    expect(body).toMatchObject({ code: 'conflict', message: 'A group with this name already exists' });
    expect((await list()).data.map((g) => g.name)).toEqual([first]);
  });

  it('keeps names apart that differ in more than case', async () => {
    for (const name of ['Kilic', 'Kılıc', 'Cafe', 'Café']) await createGroup(t, { name });
    expect((await list()).meta).toMatchObject({ total: 4 });
  });

  it('lets exactly one of two concurrent creates of the same name win, whatever the case', async () => {
    // On PostgreSQL both inserts wait behind a lock on the table, so both are past anything
    // they read first when they meet at the unique index; SQLite takes them in turn.
    const gate = await closeGate(t.app, sql`lock table groups in exclusive mode`);
    const both = Promise.all([post({ name: 'Racers' }), post({ name: 'RACERS' })]);
    await gate.openWhenBlocked(2, both);
    const [a, b] = await both;
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(failure(a.statusCode === 409 ? a : b, 409).code).toBe('conflict');
    expect((await list()).meta?.total).toBe(1);
  });

  it('answers 404 for a group that does not exist, and 422 for an id that cannot be one', async () => {
    expect(failure(await get(999), 404).message).toBe('Group not found');
    expect(Object.keys(failure(await get('abc'), 422).errors ?? {})).toEqual(['id']);
  });

  describe('the list', () => {
    it('pages in name order, any case, with exact meta', async () => {
      for (const name of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo']) await createGroup(t, { name });
      const first = await list('?per_page=2');
      expect(first.data.map((g) => g.name)).toEqual(['Alpha', 'Bravo']);
      expect(first.meta).toEqual({ page: 1, per_page: 2, total: 5, pages: 3 });
      expect((await list('?per_page=2&page=3')).data.map((g) => g.name)).toEqual(['echo']);
    });

    it('finds groups by part of their name in any case, wildcards taken literally', async () => {
      for (const name of ['Straßenbau', 'Road works', '100% remote', '100 percent']) {
        await createGroup(t, { name });
      }
      expect((await list('?q=STRASSE')).data.map((g) => g.name)).toEqual(['Straßenbau']);
      expect((await list('?q=WORK')).data.map((g) => g.name)).toEqual(['Road works']);
      expect((await list(`?q=${encodeURIComponent('0%')}`)).data.map((g) => g.name)).toEqual(['100% remote']);
      expect((await list('?q=_')).data).toEqual([]);
      expect((await list('?q=zzz')).meta?.total).toBe(0);
    });
  });

  describe.each(['PUT', 'PATCH'] as const)('%s', (method) => {
    let group: Group;
    beforeEach(async () => {
      group = await createGroup(t, { name: 'Editors', description: 'Words' });
    });
    const update = (payload: unknown, headers: Record<string, string> = {}, id = group.id) =>
      t.inject({ method, url: `/api/v1/groups/${id}`, payload: payload as object, headers });

    it('changes only the fields given and answers the new version with its ETag', async () => {
      const res = await update({ description: 'Sentences' });
      expect(res.statusCode, res.body).toBe(200);
      expect(success<Group>(res).data).toMatchObject({
        name: 'Editors',
        description: 'Sentences',
        version: 2,
      });
      expect(res.headers.etag).toBe('"2"');
      const cleared = success<Group>(await update({ description: null })).data;
      expect(cleared).toMatchObject({ description: null, version: 3 });
    });

    it('lets a group change the case of its own name, but not take another group’s', async () => {
      expect(success<Group>(await update({ name: 'EDITORS' })).data.name).toBe('EDITORS');
      await createGroup(t, { name: 'Writers' });
      expect(failure(await update({ name: 'writers' }), 409).code).toBe('conflict');
    });

    it('refuses an empty body with a 422', async () => {
      expect(failure(await update({}), 422).message).toBe('Nothing to update');
    });

    it('answers 412 for a stale If-Match and keeps the group; * and the current tag pass', async () => {
      await update({ description: 'v2' });
      expect(failure(await update({ name: 'Stale' }, { 'if-match': '"1"' }), 412).code).toBe(
        'precondition_failed',
      );
      expect(success<Group>(await get(group.id)).data).toMatchObject({ name: 'Editors', version: 2 });
      expect((await update({ name: 'Now' }, { 'if-match': '"2"' })).statusCode).toBe(200);
      expect((await update({ name: 'Any' }, { 'if-match': '*' })).statusCode).toBe(200);
    });

    it('lets only one of two writers holding the same tag win', async () => {
      const [a, b] = await Promise.all([
        update({ name: 'Writer A' }, { 'if-match': '"1"' }),
        update({ name: 'Writer B' }, { 'if-match': '"1"' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    });

    it('answers 404 for a missing group whatever the header', async () => {
      for (const tag of ['*', '"1"']) {
        expect(failure(await update({ name: 'X' }, { 'if-match': tag }, 999), 404).code).toBe('not_found');
      }
    });
  });

  describe('delete', () => {
    let group: Group;
    beforeEach(async () => {
      group = await createGroup(t, { name: 'Temporary' });
    });
    const remove = (headers: Record<string, string> = {}, id = group.id) =>
      t.inject({ method: 'DELETE', url: `/api/v1/groups/${id}`, headers });

    it('answers the deleted group; then it is gone and its name free', async () => {
      const res = await remove();
      expect(res.statusCode, res.body).toBe(200);
      expect(success<Group>(res)).toEqual({ status: 'success', data: group, message: 'Group deleted' });
      expect(failure(await get(group.id), 404).code).toBe('not_found');
      expect(failure(await remove(), 404).code).toBe('not_found');
      expect((await createGroup(t, { name: 'TEMPORARY' })).id).not.toBe(group.id);
    });

    it('answers 412 for a stale If-Match and keeps the group', async () => {
      await t.inject({ method: 'PATCH', url: `/api/v1/groups/${group.id}`, payload: { description: 'x' } });
      expect(failure(await remove({ 'if-match': '"1"' }), 412).code).toBe('precondition_failed');
      expect((await get(group.id)).statusCode).toBe(200);
      expect((await remove({ 'if-match': '"2"' })).statusCode).toBe(200);
    });
  });
});
