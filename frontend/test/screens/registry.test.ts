import { describe, expect, it } from 'vitest';
import {
  navLinks,
  permissionsUsed,
  SCREENS,
  targetPath,
  unknownPermissions,
  type ScreenEntry,
} from '../../src/registry.ts';
import { SETTINGS } from '../support/settings.ts';
import { ROLE_PERMISSIONS } from './fake-context.ts';

const can = (role: string) => (permission: string) => ROLE_PERMISSIONS[role]?.includes(permission) ?? false;

describe('the registry of screens', () => {
  it('has one entry per path', () => {
    const paths = SCREENS.map((s) => s.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("links an audit event's target to the screen that declares its type", () => {
    expect(targetPath(SCREENS, 'user', '42')).toBe('/console/users/42');
    expect(targetPath(SCREENS, 'user', 'a/b')).toBe('/console/users/a%2Fb');
    expect(targetPath(SCREENS, 'group', '42')).toBe('/console/groups/42');
    expect(targetPath(SCREENS, 'session', '42')).toBeNull();
    expect(targetPath(SCREENS, 'user', null)).toBeNull();
  });

  it('lists in the navigation only what the person may open', () => {
    expect(navLinks(SCREENS, can('viewer')).map((l) => l.label)).toEqual(['Overview', 'Users', 'Groups']);
    expect(navLinks(SCREENS, can('admin')).map((l) => l.label)).toEqual([
      'Overview',
      'Users',
      'Groups',
      'Import',
      'Audit log',
      'Mail',
    ]);
    expect(navLinks(SCREENS, (p) => p === 'users:read').map((l) => l.label)).toEqual(['Overview', 'Users']);
  });

  it('takes a new screen with one entry: its nav link, its audit links, its permission', () => {
    const projects: ScreenEntry = {
      path: '/console/projects/:id',
      screen: () => ({ element: document.createElement('section') }),
      title: 'Project',
      permission: 'projects:read',
      nav: { label: 'Projects', icon: 'people' },
      target: 'project',
    };
    const screens = [...SCREENS, projects];
    expect(targetPath(screens, 'project', '3')).toBe('/console/projects/3');
    expect(navLinks(screens, () => true).map((l) => l.label)).toContain('Projects');
    expect(unknownPermissions(screens, SETTINGS.permissions)).toEqual(['projects:read']);
  });

  it("asks about no permission the server's settings do not list", () => {
    expect(permissionsUsed(SCREENS)).toContain('users:manage-admins');
    expect(permissionsUsed(SCREENS)).toContain('groups:manage-members');
    expect(permissionsUsed(SCREENS)).toContain('users:erase');
    expect(unknownPermissions(SCREENS, SETTINGS.permissions)).toEqual([]);
  });
});
