import { permissionTable } from './domain/permissions.js';
import { auditPermissions } from './routes/audit/permissions.js';
import { groupsPermissions } from './routes/groups/permissions.js';
import { jobsPermissions } from './routes/jobs/permissions.js';
import { mailPermissions } from './routes/mail/permissions.js';
import { sessionsPermissions, usersPermissions } from './routes/users/permissions.js';

/**
 * Every resource's permissions, merged into the one role table that route guards, the users
 * service, GET /auth/me and GET /settings read. A new resource declares its permissions beside
 * its routes and adds that declaration here (decision 0127).
 */
export const permissions = permissionTable(
  usersPermissions,
  sessionsPermissions,
  auditPermissions,
  groupsPermissions,
  jobsPermissions,
  mailPermissions,
);

export type Permission = (typeof permissions.names)[number];
