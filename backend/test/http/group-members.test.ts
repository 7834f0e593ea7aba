import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group, GroupMember } from '../../src/schemas/groups.js';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { eventsDuring } from '../support/audit.js';
import { addMember, createGroup, memberIds } from '../support/groups.js';
import { createUser, createUsers, failure, success } from '../support/http.js';

describe(`a group's members on ${dialect}`, () => {
  let t: TestApp;
  let group: Group;
  let ada: User;
  beforeEach(async () => {
    t = await buildTestApp();
    group = await createGroup(t, { name: 'Engineers' });
    ada = await createUser(t, { name: 'Ada', email: 'ada@example.com' });
  });
  afterEach(async () => {
    await t.close();
  });

  const add = (userId: number, groupId = group.id) =>
    t.inject({ method: 'POST', url: `/api/v1/groups/${groupId}/members`, payload: { user_id: userId } });
  const remove = (userId: number, groupId = group.id) =>
    t.inject({ method: 'DELETE', url: `/api/v1/groups/${groupId}/members/${userId}` });
  const getMember = (userId: number, groupId = group.id) =>
    t.inject({ method: 'GET', url: `/api/v1/groups/${groupId}/members/${userId}` });

  it('adds a user with 201 and Location, answering the user and when they joined', async () => {
    const res = await add(ada.id);
    expect(res.statusCode, res.body).toBe(201);
    const body = success<GroupMember>(res);
    expect(body.message).toBe('Member added');
    // The user as lists show them, without the user's version (that is the user's own ETag).
    expect(body.data).not.toHaveProperty('version');
    expect({ ...body.data, version: ada.version }).toEqual({ ...ada, added_at: body.data.added_at });
    expect(new Date(body.data.added_at).toISOString()).toBe(body.data.added_at);
    expect(res.headers.location).toBe(`/api/v1/groups/${group.id}/members/${ada.id}`);
    expect(success<GroupMember>(await t.inject({ method: 'GET', url: res.headers.location! })).data).toEqual(
      body.data,
    );
  });

  it('answers 200 "Already a member" to a second add, changing and recording nothing', async () => {
    const first = success<GroupMember>(await add(ada.id)).data;
    const { result, events } = await eventsDuring(t.app, () => add(ada.id));
    expect(result.statusCode, result.body).toBe(200);
    expect(success<GroupMember>(result)).toEqual({
      status: 'success',
      data: first,
      message: 'Already a member',
    });
    expect(result.headers.location).toBeUndefined();
    expect(events).toEqual([]);
    expect(await memberIds(t, group.id)).toEqual([ada.id]);
  });

  it('lets two concurrent adds of the same user make one membership and one pair of events', async () => {
    const { result, events } = await eventsDuring(t.app, () => Promise.all([add(ada.id), add(ada.id)]));
    expect(result.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(events.map((e) => `${e.action} ${e.target_type}`)).toEqual([
      'group.member_added group',
      'group.member_added user',
    ]);
  });

  it('answers 404 for an unknown user or group, and adds nobody', async () => {
    expect(failure(await add(999), 404).message).toBe('User not found');
    expect(failure(await add(ada.id, 999), 404).message).toBe('Group not found');
    expect(await memberIds(t, group.id)).toEqual([]);
  });

  it('refuses a body without a valid user_id', async () => {
    for (const payload of [{}, { user_id: 'x' }, { user_id: 0 }, { user_id: ada.id, role: 'admin' }]) {
      const res = await t.inject({ method: 'POST', url: `/api/v1/groups/${group.id}/members`, payload });
      expect(failure(res, 422).code).toBe('validation_error');
    }
  });

  it('removes a member, answering who left; a second remove is 404', async () => {
    const joined = success<GroupMember>(await add(ada.id)).data;
    const res = await remove(ada.id);
    expect(success<GroupMember>(res)).toEqual({ status: 'success', data: joined, message: 'Member removed' });
    expect(await memberIds(t, group.id)).toEqual([]);
    expect(failure(await remove(ada.id), 404).message).toBe('The user is not a member of this group');
    expect(failure(await getMember(ada.id), 404).code).toBe('not_found');
    expect(failure(await remove(ada.id, 999), 404).message).toBe('Group not found');
  });

  it('lists members by user id, a page at a time, with an exact total', async () => {
    const users = await createUsers(t, ['Eve', 'Bob', 'Cy', 'Dee']);
    for (const user of [...users].reverse()) await addMember(t, group.id, user.id);
    const url = (query: string) => `/api/v1/groups/${group.id}/members${query}`;
    const first = success<GroupMember[]>(await t.inject({ method: 'GET', url: url('?per_page=3') }));
    expect(first.data.map((m) => m.id)).toEqual(users.slice(0, 3).map((u) => u.id));
    expect(first.meta).toEqual({ page: 1, per_page: 3, total: 4, pages: 2 });
    const second = success<GroupMember[]>(await t.inject({ method: 'GET', url: url('?per_page=3&page=2') }));
    expect(second.data.map((m) => m.id)).toEqual([users[3]!.id]);
    expect(failure(await t.inject({ method: 'GET', url: '/api/v1/groups/999/members' }), 404).code).toBe(
      'not_found',
    );
  });

  it("lists a user's groups with ?member=, paged, and none for a user in no group", async () => {
    const other = await createGroup(t, { name: 'Artists' });
    await createGroup(t, { name: 'Bystanders' });
    await addMember(t, group.id, ada.id);
    await addMember(t, other.id, ada.id);
    const groupsOf = async (query: string) =>
      success<Group[]>(await t.inject({ method: 'GET', url: `/api/v1/groups?${query}` }));
    const all = await groupsOf(`member=${ada.id}`);
    expect(all.data.map((g) => g.name)).toEqual(['Artists', 'Engineers']);
    expect(all.meta?.total).toBe(2);
    expect((await groupsOf(`member=${ada.id}&q=eng`)).data.map((g) => g.name)).toEqual(['Engineers']);
    expect((await groupsOf(`member=${t.admin.id}`)).data).toEqual([]);
  });

  describe('the audit log', () => {
    const history = async (type: string, id: number) =>
      success<{ action: string; changes: Record<string, unknown> }[]>(
        await t.inject({ method: 'GET', url: `/api/v1/audit-events?target_type=${type}&target_id=${id}` }),
      ).data;

    it('records an add and a remove on both sides: the group’s history and the user’s', async () => {
      const added = await eventsDuring(t.app, () => add(ada.id));
      const membership = {
        group_id: group.id,
        group_name: 'Engineers',
        user_id: ada.id,
        user_email: ada.email,
      };
      const joined = Object.fromEntries(Object.entries(membership).map(([k, v]) => [k, [null, v]]));
      expect(added.events).toMatchObject([
        { action: 'group.member_added', target_type: 'group', target_id: String(group.id), changes: joined },
        { action: 'group.member_added', target_type: 'user', target_id: String(ada.id), changes: joined },
      ]);
      expect(added.events.map((e) => e.actor_id)).toEqual([t.admin.id, t.admin.id]);
      expect(added.events[0]!.request_id).toBe(added.events[1]!.request_id);

      await remove(ada.id);
      const left = Object.fromEntries(Object.entries(membership).map(([k, v]) => [k, [v, null]]));
      expect((await history('group', group.id)).slice(0, 2)).toMatchObject([
        { action: 'group.member_removed', changes: left },
        { action: 'group.member_added', changes: joined },
      ]);
      expect((await history('user', ada.id)).slice(0, 2)).toMatchObject([
        { action: 'group.member_removed', changes: left },
        { action: 'group.member_added', changes: joined },
      ]);
    });

    it('records create, update and delete of the group itself', async () => {
      await t.inject({ method: 'PATCH', url: `/api/v1/groups/${group.id}`, payload: { name: 'Builders' } });
      await t.inject({ method: 'DELETE', url: `/api/v1/groups/${group.id}` });
      expect((await history('group', group.id)).map((e) => [e.action, e.changes])).toEqual([
        ['group.deleted', expect.objectContaining({ name: ['Builders', null], id: [group.id, null] })],
        ['group.updated', { name: ['Engineers', 'Builders'] }],
        ['group.created', expect.objectContaining({ name: [null, 'Engineers'], id: [null, group.id] })],
      ]);
    });
  });
});
