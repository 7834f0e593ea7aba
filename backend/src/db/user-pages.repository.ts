import { sql, type RawBuilder } from 'kysely';
import type { Db } from './dialect.js';
import { compiledByShape } from './fast/index.js';
import { isPostgres, likeContains } from './dialect.js';
import { PROFILE_COLUMNS, type ProfileRow } from './users.repository.js';
import { ID_BLOCK, idPageStart } from './user-id-blocks.repository.js';
import type { UserRow } from './types.js';

// Pages of users and their totals: the list's queries, by filter, search and sort, at any size.

export type UserSortField =
  'id' | 'name' | 'email' | 'role' | 'status' | 'created_at' | 'updated_at' | 'last_login_at';

export interface UserFilter {
  /** already lower-cased */
  search?: string;
  role?: UserRow['role'];
  status?: UserRow['status'];
  /** only members of this group */
  group?: number;
  /** only users whose email is verified (true) or not (false) */
  verified?: boolean;
}

/** Where the previous page ended: its last row's sort value (null: never signed in) and id. */
export interface PagePosition {
  value: string | number | null;
  id: number;
}

/**
 * Who never signed in sorts after everyone who did, ascending, and first descending: their null
 * stands for a moment after every real one. Compared through this one expression on both
 * databases (SQLite puts nulls first, PostgreSQL last), so one keyset serves both halves of the
 * list and the index of migration 007 on the same expression serves it. Migration 007 writes the
 * expression out again (migrations import nothing); test/db/user-sort-indexes.test.ts checks
 * that the two agree (decision 0150).
 */
export function lastLoginSortKey(db: Db) {
  return sql`coalesce(users.last_login_at, ${neverSignedIn(db)})`;
}

// Literals, not parameters: SQLite uses an index on an expression only for the same expression.
function neverSignedIn(db: Db) {
  return isPostgres(db) ? sql`'infinity'::timestamptz` : sql`'9999-12-31T23:59:59.999Z'`;
}

export interface UserPageRequest extends UserFilter {
  sort: UserSortField;
  descending: boolean;
  limit: number;
  /** keyset: rows after this position; otherwise `offset` rows are skipped */
  after?: PagePosition;
  offset?: number;
}

// FTS5's trigram index answers substrings of three characters or more.
const TRIGRAM = 3;

/** An FTS5 phrase: the text in double quotes, its own quotes doubled. */
const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** How a filter reaches SQL: the values that become parameters, and what decides the SQL. */
interface FilterValues extends Pick<UserFilter, 'role' | 'status' | 'group'> {
  phrase?: string;
  like?: string;
}
interface FilterShape {
  search: 'none' | 'index' | 'like';
  role: boolean;
  status: boolean;
  group: boolean;
  /** no parameter: the filter is `is not null` or `is null`, so its value is the shape */
  verified: 'any' | 'yes' | 'no';
  walkSortIndex: boolean;
}

function filterParts(db: Db, filter: UserFilter, walkSortIndex = false) {
  const values: FilterValues = { role: filter.role, status: filter.status, group: filter.group };
  let search: FilterShape['search'] = 'none';
  // FTS5's trigram index answers substrings of three characters or more; PostgreSQL's pg_trgm
  // index serves LIKE itself.
  if (filter.search && !isPostgres(db) && [...filter.search].length >= TRIGRAM) {
    values.phrase = ftsPhrase(filter.search);
    search = 'index';
  } else if (filter.search) {
    values.like = likeContains(filter.search);
    search = 'like';
  }
  const shape: FilterShape = {
    search,
    role: !!filter.role,
    status: !!filter.status,
    group: filter.group !== undefined,
    verified: filter.verified === undefined ? 'any' : filter.verified ? 'yes' : 'no',
    walkSortIndex,
  };
  return { shape, values };
}

function filtered(db: Db, shape: FilterShape, values: FilterValues) {
  let query = db.selectFrom('users');
  if (shape.search === 'index') {
    // Both sides are lower-cased by the same JavaScript and the index folds nothing
    // (case_sensitive 1), so a trigram phrase match is exactly the substring match of LIKE.
    // The join, rather than `id IN (…)`, lets SQLite read matches in rowid order and stop
    // after a page.
    query = query
      .innerJoin('users_search', 'users_search.rowid', 'users.id')
      .where(sql<boolean>`users_search match ${values.phrase}`);
  } else if (shape.search === 'like') {
    // Shorter text scans; PostgreSQL's pg_trgm index serves this LIKE itself.
    query = query.where(sql<boolean>`search_key like ${values.like} escape '\\'`);
  }
  // A unary plus keeps SQLite from choosing an index for that column: when walking the sort
  // index, and when a group is asked for, whose members (read from group_members) are fewer
  // than the users of a role. PostgreSQL has no unary plus for text and weighs this itself.
  const unindexed = shape.walkSortIndex || (shape.group && !isPostgres(db));
  const column = (name: 'role' | 'status') => (unindexed ? sql`+${sql.ref(name)}` : sql.ref(name));
  if (shape.role) query = query.where(sql<boolean>`${column('role')} = ${values.role}`);
  if (shape.status) query = query.where(sql<boolean>`${column('status')} = ${values.status}`);
  if (shape.verified === 'yes') query = query.where('users.email_verified_at', 'is not', null);
  if (shape.verified === 'no') query = query.where('users.email_verified_at', 'is', null);
  // Members of a group, through group_members' primary key (group_id, user_id).
  if (shape.group) {
    query = query.where(
      sql<boolean>`users.id in (select user_id from group_members where group_id = ${values.group})`,
    );
  }
  return query;
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
  if (
    isPostgres(db) ||
    request.search ||
    request.group !== undefined ||
    request.verified !== undefined ||
    (!request.role && !request.status)
  )
    return false;
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
  ['phrase', 'like', 'role', 'status', 'group', 'afterValue', 'afterId', 'limit', 'offset'],
);

/**
 * Which filters `user_id_blocks` counts under (decision 0159): roles and statuses, not searches,
 * groups or verified addresses. Every filter must say, so a new one cannot slip past the check
 * below and be answered from counts that ignore it.
 */
const COUNTED_BY_ID_BLOCKS: Record<keyof UserFilter, boolean> = {
  search: false,
  role: true,
  status: true,
  group: false,
  verified: false,
};
const FILTER_KEYS = Object.keys(COUNTED_BY_ID_BLOCKS) as (keyof UserFilter)[];

/**
 * Whether a page deep into the list by id starts from `user_id_blocks`: only under filters the
 * blocks count, and only deep enough that the lookup costs less than the offset.
 */
const startsFromIdBlocks = (request: UserPageRequest, offset: number) =>
  request.sort === 'id' &&
  offset >= ID_BLOCK &&
  FILTER_KEYS.every((key) => COUNTED_BY_ID_BLOCKS[key] || request[key] === undefined || request[key] === '');

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

/** Whether `user_counts` can answer: it knows roles and statuses, not searches, groups or verification. */
const byTotals = (filter: UserFilter) =>
  !filter.search && filter.group === undefined && filter.verified === undefined;

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
  if (!filter.search) return { count: await countUsers(db, filter), exact: true };
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
