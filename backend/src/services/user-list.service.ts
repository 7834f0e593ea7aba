import { toIso, toIsoOrNull, type Db } from '../db/dialect.js';
import * as pages from '../db/user-pages.repository.js';
import type { ProfileRow } from '../db/users.repository.js';
import { ValidationError } from '../errors.js';
import {
  USER_FILTER_FIELDS,
  type ListUsersQuery,
  type User,
  type UserFilterQuery,
} from '../schemas/users.js';
import { decodeUserCursor, encodeUserCursor } from './user-cursor.js';
import {
  cursorPageMeta,
  DEFAULT_PER_PAGE,
  pageOffset,
  takePage,
  type CursorPageMeta,
  type Page,
} from './paging.js';
import { toUser } from './user-fields.js';
import { canonicalFilter, filterFieldsOf, repositoryFilter } from './user-filter.js';

// The users list: a page of a search, filters and sort, by number or by cursor, with its total.

export type UserPage = Page<User, CursorPageMeta>;

/** A search matching more users than this is counted only this far (`total_exact: false`). */
export const EXACT_COUNT_LIMIT = 1_000;

/** What a cursor carries besides where it stands: the search, filters and sort. */
interface ListQuery extends UserFilterQuery {
  sort: NonNullable<ListUsersQuery['sort']>;
}

/**
 * Where the page is: by number (an offset), after the last row of the page before (next),
 * before the first row of the page after (previous), or at the end (last). All but the first
 * read the sort index from a known row or end, so they cost what page 1 costs (decision 0158).
 */
type Position = { kind: 'number' } | { kind: 'after' | 'before'; at: pages.PagePosition } | { kind: 'last' };

interface ListPlan {
  query: ListQuery;
  page: number;
  position: Position;
}

const cursorMismatch = (field: string) =>
  new ValidationError({
    [field]: ['differs from the cursor, which carries the search, filters and sort of its query'],
  });

/** What a list request asks for: a page number of a query, or where a cursor stands. */
function planList(query: ListUsersQuery): ListPlan {
  const asked = { ...canonicalFilter(query), sort: query.sort };
  if (query.cursor === undefined) {
    return {
      query: { ...asked, sort: asked.sort ?? 'id' },
      page: query.page ?? 1,
      position: { kind: 'number' },
    };
  }
  if (query.page !== undefined) {
    throw new ValidationError({ page: ['cannot be given together with cursor'] });
  }
  const cursor = decodeUserCursor(query.cursor);
  // Query fields may be repeated next to a cursor, but not changed under it.
  if (query.q !== undefined && asked.q !== cursor.q) throw cursorMismatch('q');
  for (const field of [...USER_FILTER_FIELDS.filter((f) => f !== 'q'), 'sort'] as const) {
    if (asked[field] !== undefined && asked[field] !== cursor[field]) throw cursorMismatch(field);
  }
  const listQuery: ListQuery = { ...filterFieldsOf(cursor), sort: cursor.sort };
  if ('last' in cursor) return { query: listQuery, page: 0, position: { kind: 'last' } };
  const [kind, [value, id]] =
    'after' in cursor ? ['after' as const, cursor.after] : ['before' as const, cursor.before];
  return { query: listQuery, page: cursor.page, position: { kind, at: { value, id } } };
}

/** The value a row is sorted by, as the cursor carries it: times as ISO 8601 text. */
function sortValue(row: ProfileRow, field: pages.UserSortField): string | number | null {
  if (field === 'last_login_at') return toIsoOrNull(row.last_login_at);
  return field === 'created_at' || field === 'updated_at' ? toIso(row[field]) : row[field];
}

/** A page's rows and what follows from where they were read. */
interface Read {
  page: number;
  items: ProfileRow[];
  /** whether rows follow the page, and precede it */
  more: boolean;
  earlier: boolean;
  total: { count: number; exact: boolean };
}

interface Reader {
  db: Db;
  filter: pages.UserFilter;
  sort: pages.UserSortField;
  descending: boolean;
  perPage: number;
}

/**
 * A numbered page. One that is the last (rows to spare, or none past page 1) already says the
 * total: everything before it plus its rows, exact, with no count. A search that matches a few
 * users, the common case, is then one query rather than two.
 */
async function readNumbered(r: Reader, page: number): Promise<Read> {
  const offset = pageOffset(page, r.perPage);
  // One row more than the page shows whether another page follows.
  const rows = await pages.findUserPage(r.db, {
    ...r.filter,
    sort: r.sort,
    descending: r.descending,
    limit: r.perPage + 1,
    offset,
  });
  const { items, more } = takePage(rows, r.perPage);
  const isLast = rows.length <= r.perPage && (rows.length > 0 || offset === 0);
  const total = isLast
    ? { count: offset + rows.length, exact: true }
    : await pages.countUsersUpTo(r.db, r.filter, EXACT_COUNT_LIMIT);
  return { page, items, more, earlier: page > 1 && items.length > 0, total };
}

/** The page after a row: the index read on from it, as page 1 is read from the start. */
async function readAfter(r: Reader, page: number, at: pages.PagePosition): Promise<Read> {
  const rows = await pages.findUserPage(r.db, {
    ...r.filter,
    sort: r.sort,
    descending: r.descending,
    limit: r.perPage + 1,
    after: at,
  });
  const { items, more } = takePage(rows, r.perPage);
  const total = await pages.countUsersUpTo(r.db, r.filter, EXACT_COUNT_LIMIT);
  return { page, items, more, earlier: true, total };
}

/**
 * The page before a row: the index read backwards from it (the reversed order, continuing
 * after it), then turned around. Fewer rows than a page before it means rows went away since
 * the cursor was given: the first page is shown instead.
 */
async function readBefore(r: Reader, page: number, at: pages.PagePosition): Promise<Read> {
  const rows = await pages.findUserPage(r.db, {
    ...r.filter,
    sort: r.sort,
    descending: !r.descending,
    limit: r.perPage + 1,
    after: at,
  });
  if (rows.length < r.perPage) return readNumbered(r, 1);
  const earlier = rows.length > r.perPage;
  const items = rows.slice(0, r.perPage).reverse();
  const total = await pages.countUsersUpTo(r.db, r.filter, EXACT_COUNT_LIMIT);
  // Numbered by the cursor, unless what is read shows the page is (or is not) the first.
  return { page: earlier ? Math.max(page, 2) : 1, items, more: true, earlier, total };
}

/**
 * The last page: the exact total says how many rows it has, and the index read backwards from
 * the end gives them. A search is counted in full here, past EXACT_COUNT_LIMIT: the page's
 * number and size need it.
 */
async function readLast(r: Reader): Promise<Read> {
  const count = await pages.countUsers(r.db, r.filter);
  const total = { count, exact: true };
  if (count === 0) return { page: 1, items: [], more: false, earlier: false, total };
  const lastPage = Math.ceil(count / r.perPage);
  const rows = await pages.findUserPage(r.db, {
    ...r.filter,
    sort: r.sort,
    descending: !r.descending,
    limit: count - pageOffset(lastPage, r.perPage),
  });
  return { page: lastPage, items: rows.reverse(), more: false, earlier: lastPage > 1, total };
}

export async function listUsers(db: Db, request: ListUsersQuery): Promise<UserPage> {
  const perPage = request.per_page ?? DEFAULT_PER_PAGE;
  const { query, page, position } = planList(request);
  const sort = query.sort.replace(/^-/, '') as pages.UserSortField;
  const reader: Reader = {
    db,
    filter: repositoryFilter(query),
    sort,
    descending: query.sort.startsWith('-'),
    perPage,
  };
  const read =
    position.kind === 'number'
      ? await readNumbered(reader, page)
      : position.kind === 'after'
        ? await readAfter(reader, page, position.at)
        : position.kind === 'before'
          ? await readBefore(reader, page, position.at)
          : await readLast(reader);
  const first = read.items[0];
  const last = read.items.at(-1);
  const at = (row: ProfileRow): [string | number | null, number] => [sortValue(row, sort), row.id];
  const cursors = {
    next: read.more && last ? encodeUserCursor({ ...query, after: at(last), page: read.page + 1 }) : null,
    prev:
      read.earlier && first ? encodeUserCursor({ ...query, before: at(first), page: read.page - 1 }) : null,
    last: read.more ? encodeUserCursor({ ...query, last: true }) : null,
  };
  return {
    items: read.items.map(toUser),
    meta: cursorPageMeta(read.page, perPage, read.total, cursors),
  };
}

/** Rows a page of an export reads: enough to keep the queries few, few enough to keep memory flat. */
export const EXPORT_PAGE = 1000;

/**
 * Every user the list's filters and sort match, a keyset page at a time (the cursor's own
 * position, so each page costs the same however deep): what an export streams. The query goes
 * through the list's own parser, so an export takes every filter the list takes. Users changed
 * while it runs are read as each page finds them.
 */
export async function* allUserPages(
  db: Db,
  request: Omit<ListUsersQuery, 'page' | 'per_page' | 'cursor'>,
): AsyncGenerator<User[]> {
  const { query } = planList(request);
  const field = query.sort.replace(/^-/, '') as pages.UserSortField;
  const filter = repositoryFilter(query);
  let after: pages.PagePosition | undefined;
  for (;;) {
    const rows = await pages.findUserPage(db, {
      ...filter,
      sort: field,
      descending: query.sort.startsWith('-'),
      limit: EXPORT_PAGE,
      after,
    });
    if (rows.length > 0) yield rows.map(toUser);
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    after = { value: sortValue(last, field), id: last.id };
  }
}
