import { sql, type RawBuilder } from 'kysely';
import type { Db } from './dialect.js';
import { compiledByShape } from './fast/index.js';
import { isPostgres } from './dialect.js';
import { PROFILE_COLUMNS, type ProfileRow } from './users.repository.js';
import { ID_BLOCK, idPageStart } from './user-id-blocks.repository.js';
import {
  filterParts,
  filtered,
  lastLoginSortKey,
  neverSignedIn,
  type FilterShape,
  type FilterValues,
  type UserFilter,
} from './user-filter-sql.js';

// Pages of users and their totals: the list's queries, by filter, search and sort, at any size.
// The filters' SQL is in user-filter-sql.ts.

export type { UserFilter };
export { lastLoginSortKey };

export type UserSortField =
  'id' | 'name' | 'email' | 'role' | 'status' | 'created_at' | 'updated_at' | 'last_login_at';

/** Where the previous page ended: its last row's sort value (null: never signed in) and id. */
export interface PagePosition {
  value: string | number | null;
  id: number;
}

export interface UserPageRequest extends UserFilter {
  sort: UserSortField;
  descending: boolean;
  limit: number;
  /** keyset: rows after this position; otherwise `offset` rows are skipped */
  after?: PagePosition;
  offset?: number;
}

/**
 * SQLite's planner cannot tell that `role = 'viewer'` matches most of the table, so given a
 * role or status filter it reads every matching row through the filter index and sorts them
 * (80 ms at a million users). Walking the sort index in order and skipping rows that do not
 * match reads about limit × all / matching rows instead; the kept counts say which is less.
 * PostgreSQL keeps per-value statistics and chooses well by itself.
 */
async function shouldWalkSortIndex(db: Db, request: UserPageRequest): Promise<boolean> {
  // A group's members are few next to the table, and read from group_members' index instead.
  if (isPostgres(db) || !byTotals(request) || (!request.role && !request.status)) return false;
  const matching = await countFromTotals(db, request);
  const all = await countFromTotals(db, {});
  return request.limit * all < matching * matching;
}

interface PageValues extends FilterValues {
  afterValue?: string | number | null;
  afterId?: number;
  limit: number;
  offset?: number;
}
type PageShape = FilterShape & {
  sort: UserSortField;
  descending: boolean;
  after: boolean;
  offset: boolean;
};

/** The rows after the cursor's position, in the direction `comparison` (`>` or `<`) gives. */
function afterPosition(
  db: Db,
  sort: UserSortField,
  id: RawBuilder<unknown>,
  comparison: RawBuilder<unknown>,
  v: PageValues,
) {
  if (sort === 'id') return sql<boolean>`${id} ${comparison} ${v.afterId}`;
  if (sort !== 'last_login_at') {
    return sql<boolean>`(${sql.ref(`users.${sort}`)}, ${id}) ${comparison} (${v.afterValue}, ${v.afterId})`;
  }
  // The cursor's null (never signed in) is that same moment after every real one. Written out
  // rather than as a row comparison, which SQLite does not serve from an index on an expression.
  const key = lastLoginSortKey(db);
  const after = sql`coalesce(${v.afterValue}, ${neverSignedIn(db)})`;
  return sql<boolean>`${key} ${comparison}= ${after} and (${key} ${comparison} ${after} or ${id} ${comparison} ${v.afterId})`;
}

// Built and compiled once per shape: building a list query cost about as much as running it.
const pageQuery = compiledByShape(
  (db, shape: PageShape, v: PageValues) => {
    const direction = shape.descending ? 'desc' : 'asc';
    const comparison = sql.raw(shape.descending ? '<' : '>');
    const { sort } = shape;
    // Through the trigram index, ids come in the index's rowid order: sort and continue by that.
    const id = shape.search === 'index' ? sql.ref('users_search.rowid') : sql.ref('users.id');
    const key = sort === 'last_login_at' ? lastLoginSortKey(db) : sql.ref(`users.${sort}`);
    return filtered(db, shape, v)
      .select(PROFILE_COLUMNS.map((c) => `users.${c}` as const))
      .$if(shape.after, (q) => q.where(afterPosition(db, sort, id, comparison, v)))
      .$if(sort !== 'id', (q) => q.orderBy(key, direction))
      .orderBy(id, direction)
      .limit(sql<number>`${v.limit}`)
      .$if(shape.offset, (q) => q.offset(sql<number>`${v.offset}`));
  },
  [
    'phrase',
    'like',
    'role',
    'status',
    'group',
    'lastLoginBefore',
    'lastLoginAfter',
    'afterValue',
    'afterId',
    'limit',
    'offset',
  ],
);

/**
 * Whether a page deep into the list by id starts from `user_id_blocks` (decision 0159): its
 * counts know roles and statuses only (live users, migration 015), as `user_counts` does, and a
 * shallow offset costs less than the lookup.
 */
const startsFromIdBlocks = (request: UserPageRequest, offset: number) =>
  request.sort === 'id' && offset >= ID_BLOCK && byTotals(request);

export async function findUserPage(db: Db, request: UserPageRequest): Promise<ProfileRow[]> {
  let { after } = request;
  let offset = after === undefined ? (request.offset ?? 0) : 0;
  let walkSortIndex = await shouldWalkSortIndex(db, request);
  if (after === undefined && startsFromIdBlocks(request, offset)) {
    const start = await idPageStart(db, request, request.descending, offset);
    if (!start) return [];
    after = { value: start.afterId, id: start.afterId };
    offset = start.skip;
    // From a known id, the (role, id) and (status, id) indexes read just the rows skipped.
    walkSortIndex = false;
  }
  const filter = filterParts(db, request, walkSortIndex);
  const shape: PageShape = {
    ...filter.shape,
    sort: request.sort,
    descending: request.descending,
    after: after !== undefined,
    offset: offset > 0,
  };
  return pageQuery(db, shape, {
    ...filter.values,
    afterValue: after?.value,
    afterId: after?.id,
    limit: request.limit,
    offset,
  });
}

const totalsQuery = compiledByShape(
  (db, shape: { role: boolean; status: boolean }, v: Pick<UserFilter, 'role' | 'status'>) =>
    db
      .selectFrom('user_counts')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('n'), eb.lit(0)).as('count'))
      .$if(shape.role, (q) => q.where('role', '=', v.role!))
      .$if(shape.status, (q) => q.where('status', '=', v.status!)),
  ['role', 'status'],
);

/** Users per role and status, from `user_counts` (kept by triggers): exact at any size. */
async function countFromTotals(db: Db, filter: Omit<UserFilter, 'search'>): Promise<number> {
  const [row] = await totalsQuery(
    db,
    { role: filter.role !== undefined, status: filter.status !== undefined },
    filter,
  );
  return Number(row?.count ?? 0);
}

/** Whether a filter on the last sign-in is set: counted like a search, up to a limit. */
const bySignIn = (filter: UserFilter) =>
  filter.lastLoginBefore !== undefined ||
  filter.lastLoginAfter !== undefined ||
  filter.neverSignedIn !== undefined;

/**
 * Which filters the kept counts (`user_counts`, `user_id_blocks`) know. A Record over every key
 * of UserFilter, so a new filter does not compile until it says whether they know it, and a
 * filter they do not know can never be answered from them by mistake.
 */
const KNOWN_TO_COUNTS: Record<keyof UserFilter, boolean> = {
  search: false,
  role: true,
  status: true,
  group: false,
  verified: false,
  lastLoginBefore: false,
  lastLoginAfter: false,
  neverSignedIn: false,
};
const FILTER_KEYS = Object.keys(KNOWN_TO_COUNTS) as (keyof UserFilter)[];

/** Whether the kept counts can answer: no filter is set that they do not know. */
const byTotals = (filter: UserFilter) =>
  FILTER_KEYS.every((key) => KNOWN_TO_COUNTS[key] || filter[key] === undefined || filter[key] === '');

export async function countUsers(db: Db, filter: UserFilter): Promise<number> {
  if (byTotals(filter)) return countFromTotals(db, filter);
  const { shape, values } = filterParts(db, filter);
  const row = await filtered(db, shape, values)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Like countUsers, but a search is counted only as far as `limit`: exact when at most `limit`
 * users match, and `limit` with `exact: false` (a lower bound) otherwise. A group's members
 * without a search are counted exactly, however many.
 */
export async function countUsersUpTo(
  db: Db,
  filter: UserFilter,
  limit: number,
): Promise<{ count: number; exact: boolean }> {
  if (byTotals(filter)) return { count: await countFromTotals(db, filter), exact: true };
  if (!filter.search && !bySignIn(filter)) return { count: await countUsers(db, filter), exact: true };
  const { shape, values } = filterParts(db, filter);
  const row = await db
    .selectFrom(
      filtered(db, shape, values)
        .select('id')
        .limit(limit + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return count > limit ? { count: limit, exact: false } : { count, exact: true };
}

/**
 * The ids of every user the filter matches, ascending: what a bulk change keeps as its list of
 * targets, so a job resumed after a crash maps each item to the same user.
 */
export async function findUserIdsMatching(db: Db, filter: UserFilter): Promise<number[]> {
  const { shape, values } = filterParts(db, filter);
  const rows = await filtered(db, shape, values).select('users.id').orderBy('users.id').execute();
  return rows.map((row) => row.id);
}
