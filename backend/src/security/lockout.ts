import type { CounterStore } from './counter-store.js';

/**
 * Account lockout after repeated sign-in failures. Five failures within fifteen minutes lock
 * the account; each further lockout within a day lasts twice as long as the one before.
 */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const LOCKOUT_MEMORY_MS = 24 * 60 * 60 * 1000;
const BASE_LOCK_MS = 5 * 60 * 1000;
const MAX_LOCK_MS = 60 * 60 * 1000;

/** Lock length for the nth lockout (1-based): 5, 10, 20, 40, then 60 minutes. */
export function lockDuration(nth: number): number {
  return Math.min(BASE_LOCK_MS * 2 ** (nth - 1), MAX_LOCK_MS);
}

const keys = (account: string) => ({
  failures: `login:failures:${account}`,
  lockouts: `login:lockouts:${account}`,
  lockedUntil: `login:locked-until:${account}`,
});

export class Lockout {
  constructor(
    private readonly store: CounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the account may try again, or 0 when it is not locked. */
  async retryAfter(account: string): Promise<number> {
    const until = await this.store.get(keys(account).lockedUntil);
    if (until === null || until <= this.now()) return 0;
    return Math.ceil((until - this.now()) / 1000);
  }

  /** Counts a failure; answers the lock's length in seconds when this failure locked it. */
  async recordFailure(account: string): Promise<number | null> {
    const k = keys(account);
    const failures = await this.store.increment(k.failures, FAILURE_WINDOW_MS);
    if (failures < MAX_FAILURES) return null;
    const nth = await this.store.increment(k.lockouts, LOCKOUT_MEMORY_MS);
    const duration = lockDuration(nth);
    await this.store.set(k.lockedUntil, this.now() + duration, duration);
    await this.store.delete(k.failures);
    return Math.ceil(duration / 1000);
  }

  async recordSuccess(account: string): Promise<void> {
    await this.store.delete(keys(account).failures);
  }

  /** Clears everything known about the account's failures (an admin's decision). */
  async clear(account: string): Promise<void> {
    const k = keys(account);
    await Promise.all([
      this.store.delete(k.failures),
      this.store.delete(k.lockouts),
      this.store.delete(k.lockedUntil),
    ]);
  }
}
