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
    expect(targetPath(SCREENS, 'group', '42')).toBeNull();
    expect(targetPath(SCREENS, 'user', null)).toBeNull();
  });

  it('lists in the navigation only what the person may open', () => {
    expect(navLinks(SCREENS, can('viewer')).map((l) => l.label)).toEqual(['Users']);
    expect(navLinks(SCREENS, can('admin')).map((l) => l.label)).toEqual(['Users', 'Audit log']);
  });

  it('takes a new screen with one entry: its nav link, its audit links, its permission', () => {
    const groups: ScreenEntry = {
      path: '/console/groups/:id',
      screen: () => ({ element: document.createElement('section') }),
      title: 'Group',
      permission: 'groups:read',
      nav: { label: 'Groups', icon: 'people' },
      target: 'group',
    };
    const screens = [...SCREENS, groups];
    expect(targetPath(screens, 'group', '3')).toBe('/console/groups/3');
    expect(navLinks(screens, () => true).map((l) => l.label)).toContain('Groups');
    expect(unknownPermissions(screens, SETTINGS.permissions)).toEqual(['groups:read']);
  });

  it("asks about no permission the server's settings do not list", () => {
    expect(permissionsUsed(SCREENS)).toContain('users:manage-admins');
    expect(unknownPermissions(SCREENS, SETTINGS.permissions)).toEqual([]);
  });
});
