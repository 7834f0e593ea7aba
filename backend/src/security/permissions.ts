/** Roles and what each may do: the one table every guard and GET /auth/me read. */

export const PERMISSIONS = [
  'users:read',
  'users:create',
  'users:update',
  'users:delete',
  'users:manage-admins',
  'users:set-password',
  'sessions:revoke',
  'audit:read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export type Role = 'admin' | 'manager' | 'viewer';

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['users:read'],
  // Managers create, edit and disable viewers and managers; the services refuse them admins.
  manager: ['users:read', 'users:create', 'users:update'],
  admin: PERMISSIONS,
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
