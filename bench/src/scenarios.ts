import type { Request, Workload } from './drive.js';

/** What the scenarios need to know about the seeded data. */
export interface Dataset {
  /** ids of seeded users: [first, last] */
  ids: [number, number];
  /** a substring (3+ characters) many users share, and one only a few have */
  commonSearch: string;
  rareSearch: string;
  /** meta.next_cursor of a page about 90% into the list */
  deepCursor: string;
  /** meta.prev_cursor and meta.last_cursor of that page */
  deepPrevCursor: string;
  lastCursor: string;
  /** pages of the whole list, 20 a page */
  pages: number;
  /** accounts with passwords, for the sign-in scenarios */
  signIns: { email: string; password: string }[];
  /** distinguishes this run's created users */
  runId: string;
}

const randomInt = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));
const json = { 'content-type': 'application/json' };

export const readUser = (data: Dataset): Workload => ({
  next: () => ({ path: `/api/v1/users/${randomInt(...data.ids)}` }),
});

export const constant = (path: string): Workload => ({ next: () => ({ path }) });

/** Jumps to page numbers anywhere in the list, 20 a page: what a typed page number costs. */
export const randomPage = (data: Dataset): Workload => ({
  next: () => ({ path: `/api/v1/users?per_page=20&page=${randomInt(2, data.pages)}` }),
});

/**
 * PATCH with If-Match. No two requests in flight ever edit the same user, and every request
 * carries the version the last answer for that user gave, so none should fail with 412.
 * (autocannon's per-request context lasts from building a request to its answer.)
 */
export function patchUsers(range: [number, number]): Workload {
  const versions = new Map<number, number>();
  const inFlight = new Set<number>();
  return {
    next: (context) => {
      let id = randomInt(...range);
      while (inFlight.has(id)) id = randomInt(...range);
      inFlight.add(id);
      context.id = id;
      return {
        method: 'PATCH',
        path: `/api/v1/users/${id}`,
        headers: { ...json, 'if-match': `"${versions.get(id) ?? 1}"` },
        body: JSON.stringify({ name: `Bench Edit ${Math.random().toString(36).slice(2, 10)}` }),
      };
    },
    answered: (status, body, context) => {
      inFlight.delete(context.id as number);
      if (status === 200)
        versions.set(context.id as number, (JSON.parse(body) as { data: { version: number } }).data.version);
    },
  };
}

export function createUsers(data: Dataset, tag: string): Workload {
  let n = 0;
  return {
    next: () => ({
      method: 'POST',
      path: '/api/v1/users',
      headers: json,
      body: JSON.stringify({
        name: `Bench New ${n}`,
        email: `bench-${data.runId}-${tag}-${n++}@example.com`,
      }),
    }),
  };
}

/**
 * The list of who has not signed in for `days` days (never signed in aside), oldest sign-in
 * first: the console's "Inactive for 90 days" with the sort by last sign-in. The instant is
 * fixed when the workload is made, so every request is the same query.
 */
export function inactiveBySignIn(days: number, now = Date.now()): Workload {
  const before = new Date(now - days * 86_400_000).toISOString();
  return constant(
    `/api/v1/users?per_page=20&sort=last_login_at&last_login_before=${encodeURIComponent(before)}`,
  );
}

export const signIn = (data: Dataset): Workload => {
  let n = 0;
  return {
    next: () => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: json,
      body: JSON.stringify(data.signIns[n++ % data.signIns.length]),
    }),
  };
};

/** 80% reads (60% one user, 20% the first page), 15% PATCH with If-Match, 5% creates. */
export function mixed(data: Dataset, patchRange: [number, number]): Workload {
  const patch = patchUsers(patchRange);
  const create = createUsers(data, 'mixed');
  const read = readUser(data);
  return {
    next: (context): Request => {
      const roll = Math.random();
      if (roll < 0.6) return read.next(context);
      if (roll < 0.8) return { path: '/api/v1/users?per_page=20' };
      if (roll < 0.95) {
        context.patch = true;
        return patch.next(context);
      }
      return create.next(context);
    },
    answered: (status, body, context) => {
      if (context.patch) patch.answered!(status, body, context);
    },
  };
}
