/** Console paths more than one screen links to. The registry (registry.ts) maps them to screens. */

/** Every console page is under it, so none collides with an API path (decision 0040). */
export const BASE = '/console';
export const SIGN_IN = `${BASE}/sign-in`;
export const CHANGE_PASSWORD = `${BASE}/change-password`;
export const HOME = `${BASE}/users`;
/** The home of those who may read users (rules/navigation.ts `landing`). */
export const OVERVIEW = `${BASE}/overview`;
export const USERS = HOME;
export const AUDIT = `${BASE}/audit`;
export const ACCOUNT = `${BASE}/account`;
export const GROUPS = `${BASE}/groups`;
export const MAIL = `${BASE}/mail`;
/** The recycle bin and the dormant-account policy (issue 16). */
export const DELETED_USERS = `${BASE}/deleted-users`;
export const DORMANT_POLICY = `${BASE}/policies/dormant`;
// The pages mailed links open (backend/src/mail/templates/index.ts names the same paths).
export const ACCEPT_INVITATION = `${BASE}/accept-invitation`;
export const FORGOT_PASSWORD = `${BASE}/forgot-password`;
export const RESET_PASSWORD = `${BASE}/reset-password`;
export const VERIFY_EMAIL = `${BASE}/verify-email`;
export const IMPORT = `${BASE}/import`;

export const userPath = (id: number | string): string => `${USERS}/${encodeURIComponent(String(id))}`;
export const groupPath = (id: number | string): string => `${GROUPS}/${encodeURIComponent(String(id))}`;
