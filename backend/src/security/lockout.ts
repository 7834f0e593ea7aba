import type { CounterStore } from './counter-store.js';

/**
 * Account lockout after repeated wrong passwords. Five attempts within fifteen minutes that do
 * not succeed lock the account; each further lockout within a day lasts twice as long as the one
 * before.
 *
 * An attempt is counted before its password is checked (admit), not after: otherwise guesses
 * sent at the same moment all pass the check before any failure is recorded, and every one of
 * them is verified. Counting first, however many arrive at once, only the first five are
 * verified and the rest are refused unverified. The count is one atomic increment in the store,
 * so this holds across workers and hosts that share a store (Redis). See decision 0120.
 */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const LOCKOUT_MEMORY_MS = 24 * 60 * 60 * 1000;
const BASE_LOCK_MS = 5 * 60 * 1000;
/** The longest a lock lasts: a lockout older than this has ended. */
export const MAX_LOCK_MS = 60 * 60 * 1000;
/** What a refused attempt is told to wait while the attempts before it are still being checked. */
const BUSY_RETRY_SECONDS = 1;

/** Lock length for the nth lockout (1-based): 5, 10, 20, 40, then 60 minutes. */
export function lockDuration(nth: number): number {
  return Math.min(BASE_LOCK_MS * 2 ** (nth - 1), MAX_LOCK_MS);
}

const keys = (account: string) => ({
  attempts: `login:attempts:${account}`,
  lockouts: `login:lockouts:${account}`,
  lockedUntil: `login:locked-until:${account}`,
});

/**
 * The answer to "may this attempt check its password?": yes, as the attempt-th in the window;
 * or no, wait retryAfter seconds (locked: the account is locked, rather than busy with the
 * attempts that were admitted before this one).
 */
export type Admission =
  { admitted: true; attempt: number } | { admitted: false; retryAfter: number; locked: boolean };

export class Lockout {
  constructor(
    private readonly store: CounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt and says whether its password may be checked. */
  async admit(account: string): Promise<Admission> {
    const attempt = await this.store.increment(keys(account).attempts, FAILURE_WINDOW_MS);
    if (attempt <= MAX_FAILURES) return { admitted: true, attempt };
    const wait = await this.retryAfter(account);
    return wait > 0
      ? { admitted: false, retryAfter: wait, locked: true }
      : { admitted: false, retryAfter: BUSY_RETRY_SECONDS, locked: false };
  }

  /** Where the lock state is kept: in Redis for every server, or in this process's memory. */
  get storeKind(): CounterStore['kind'] {
    return this.store.kind;
  }

  /** When the account's lock ends, or null when it is not locked. */
  async lockedUntil(account: string): Promise<Date | null> {
    const until = await this.store.get(keys(account).lockedUntil);
    return until === null || until <= this.now() ? null : new Date(until);
  }

  /** Seconds until the account may try again, or 0 when it is not locked. */
  async retryAfter(account: string): Promise<number> {
    const until = await this.store.get(keys(account).lockedUntil);
    if (until === null || until <= this.now()) return 0;
    return Math.ceil((until - this.now()) / 1000);
  }

  /**
   * The admitted attempt failed. The one that used the last try locks the account: exactly one
   * attempt is the fifth of its window, so one lock is taken however many fail at once.
   * Answers the lock's length in seconds when this failure locked it.
   */
  async recordFailure(account: string, attempt: number): Promise<number | null> {
    if (attempt < MAX_FAILURES) return null;
    const k = keys(account);
    const nth = await this.store.increment(k.lockouts, LOCKOUT_MEMORY_MS);
    const duration = lockDuration(nth);
    // The count stays at its limit until the lock ends, so every attempt until then is refused
    // unverified; then the key expires and the account has five tries again. Attempts counted
    // meanwhile were refused already, so overwriting them loses nothing.
    await this.store.set(k.attempts, MAX_FAILURES, duration);
    await this.store.set(k.lockedUntil, this.now() + duration, duration);
    return Math.ceil(duration / 1000);
  }

  /** The right password: the count starts again (the lockout history stays for a day). */
  async recordSuccess(account: string): Promise<void> {
    const k = keys(account);
    await Promise.all([this.store.delete(k.attempts), this.store.delete(k.lockedUntil)]);
  }

  /** Clears everything known about the account's failures (an admin's decision). */
  async clear(account: string): Promise<void> {
    const k = keys(account);
    await Promise.all([
      this.store.delete(k.attempts),
      this.store.delete(k.lockouts),
      this.store.delete(k.lockedUntil),
    ]);
  }
}
