import { describe, expect, it } from 'vitest';
import { formatWait, nameLabel, relativeTime, roleBadgeClass } from '../../src/format.ts';
import { matchRoute } from '../../src/router.ts';
import { isEntryPath, safeNext } from '../../src/rules/navigation.ts';
import { initialTheme } from '../../src/theme.ts';

describe('times', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  it('says how long ago, in words', () => {
    expect(relativeTime('2026-06-01T11:59:30Z', now, 'en')).toBe('just now');
    expect(relativeTime('2026-06-01T09:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(relativeTime('2026-05-31T12:00:00Z', now, 'en')).toBe('yesterday');
    expect(relativeTime(null, now, 'en')).toBe('');
  });

  it('says how long to wait', () => {
    expect(formatWait(42)).toBe('42 s');
    expect(formatWait(300)).toBe('5 min');
    expect(formatWait(299.2)).toBe('5 min');
    expect(formatWait(61)).toBe('1 min 1 s');
  });
});

describe("the server's names on screen", () => {
  it('turns a name into a label', () => {
    expect(nameLabel('manager')).toBe('Manager');
    expect(nameLabel('on_leave')).toBe('On leave');
  });

  it('colours roles by rank: the highest red, the lowest grey, the ones between blue', () => {
    const roles = ['guest', 'viewer', 'manager', 'admin'];
    expect(roles.map((r) => roleBadgeClass(r, roles))).toEqual([
      'text-bg-secondary',
      'text-bg-primary',
      'text-bg-primary',
      'text-bg-danger',
    ]);
  });
});

describe('routes', () => {
  const routes = [{ path: '/console/users' }, { path: '/console/users/:id' }, { path: '/console/audit' }];

  it('matches paths and reads parameters', () => {
    expect(matchRoute(routes, '/console/users')?.route.path).toBe('/console/users');
    expect(matchRoute(routes, '/console/users/')?.route.path).toBe('/console/users');
    expect(matchRoute(routes, '/console/users/42')).toEqual({ route: routes[1], params: { id: '42' } });
    expect(matchRoute(routes, '/console/users/42/more')).toBeNull();
    expect(matchRoute(routes, '/users/42')).toBeNull();
    expect(matchRoute(routes, '/console/users/%E0%A4%A')).toBeNull();
  });

  it('goes after sign-in only to a console path on this site', () => {
    expect(safeNext('/console/users?page=2')).toBe('/console/users?page=2');
    expect(safeNext('https://evil.example/console/')).toBe('/console/');
    expect(safeNext('//evil.example/console/')).toBe('/console/');
    expect(safeNext('/console/\\evil')).toBe('/console/');
    expect(safeNext(null)).toBe('/console/');
  });

  it('treats the site root and the bare prefix as the start', () => {
    expect(['/', '/console', '/console/', '/index.html'].every(isEntryPath)).toBe(true);
    expect(isEntryPath('/console/users')).toBe(false);
  });
});

describe('theme', () => {
  it('keeps the chosen theme, else follows the system', () => {
    expect(initialTheme('dark', false)).toBe('dark');
    expect(initialTheme('light', true)).toBe('light');
    expect(initialTheme(null, true)).toBe('dark');
    expect(initialTheme('purple', false)).toBe('light');
  });
});
