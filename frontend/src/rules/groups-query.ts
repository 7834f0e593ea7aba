import { pageParams, pageParamsString } from './paging.ts';

/**
 * The groups list keeps its state in the URL (`?q=&page=&per_page=`), and a group's page its
 * members' page (`?page=&per_page=`), so a reload, back, forward and a shared link show the same.
 */

export interface GroupsQuery {
  q: string;
  page: number;
  per_page: number;
}

export const DEFAULT_GROUPS_QUERY: GroupsQuery = { q: '', page: 1, per_page: 20 };

export function parseGroupsQuery(params: URLSearchParams): GroupsQuery {
  return { q: (params.get('q') ?? '').slice(0, 200), ...pageParams(params, DEFAULT_GROUPS_QUERY.per_page) };
}

export function groupsQueryString(query: GroupsQuery): string {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set('q', query.q);
  return pageParamsString(query, DEFAULT_GROUPS_QUERY.per_page, params);
}

/** What the API is asked for: the search trimmed, left out when blank. */
export function groupsApiQuery(query: GroupsQuery): { q?: string; page: number; per_page: number } {
  const q = query.q.trim();
  return { page: query.page, per_page: query.per_page, ...(q ? { q } : {}) };
}

export interface MembersQuery {
  page: number;
  per_page: number;
}

export const DEFAULT_MEMBERS_QUERY: MembersQuery = { page: 1, per_page: 20 };

export function parseMembersQuery(params: URLSearchParams): MembersQuery {
  return pageParams(params, DEFAULT_MEMBERS_QUERY.per_page);
}

export function membersQueryString(query: MembersQuery): string {
  return pageParamsString(query, DEFAULT_MEMBERS_QUERY.per_page);
}
