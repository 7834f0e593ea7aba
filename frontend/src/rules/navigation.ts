import { BASE, CHANGE_PASSWORD, HOME, OVERVIEW, SIGN_IN } from '../paths.ts';

/** Where a visit goes: who may see which console page, as pure functions. */

/** Paths that stand for "the console's start": the server's `/` and the bare prefix. */
export function isEntryPath(pathname: string): boolean {
  return ['/', '/index.html', BASE, `${BASE}/`].includes(pathname);
}

/** The console's start for someone: the overview for those who may read users, else the users list. */
export function landing(can: (permission: string) => boolean): string {
  return can('users:read') ? OVERVIEW : HOME;
}

/**
 * Where to go after signing in: the `next` the sign-in page was given, if it is a console path
 * on this origin (never an open redirect), else the console's start (which leads to `landing`).
 */
export function safeNext(next: string | null): string {
  if (next && next.startsWith(`${BASE}/`) && !next.startsWith('//') && !next.includes('\\')) return next;
  return `${BASE}/`;
}

export interface Visit {
  pathname: string;
  search: string;
  /** The registry's entry for the path, if any. */
  route: { path: string; public?: boolean } | undefined;
  signedIn: boolean;
  mustChangePassword: boolean;
  /** Where the console's start leads the one signed in (`landing`). */
  landing: string;
}

/** Where a visit should go instead, or null to show what it asked for. */
export function redirectFor(visit: Visit): string | null {
  const { pathname, route } = visit;
  const here = pathname + visit.search;
  const next = new URLSearchParams(visit.search).get('next');
  if (isEntryPath(pathname) && !visit.mustChangePassword) return visit.signedIn ? visit.landing : SIGN_IN;
  if (!visit.signedIn) return route?.public ? null : `${SIGN_IN}?next=${encodeURIComponent(here)}`;
  if (route?.public) return safeNext(next);
  if (visit.mustChangePassword && route?.path !== CHANGE_PASSWORD) {
    return `${CHANGE_PASSWORD}?next=${encodeURIComponent(safeNext(here))}`;
  }
  if (!visit.mustChangePassword && route?.path === CHANGE_PASSWORD) return safeNext(next);
  return null;
}
