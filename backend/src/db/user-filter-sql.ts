import { sql } from 'kysely';
import type { Db } from './dialect.js';
import { isPostgres, likeContains } from './dialect.js';
import type { UserRow } from './types.js';

// The users list's filters in SQL: the WHERE of its pages, counts and bulk targets (the parser of
// the API's fields is services/user-filter.ts).

export interface UserFilter {
  /** already lower-cased */
  search?: string;
  role?: UserRow['role'];
  status?: UserRow['status'];
  /** only members of this group */
  group?: number;
  /** only users whose email is verified (true) or not (false) */
  verified?: boolean;
  /** last sign-in: strictly before / at or after these ISO times (never signed in matches neither) */
  lastLoginBefore?: string;
  lastLoginAfter?: string;
  /** true: only who never signed in; false: only who did */
  neverSignedIn?: boolean;
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
export function neverSignedIn(db: Db) {
  return isPostgres(db) ? sql`'infinity'::timestamptz` : sql`'9999-12-31T23:59:59.999Z'`;
}

// FTS5's trigram index answers substrings of three characters or more.
const TRIGRAM = 3;

/** An FTS5 phrase: the text in double quotes, its own quotes doubled. */
const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** How a filter reaches SQL: the values that become parameters, and what decides the SQL. */
export interface FilterValues extends Pick<
  UserFilter,
  'role' | 'status' | 'group' | 'lastLoginBefore' | 'lastLoginAfter'
> {
  phrase?: string;
  like?: string;
}
export interface FilterShape {
  search: 'none' | 'index' | 'like';
  role: boolean;
  status: boolean;
  group: boolean;
  /** no parameter: the filter is `is not null` or `is null`, so its value is the shape */
  verified: 'any' | 'yes' | 'no';
  loginBefore: boolean;
  loginAfter: boolean;
  neverSignedIn: 'any' | 'yes' | 'no';
  walkSortIndex: boolean;
}

export function filterParts(db: Db, filter: UserFilter, walkSortIndex = false) {
  const values: FilterValues = {
    role: filter.role,
    status: filter.status,
    group: filter.group,
    lastLoginBefore: filter.lastLoginBefore,
    lastLoginAfter: filter.lastLoginAfter,
  };
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
    loginBefore: filter.lastLoginBefore !== undefined,
    loginAfter: filter.lastLoginAfter !== undefined,
    neverSignedIn: filter.neverSignedIn === undefined ? 'any' : filter.neverSignedIn ? 'yes' : 'no',
    walkSortIndex,
  };
  return { shape, values };
}

export function filtered(db: Db, shape: FilterShape, values: FilterValues) {
  // The recycle bin's users are in no list (migration 015).
  let query = db.selectFrom('users').where('users.deleted_at', 'is', null);
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
  // Last sign-in filters, on the sort key of migration 007's index (who never signed in is the
  // moment after every real one), so that index serves them as a range on both databases.
  const key = lastLoginSortKey(db);
  const never = neverSignedIn(db);
  if (shape.loginBefore) query = query.where(sql<boolean>`${key} < ${values.lastLoginBefore}`);
  if (shape.loginAfter) {
    query = query.where(sql<boolean>`${key} >= ${values.lastLoginAfter} and ${key} < ${never}`);
  }
  if (shape.neverSignedIn === 'yes') query = query.where(sql<boolean>`${key} = ${never}`);
  if (shape.neverSignedIn === 'no') query = query.where(sql<boolean>`${key} < ${never}`);
  return query;
}
