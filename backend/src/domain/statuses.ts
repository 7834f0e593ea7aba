/**
 * What state an account is in. Only `active` accounts sign in. A new status is one more name
 * here; the database learns it with a migration that widens `users_status_check` and adds its
 * rows to `user_counts` (migrations never import this list: they are frozen).
 */
export const STATUSES = ['active', 'disabled', 'invited'] as const;

export type Status = (typeof STATUSES)[number];

/** What an admin may set by hand; `invited` comes only from an invitation. */
export const SETTABLE_STATUSES = ['active', 'disabled'] as const satisfies readonly Status[];

/**
 * The one rule of who may sign in, hold a session or renew one: active accounts only. A disabled
 * account was shut; an invited one has not been taken up yet (its invitation link is the way in).
 */
export function canSignIn(status: Status): boolean {
  return status === 'active';
}
