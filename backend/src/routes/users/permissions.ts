import { declarePermissions } from '../../domain/permissions.js';

/** What may be done to users, and the lowest role that may do it. */
export const usersPermissions = declarePermissions({
  'users:read': 'viewer',
  // Managers create, edit and disable viewers and managers; the users service refuses them admins.
  'users:create': 'manager',
  'users:update': 'manager',
  'users:delete': 'admin',
  // The recycle bin, skipping it, personal data (issue 16): all decide a person's data for good.
  'users:purge': 'admin',
  'users:restore': 'admin',
  'users:read-deleted': 'admin',
  'users:export': 'admin',
  'users:erase': 'admin',
  'policies:dormant': 'admin',
  'users:manage-admins': 'admin',
  // Also lifts a sign-in lockout: both decide who can get into an account.
  'users:set-password': 'admin',
  // Many users at once, by file: managers too, within the same rules as one at a time (a
  // manager's file may not create or change admins). The list's export is every matching user's
  // address; `users:export` above is everything held about one person.
  'users:import': 'manager',
  'users:export-list': 'manager',
});

/** Other users' sessions, served beside the users (credentials.ts). */
export const sessionsPermissions = declarePermissions({
  'sessions:revoke': 'admin',
});
