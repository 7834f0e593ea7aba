import type { UserFilter } from '../db/user-pages.repository.js';
import { USER_FILTER_FIELDS, type UserFilterQuery } from '../schemas/users.js';

/**
 * The one parser of the users list's filters, for the list, its cursors and a bulk change's
 * `filter`: the API's fields in their canonical form (the search trimmed and lower-cased, empty
 * as not given; instants as toISOString writes them, the form both databases compare
 * correctly), and the repository's filter made from them.
 */
export function canonicalFilter(query: UserFilterQuery): UserFilterQuery {
  return {
    ...filterFieldsOf(query),
    q: query.q?.trim().toLowerCase() || undefined,
    last_login_before: isoOrUndefined(query.last_login_before),
    last_login_after: isoOrUndefined(query.last_login_after),
  };
}

/** The repository's filter from canonical fields (canonicalFilter's, or a cursor's). */
export function repositoryFilter(query: UserFilterQuery): UserFilter {
  return {
    search: query.q,
    role: query.role,
    status: query.status,
    group: query.group,
    verified: query.email_verified,
    lastLoginBefore: query.last_login_before,
    lastLoginAfter: query.last_login_after,
    neverSignedIn: query.never_signed_in,
  };
}

/** Only the filter fields of an object that carries more (a cursor, a list query). */
export function filterFieldsOf(source: UserFilterQuery): UserFilterQuery {
  const picked: UserFilterQuery = {};
  for (const field of USER_FILTER_FIELDS) {
    if (source[field] !== undefined) Object.assign(picked, { [field]: source[field] });
  }
  return picked;
}

const isoOrUndefined = (time: string | undefined) =>
  time === undefined ? undefined : new Date(time).toISOString();
