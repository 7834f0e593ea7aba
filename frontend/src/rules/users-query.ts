import { USER_SORT_FIELDS, type Settings, type UserListQuery } from '../types.ts';
import type { UserListApiQuery, UserListFilters } from '../types/lifecycle.ts';
import { activityQuery, isActivity } from './lifecycle-rules.ts';
import { pageSizes } from './paging.ts';

/**
 * The users screen keeps its state in the URL
 * (`?q=&role=&status=&email_verified=&group=&activity=&sort=&page=&per_page=`,
 * or `cursor=` in place of `page=` for the next, previous and last pages) so a
 * reload, back, forward and a shared link all show the same list. Anything in the URL that the
 * API would refuse falls back to the default instead of showing an error.
 */

export const DEFAULT_USER_QUERY: UserListQuery = {
  page: 1,
  per_page: 20,
  q: '',
  role: '',
  status: '',
  sort: 'id',
  group: '',
  email_verified: '',
  cursor: '',
  activity: '',
};

function positiveInt(raw: string | null, fallback: number, max: number): number {
  if (raw === null || !/^\d{1,10}$/.test(raw)) return fallback;
  const value = Number(raw);
  return value >= 1 && value <= max ? value : fallback;
}

function isSort(raw: string): boolean {
  return (USER_SORT_FIELDS as readonly string[]).includes(raw.replace(/^-/, ''));
}

/** The state in `params`; a role or status the settings do not list is no filter. */
export function parseUserQuery(params: URLSearchParams, settings: Settings): UserListQuery {
  const role = params.get('role') ?? '';
  const status = params.get('status') ?? '';
  const perPage = positiveInt(params.get('per_page'), DEFAULT_USER_QUERY.per_page, settings.max_per_page);
  const sort = params.get('sort') ?? '';
  return {
    page: positiveInt(params.get('page'), 1, 1_000_000),
    per_page: pageSizes(settings.max_per_page).includes(perPage) ? perPage : DEFAULT_USER_QUERY.per_page,
    q: (params.get('q') ?? '').slice(0, 200),
    role: settings.roles.includes(role) ? role : '',
    status: settings.statuses.includes(status) ? status : '',
    sort: isSort(sort) ? sort : DEFAULT_USER_QUERY.sort,
    group: String(positiveInt(params.get('group'), 0, 2_147_483_647) || ''),
    email_verified: verifiedFilter(params.get('email_verified')),
    cursor: CURSOR.test(params.get('cursor') ?? '') ? params.get('cursor')! : '',
    activity: isActivity(params.get('activity') ?? '') ? params.get('activity')! : '',
  };
}

function verifiedFilter(raw: string | null): UserListQuery['email_verified'] {
  return raw === 'true' || raw === 'false' ? raw : '';
}

/** What the API gives out as a cursor: base64url text, at most 2,048 characters. */
const CURSOR = /^[A-Za-z0-9_-]{1,2048}$/;

/** The query string for `query`, leaving out defaults so links stay short. */
export function userQueryString(query: UserListQuery): string {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set('q', query.q);
  if (query.role) params.set('role', query.role);
  if (query.status) params.set('status', query.status);
  if (query.group) params.set('group', query.group);
  if (query.email_verified) params.set('email_verified', query.email_verified);
  if (query.activity) params.set('activity', query.activity);
  if (query.sort !== DEFAULT_USER_QUERY.sort) params.set('sort', query.sort);
  if (query.cursor) params.set('cursor', query.cursor);
  else if (query.page !== 1) params.set('page', String(query.page));
  if (query.per_page !== DEFAULT_USER_QUERY.per_page) params.set('per_page', String(query.per_page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** What the API is asked for: the search trimmed, the sign-in menu as the API's filters. */
export function apiQuery(query: UserListQuery, now = new Date()): UserListApiQuery {
  const { activity, ...rest } = query;
  return { ...rest, q: query.q.trim(), ...activityQuery(activity, now) };
}

const PAGING = new Set(['page', 'per_page', 'cursor']);

/** What the list shows, without where in it: every filter and the sort (an export's query). */
export function listFilters(query: UserListQuery): UserListFilters {
  return Object.fromEntries(
    Object.entries(apiQuery(query)).filter(([field]) => !PAGING.has(field)),
  ) as UserListFilters;
}

/** No search and no filter, the sort and page size kept: what "Clear filters" leaves. */
export const NO_FILTERS = {
  q: '',
  role: '',
  status: '',
  group: '',
  email_verified: '',
  activity: '',
} as const;

/** A filter change starts again at page 1: page 4 of the old filter means nothing in the new one. */
export function withFilter(query: UserListQuery, change: Partial<UserListQuery>): UserListQuery {
  return { ...query, ...change, page: change.page ?? 1, cursor: '' };
}

/** The list at page `page` by number, or at a page's cursor. */
export function atPage(query: UserListQuery, page: number, cursor = ''): UserListQuery {
  return { ...query, page: cursor ? 1 : page, cursor };
}

export function hasFilters(query: UserListQuery): boolean {
  return (
    query.q.trim() !== '' ||
    query.role !== '' ||
    query.status !== '' ||
    query.group !== '' ||
    query.email_verified !== '' ||
    query.activity !== ''
  );
}
