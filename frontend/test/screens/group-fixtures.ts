import type { Group, GroupMember, PageMeta } from '../../src/types.ts';
import { user, type Answer } from './fake-context.ts';

/** Groups and members as the API sends them, for the groups screens' tests. */

export function group(over: Partial<Group> = {}): Group {
  return {
    id: 3,
    name: 'Editors',
    description: 'Who may publish',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    version: 2,
    ...over,
  };
}

export function member(over: Partial<GroupMember> = {}): GroupMember {
  return { ...user(), added_at: '2026-01-02T00:00:00.000Z', ...over };
}

/** A page of `items` as a list endpoint answers it. */
export function pageOf<T>(items: T[], meta: Partial<PageMeta> = {}): Answer {
  return { data: items, meta: { page: 1, per_page: 20, total: items.length, pages: 1, ...meta } };
}
