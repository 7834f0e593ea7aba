import { describe, expect, it } from 'vitest';
import { landing, redirectFor, type Visit } from '../../../src/rules/navigation.ts';

const USERS = { path: '/console/users' };
const SIGN_IN = { path: '/console/sign-in', public: true };
const CHANGE = { path: '/console/change-password' };

const visit = (over: Partial<Visit>): Visit => ({
  pathname: '/console/users',
  search: '',
  route: USERS,
  signedIn: true,
  mustChangePassword: false,
  landing: '/console/overview',
  ...over,
});

describe('where a visit goes', () => {
  it('sends the site root to the landing, and anyone signed out to sign in, remembering where they were', () => {
    expect(redirectFor(visit({ pathname: '/', route: undefined }))).toBe('/console/overview');
    expect(redirectFor(visit({ pathname: '/console/', route: undefined, landing: '/console/users' }))).toBe(
      '/console/users',
    );
    expect(redirectFor(visit({ pathname: '/', route: undefined, signedIn: false }))).toBe('/console/sign-in');
    expect(redirectFor(visit({ signedIn: false, search: '?q=ada' }))).toBe(
      '/console/sign-in?next=%2Fconsole%2Fusers%3Fq%3Dada',
    );
    expect(redirectFor(visit({ signedIn: false, pathname: '/console/sign-in', route: SIGN_IN }))).toBeNull();
  });

  it('sends someone signed in away from the sign-in page, to a safe next', () => {
    const signIn = { pathname: '/console/sign-in', route: SIGN_IN };
    expect(redirectFor(visit({ ...signIn, search: '?next=/console/audit' }))).toBe('/console/audit');
    expect(redirectFor(visit({ ...signIn, search: '?next=//evil.example/' }))).toBe('/console/');
  });

  it('lands those who may read users on the overview, anyone else on the users list as before', () => {
    expect(landing((p) => p === 'users:read')).toBe('/console/overview');
    expect(landing(() => false)).toBe('/console/users');
  });

  it('keeps an account that must change its password on that page, and lets it go once done', () => {
    expect(redirectFor(visit({ mustChangePassword: true }))).toBe(
      '/console/change-password?next=%2Fconsole%2Fusers',
    );
    const change = { pathname: '/console/change-password', route: CHANGE };
    expect(redirectFor(visit({ ...change, mustChangePassword: true }))).toBeNull();
    expect(redirectFor(visit({ ...change, search: '?next=/console/audit' }))).toBe('/console/audit');
  });

  it('shows an unknown page to someone signed in (it says so)', () => {
    expect(redirectFor(visit({ pathname: '/console/nothing', route: undefined }))).toBeNull();
  });
});
