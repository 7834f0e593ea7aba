/**
 * What state an account is in. Only `active` accounts sign in. A new status is one more name
 * here; the database learns it with a migration that widens `users_status_check` and adds its
 * rows to `user_counts` (migrations never import this list: they are frozen).
 */
export const STATUSES = ['active', 'disabled'] as const;

export type Status = (typeof STATUSES)[number];
