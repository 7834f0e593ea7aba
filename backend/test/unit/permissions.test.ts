import { describe, expect, it } from 'vitest';
import {
  can,
  PERMISSIONS,
  permissionsOf,
  ROLE_PERMISSIONS,
  type Role,
} from '../../src/security/permissions.js';
import { ROLES } from '../../src/schemas/users.js';

describe('the permission table', () => {
  it('names eight distinct permissions as resource:action', () => {
    expect(new Set(PERMISSIONS).size).toBe(8);
    for (const permission of PERMISSIONS) expect(permission).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it('has a row for every role the API accepts, and no other', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });

  it('grants each role only known permissions, each once', () => {
    for (const role of ROLES) {
      const granted = permissionsOf(role);
      expect(new Set(granted).size).toBe(granted.length);
      for (const permission of granted) expect(PERMISSIONS).toContain(permission);
    }
  });

  it('nests the roles: what a viewer may do a manager may, and what a manager may an admin may', () => {
    const [viewer, manager, admin] = (['viewer', 'manager', 'admin'] as Role[]).map((r) => permissionsOf(r));
    for (const p of viewer!) expect(manager).toContain(p);
    for (const p of manager!) expect(admin).toContain(p);
    expect([...admin!].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('keeps deleting, admin management, passwords, sessions and the audit log to admins', () => {
    const adminOnly = [
      'users:delete',
      'users:manage-admins',
      'users:set-password',
      'sessions:revoke',
      'audit:read',
    ];
    for (const permission of PERMISSIONS) {
      const holders = ROLES.filter((role) => can(role, permission));
      if (adminOnly.includes(permission)) expect(holders, permission).toEqual(['admin']);
      else expect(holders, permission).toContain('admin');
    }
    expect(permissionsOf('viewer')).toEqual(['users:read']);
  });

  it('answers can() as issue 3 grants, written out here rather than read from the code', () => {
    const granted: Record<Role, string[]> = {
      viewer: ['users:read'],
      manager: ['users:read', 'users:create', 'users:update'],
      admin: [
        'users:read',
        'users:create',
        'users:update',
        'users:delete',
        'users:manage-admins',
        'users:set-password',
        'sessions:revoke',
        'audit:read',
      ],
    };
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) {
        expect(can(role, permission), `${role} ${permission}`).toBe(granted[role].includes(permission));
      }
    }
  });
});
