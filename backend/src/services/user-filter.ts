import type { UserFilter } from '../db/user-pages.repository.js';
import { userFilterFields, type UserFilterInput } from '../schemas/users.js';

/**
 * The list's filters as every route that names users by a filter takes them (the list and its
 * cursors, bulk changes): one list of fields and one mapping to the repository's filter, so a new
 * filter is added in schemas/users.ts `userFilterFields`, here, and in the repository's SQL only.
 */

export const USER_FILTER_FIELDS = Object.keys(userFilterFields) as (keyof UserFilterInput)[];

/** The search as the index keeps it: trimmed and lower-cased; empty is none. */
export const normalizeSearch = (q: string | undefined): string | undefined =>
  q?.trim().toLowerCase() || undefined;

/** The filter fields of `input` (anything else left out), the search normalised. */
export function pickUserFilter(input: UserFilterInput): UserFilterInput {
  const picked: Record<string, unknown> = {};
  for (const field of USER_FILTER_FIELDS) if (input[field] !== undefined) picked[field] = input[field];
  return { ...(picked as UserFilterInput), q: normalizeSearch(input.q) };
}

/** The repository's filter for what a client asked. */
export function userFilterOf(input: UserFilterInput): UserFilter {
  return {
    search: normalizeSearch(input.q),
    role: input.role,
    status: input.status,
    group: input.group,
    verified: input.email_verified,
  };
}
