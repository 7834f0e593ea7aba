import type { Role, User, UserListQuery } from '../types.ts';

/**
 * The account lifecycle as the API has it (issue 16): the recycle bin, the dormant-account
 * policy, and a person's data. Kept apart from types.ts, which holds the rest of the API's shapes.
 */

/** A user in the recycle bin: restorable until `purge_after`, when the daily purge removes them. */
export interface DeletedUser extends User {
  deleted_at: string;
  purge_after: string;
}

/** The users list's query as the API takes it: the sign-in filters in place of the console's menu. */
export type UserListApiQuery = Omit<UserListQuery, 'activity'> & {
  /** Only users whose last sign-in was before this instant (not those who never signed in). */
  last_login_before?: string;
  never_signed_in?: boolean;
};

/** What the list shows, without where in it: its filters and sort as the API takes them (an export's query). */
export type UserListFilters = Omit<UserListApiQuery, 'page' | 'per_page' | 'cursor'>;

/** Someone the dormant-account policy would disable or warn. */
export interface DormantUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  last_login_at: string | null;
  created_at: string;
  /** When the policy disables them, at the latest. */
  disable_on: string;
}

/** GET /api/v1/policies/dormant/preview. */
export interface DormantPreview {
  /** Whether DORMANT_AFTER_DAYS is set, so the daily run disables anyone. */
  enabled: boolean;
  /** The limit the preview used: DORMANT_AFTER_DAYS, or the one asked for; null when neither. */
  after_days: number | null;
  warn_days: number;
  /** Whether warnings can be mailed. */
  mail: boolean;
  as_of: string;
  counts: { disable: number; warn: number; kept_admins: number };
  /** The first 100 of each. */
  disable: DormantUser[];
  warn: DormantUser[];
}

/** What a dormant-policy job reports when it ends. */
export interface DormantRunResult {
  disabled?: number;
  warned?: number;
  skipped?: number | string;
}

/** GET /api/v1/users/:id/export and /auth/me/export: downloaded as it comes, never a hash or token. */
export interface UserExport {
  exported_at: string;
  profile: User;
  [part: string]: unknown;
}
