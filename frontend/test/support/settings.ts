import type { AuditCatalog, Settings } from '../../src/types.ts';

/**
 * Settings as a server sends them (GET /api/v1/settings). The console's rules take whatever the
 * server says; tests that need other rules (a longer minimum, another role) spread over these.
 */
export const SETTINGS: Settings = {
  roles: ['viewer', 'manager', 'admin'],
  statuses: ['active', 'disabled'],
  permissions: [
    'users:read',
    'users:create',
    'users:update',
    'users:delete',
    'users:manage-admins',
    'users:set-password',
    'users:import',
    'users:export-list',
    'sessions:revoke',
    'audit:read',
    'groups:read',
    'groups:manage-members',
    'groups:write',
    'mail:read-outbox',
    'users:read-deleted',
    'users:restore',
    'users:purge',
    'users:export',
    'users:erase',
    'policies:dormant',
  ],
  password_policy: { min_length: 12, max_length: 128 },
  max_per_page: 100,
  mail: { enabled: true, verified_email_required: false },
};

/** A catalog as GET /api/v1/audit/actions sends it. */
export const CATALOG: AuditCatalog = {
  actions: [
    { name: 'user.created', label: 'User created', target_type: 'user' },
    { name: 'user.updated', label: 'User updated', target_type: 'user' },
    { name: 'auth.login', label: 'Signed in', target_type: 'user' },
    { name: 'group.updated', label: 'Group updated', target_type: 'group' },
    { name: 'user.restored', label: 'User restored from the recycle bin', target_type: 'user' },
  ],
  target_types: [
    { name: 'user', label: 'User' },
    { name: 'group', label: 'Group' },
  ],
};
