import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Group } from '../../src/schemas/groups.js';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents, eventsDuring, type StoredEvent } from '../support/audit.js';
import { addMember, createGroup, memberIds } from '../support/groups.js';
import { createUsers, failure, success } from '../support/http.js';
import { closeGate } from '../support/race.js';

/** Deleting a user or a group ends memberships; the log says which, on both sides. */
describe(`memberships ended by a delete, on ${dialect}`, () => {
  let t: TestApp;
  let red: Group;
  let blue: Group;
  let ann: User;
  let ben: User;
  beforeEach(async () => {
    t = await buildTestApp();
    red = await createGroup(t, { name: 'Red' });
    blue = await createGroup(t, { name: 'Blue' });
    [ann, ben] = (await createUsers(t, ['Ann', 'Ben'])) as [User, User];
    for (const [group, user] of [
      [red, ann],
      [blue, ann],
      [red, ben],
    ] as const) {
      await addMember(t, group.id, user.id);
    }
  });
  afterEach(async () => {
    await t.close();
  });

  // For good: a user in the recycle bin keeps their memberships (hidden) for a restore, and they
  // end when the user is purged (test/http/lifecycle.test.ts covers the bin).
  const deleteUser = (user: User, headers: Record<string, string> = {}) =>
    t.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}?purge=true`, headers });
  const deleteGroup = (group: Group) => t.inject({ method: 'DELETE', url: `/api/v1/groups/${group.id}` });
  const ended = (group: Group, user: User) => ({
    group_id: [group.id, null],
    group_name: [group.name, null],
    user_id: [user.id, null],
    user_email: [user.email, null],
  });
  /** The member_removed events, as "target_type target_id: group user". */
  const removals = (events: StoredEvent[]) =>
    events
      .filter((e) => e.action === 'group.member_removed')
      .map(
        (e) =>
          `${e.target_type} ${e.target_id}: ${String(e.changes?.group_id?.[0])} ${String(e.changes?.user_id?.[0])}`,
      )
      .sort();

  it("records each of a deleted user's memberships on the group's and the user's side", async () => {
    const { result, events } = await eventsDuring(t.app, () => deleteUser(ann));
    expect(result.statusCode, result.body).toBe(200);
    expect(removals(events)).toEqual(
      [
        `group ${red.id}: ${red.id} ${ann.id}`,
        `group ${blue.id}: ${blue.id} ${ann.id}`,
        `user ${ann.id}: ${red.id} ${ann.id}`,
        `user ${ann.id}: ${blue.id} ${ann.id}`,
      ].sort(),
    );
    const aboutRed = events.find((e) => e.target_type === 'group' && e.target_id === String(red.id));
    expect(aboutRed?.changes).toEqual(ended(red, ann));
    // Recorded in the delete's own request, before the user.deleted event.
    expect(new Set(events.map((e) => e.request_id)).size).toBe(1);
    expect(events.at(-1)?.action).toBe('user.purged');
    expect(await memberIds(t, red.id)).toEqual([ben.id]);
    expect(await memberIds(t, blue.id)).toEqual([]);
  });

  it('reads the ended memberships from the user’s history after the user is gone', async () => {
    await deleteUser(ann);
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/audit-events?target_type=user&target_id=${ann.id}`,
    });
    const actions = success<{ action: string }[]>(res).data.map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual(['user.purged', 'group.member_removed', 'group.member_removed']);
  });

  it("records each of a deleted group's memberships on both sides", async () => {
    const { result, events } = await eventsDuring(t.app, () => deleteGroup(red));
    expect(result.statusCode, result.body).toBe(200);
    expect(removals(events)).toEqual(
      [
        `group ${red.id}: ${red.id} ${ann.id}`,
        `group ${red.id}: ${red.id} ${ben.id}`,
        `user ${ann.id}: ${red.id} ${ann.id}`,
        `user ${ben.id}: ${red.id} ${ben.id}`,
      ].sort(),
    );
    const aboutBen = events.find((e) => e.target_type === 'user' && e.target_id === String(ben.id));
    expect(aboutBen?.changes).toEqual(ended(red, ben));
    expect(events.at(-1)?.action).toBe('group.deleted');
    const bensGroups = success<Group[]>(
      await t.inject({ method: 'GET', url: `/api/v1/groups?member=${ben.id}` }),
    );
    expect(bensGroups.data).toEqual([]);
  });

  it('ends nothing and records nothing when the delete is refused', async () => {
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${ann.id}`, payload: { name: 'Annie' } });
    const { result, events } = await eventsDuring(t.app, () => deleteUser(ann, { 'if-match': '"1"' }));
    expect(failure(result, 412).code).toBe('precondition_failed');
    expect(events).toEqual([]);
    expect(await memberIds(t, blue.id)).toEqual([ann.id]);
  });

  it('never leaves a membership of a deleted user, nor one the log does not end', async () => {
    // On PostgreSQL both requests wait at the user's row: the delete to lock it, the add for its
    // foreign key check. Whichever goes first, the user ends up in no group, and an add that
    // answered 201 is followed by its member_removed pair.
    const gate = await closeGate(t.app, sql`select * from users where id = ${ben.id} for update`);
    const before = (await auditEvents(t.app)).at(-1)!.id;
    const both = Promise.all([
      t.inject({ method: 'POST', url: `/api/v1/groups/${blue.id}/members`, payload: { user_id: ben.id } }),
      deleteUser(ben),
    ]);
    await gate.openWhenBlocked(2, both);
    const [added, deleted] = await both;
    expect(deleted.statusCode, deleted.body).toBe(200);
    const events = (await auditEvents(t.app)).filter((e) => e.id > before);
    const blueRemovals = removals(events).filter((r) => r.includes(`: ${blue.id} ${ben.id}`));
    if (added.statusCode === 201) {
      expect(blueRemovals).toEqual([
        `group ${blue.id}: ${blue.id} ${ben.id}`,
        `user ${ben.id}: ${blue.id} ${ben.id}`,
      ]);
    } else {
      expect(failure(added, 404).message).toBe('User not found');
      expect(blueRemovals).toEqual([]);
    }
    expect(await memberIds(t, blue.id)).toEqual([ann.id]);
    expect(await memberIds(t, red.id)).toEqual([ann.id]);
  });

  it('records a membership once when its user and its group are deleted at the same time', async () => {
    // On PostgreSQL both deletes wait at the membership's row, each inside its transaction with
    // its own row locked; whichever deletes the membership records it, the other finds it gone.
    const gate = await closeGate(
      t.app,
      sql`select * from group_members where group_id = ${red.id} and user_id = ${ann.id} for update`,
    );
    const before = (await auditEvents(t.app)).at(-1)!.id;
    const both = Promise.all([deleteUser(ann), deleteGroup(red)]);
    await gate.openWhenBlocked(2, both);
    for (const res of await both) expect(res.statusCode, res.body).toBe(200);
    const events = (await auditEvents(t.app)).filter((e) => e.id > before);
    expect(removals(events)).toEqual(
      [
        `group ${red.id}: ${red.id} ${ann.id}`,
        `user ${ann.id}: ${red.id} ${ann.id}`,
        `group ${red.id}: ${red.id} ${ben.id}`,
        `user ${ben.id}: ${red.id} ${ben.id}`,
        `group ${blue.id}: ${blue.id} ${ann.id}`,
        `user ${ann.id}: ${blue.id} ${ann.id}`,
      ].sort(),
    );
  });
});
