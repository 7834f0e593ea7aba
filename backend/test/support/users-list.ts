import { expect } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { searchKey } from '../../src/services/user-fields.js';
import type { TestApp } from './app.js';
import { success } from './http.js';
import type { UserSeed } from './users.js';

/** The users list's page meta, cursors and all. */
export interface UsersListMeta {
  page: number;
  per_page: number;
  total: number;
  total_exact: boolean;
  pages: number;
  next_cursor: string | null;
  prev_cursor: string | null;
  last_cursor: string | null;
}

/** GET /api/v1/users?`query`, which must answer 200: the ids of the page, in order, and its meta. */
export async function listUsers(t: TestApp, query: string): Promise<{ ids: number[]; meta: UsersListMeta }> {
  const res = await t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
  expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
  const body = success<User[]>(res);
  return { ids: body.data.map((u) => u.id), meta: body.meta as unknown as UsersListMeta };
}

// Few distinct names and times, so every sort meets runs of equal values that only id orders.
const NAMES = ['Ann Lee', 'Bob Stone', 'Ann Lee', 'Cy Annan', 'Bob Stone', 'Dee'];
// Listed here, not taken from the domain's order: the tests' filters are chosen for this data.
export const ROLES = ['admin', 'manager', 'viewer'] as const;
const TIMES = ['2026-03-01T10:00:00.000Z', '2026-02-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z'];

/**
 * `count` users for paging tests, alike enough that every sort field but email has runs of ties:
 * four names (two with "ann" in them), the three roles in turn, every fourth disabled, two
 * distinct times. Each email starts with one of the first `letters` letters, so email order
 * differs from id order. Every fourth never signed in: the nulls sort as one run of ties, after
 * or before the rest.
 */
export function tiedUsers(count: number, letters = 24): UserSeed[] {
  return Array.from({ length: count }, (_, i) => ({
    name: NAMES[i % NAMES.length]!,
    email: `${String.fromCharCode(97 + ((i * 7) % letters))}${i}@example.com`,
    role: ROLES[i % 3],
    status: i % 4 === 3 ? 'disabled' : 'active',
    created_at: TIMES[i % 3],
    updated_at: TIMES[(i + 1) % 2],
    last_login_at: i % 4 === 1 ? null : TIMES[(i + 2) % 3],
  }));
}

/**
 * The ids among `users`, in their order, that a list query's q, role and status select: worked
 * out here, not by the code under test. Other parameters (sort, paging) are ignored.
 */
export function matchingIds(users: User[], query: string): number[] {
  const params = new URLSearchParams(query);
  const q = params.get('q')?.trim().toLowerCase();
  return users
    .filter((u) => !q || searchKey(u.name, u.email).includes(q))
    .filter((u) => !params.get('role') || u.role === params.get('role'))
    .filter((u) => !params.get('status') || u.status === params.get('status'))
    .map((u) => u.id);
}
