import { expect } from 'vitest';
import type { Group, GroupMember } from '../../src/schemas/groups.js';
import type { TestApp } from './app.js';
import { success } from './http.js';

/** Creates a group through the API as the test's admin; fails the test if the API refuses. */
export async function createGroup(t: TestApp, body: Record<string, unknown>): Promise<Group> {
  const res = await t.inject({ method: 'POST', url: '/api/v1/groups', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return success<Group>(res).data;
}

/** Adds a user to a group through the API; fails the test unless the user joins. */
export async function addMember(t: TestApp, groupId: number, userId: number): Promise<GroupMember> {
  const res = await t.inject({
    method: 'POST',
    url: `/api/v1/groups/${groupId}/members`,
    payload: { user_id: userId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return success<GroupMember>(res).data;
}

/** The ids of a group's members, as the API lists them. */
export async function memberIds(t: TestApp, groupId: number): Promise<number[]> {
  const res = await t.inject({ method: 'GET', url: `/api/v1/groups/${groupId}/members?per_page=100` });
  expect(res.statusCode, res.body).toBe(200);
  return success<GroupMember[]>(res).data.map((m) => m.id);
}
