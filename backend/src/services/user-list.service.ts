import { toIso, toIsoOrNull, type Db } from '../db/dialect.js';
import * as pages from '../db/user-pages.repository.js';
import type { ProfileRow } from '../db/users.repository.js';
import { ValidationError } from '../errors.js';
import type { ListUsersQuery, User } from '../schemas/users.js';
import { decodeUserCursor, encodeUserCursor, type UserCursor } from './user-cursor.js';
import {
  cursorPageMeta,
  DEFAULT_PER_PAGE,
  pageOffset,
  takePage,
  type CursorPageMeta,
  type Page,
} from './paging.js';
import { toUser } from './user-fields.js';

// The users list: a page of a search, filters and sort, by number or by cursor, with its total.

export type UserPage = Page<User, CursorPageMeta>;

/** A search matching more users than this is counted only this far (`total_exact: false`). */
export const EXACT_COUNT_LIMIT = 1_000;

interface ListPlan {
  query: Omit<UserCursor, 'v' | 'after' | 'page'>;
  page: number;
  after?: pages.PagePosition;
}

const cursorMismatch = (field: string) =>
  new ValidationError({
    [field]: ['differs from the cursor, which carries the search, filters and sort of its query'],
  });

/** What a list request asks for: a page number of a query, or where a cursor left off. */
function planList(query: ListUsersQuery): ListPlan {
  const asked = {
    q: query.q?.trim().toLowerCase() || undefined,
    role: query.role,
    status: query.status,
    group: query.group,
    email_verified: query.email_verified,
    sort: query.sort,
  };
  if (query.cursor === undefined) {
    return { query: { ...asked, sort: asked.sort ?? 'id' }, page: query.page ?? 1 };
  }
  if (query.page !== undefined) {
    throw new ValidationError({ page: ['cannot be given together with cursor'] });
  }
  const cursor = decodeUserCursor(query.cursor);
  // Query fields may be repeated next to a cursor, but not changed under it.
  if (query.q !== undefined && asked.q !== cursor.q) throw cursorMismatch('q');
  for (const field of ['role', 'status', 'group', 'email_verified', 'sort'] as const) {
    if (asked[field] !== undefined && asked[field] !== cursor[field]) throw cursorMismatch(field);
  }
  const { sort, q, role, status, group, email_verified, after, page } = cursor;
  return {
    query: { sort, q, role, status, group, email_verified },
    page,
    after: { value: after[0], id: after[1] },
  };
}

/** The value a row is sorted by, as the cursor carries it: times as ISO 8601 text. */
function sortValue(row: ProfileRow, field: pages.UserSortField): string | number | null {
  if (field === 'last_login_at') return toIsoOrNull(row.last_login_at);
  return field === 'created_at' || field === 'updated_at' ? toIso(row[field]) : row[field];
}

/**
 * The page's total. A numbered page that is the last one (rows to spare, or none past page 1)
 * already says it: everything before it plus its rows, exact, with no count. A search that
 * matches a few users, the common case, is then one query rather than two.
 */
async function totalOf(
  db: Db,
  filter: pages.UserFilter,
  lastPageOffset: number | null,
  rows: readonly unknown[],
): Promise<{ count: number; exact: boolean }> {
  if (lastPageOffset !== null && (rows.length > 0 || lastPageOffset === 0)) {
    return { count: lastPageOffset + rows.length, exact: true };
  }
  return pages.countUsersUpTo(db, filter, EXACT_COUNT_LIMIT);
}

export async function listUsers(db: Db, request: ListUsersQuery): Promise<UserPage> {
  const perPage = request.per_page ?? DEFAULT_PER_PAGE;
  const { query, page, after } = planList(request);
  const filter: pages.UserFilter = {
    search: query.q,
    role: query.role,
    status: query.status,
    group: query.group,
    verified: query.email_verified,
  };
  const field = query.sort.replace(/^-/, '') as pages.UserSortField;
  const offset = pageOffset(page, perPage);
  // One row more than the page shows whether another page follows.
  const rows = await pages.findUserPage(db, {
    ...filter,
    sort: field,
    descending: query.sort.startsWith('-'),
    limit: perPage + 1,
    after,
    offset,
  });
  const total = await totalOf(
    db,
    filter,
    rows.length <= perPage && after === undefined ? offset : null,
    rows,
  );
  const { items, more } = takePage(rows, perPage);
  const last = items.at(-1);
  const nextCursor =
    more && last
      ? encodeUserCursor({ ...query, after: [sortValue(last, field), last.id], page: page + 1 })
      : null;
  return { items: items.map(toUser), meta: cursorPageMeta(page, perPage, total, nextCursor) };
}
