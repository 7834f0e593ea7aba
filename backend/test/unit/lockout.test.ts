import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../src/security/counter-store.js';
import { lockDuration, Lockout } from '../../src/security/lockout.js';

const MINUTE = 60_000;

describe('lockDuration', () => {
  it('doubles from 5 minutes with each lockout and stops at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => lockDuration(n) / MINUTE)).toEqual([5, 10, 20, 40, 60, 60, 60]);
  });
});

describe('Lockout', () => {
  const setup = () => {
    let now = 1_000_000;
    const clock = () => now;
    const lockout = new Lockout(new MemoryCounterStore(clock), clock);
    /** Admitted attempts that fail; answers what the last one locked (null: nothing). */
    const fail = async (times: number) => {
      let last: number | null = null;
      for (let i = 0; i < times; i++) {
        const admission = await lockout.admit('a@example.com');
        if (!admission.admitted) throw new Error(`attempt ${i + 1} was refused`);
        last = await lockout.recordFailure('a@example.com', admission.attempt);
      }
      return last;
    };
    return { lockout, fail, advance: (ms: number) => (now += ms) };
  };

  it('locks on the fifth failure, for five minutes', async () => {
    const { lockout, fail, advance } = setup();
    expect(await fail(4)).toBeNull();
    expect(await lockout.retryAfter('a@example.com')).toBe(0);
    expect(await fail(1)).toBe(300);
    expect(await lockout.retryAfter('a@example.com')).toBe(300);
    expect(await lockout.retryAfter('b@example.com')).toBe(0);

    advance(5 * MINUTE - 1000);
    expect(await lockout.retryAfter('a@example.com')).toBe(1);
    advance(1000);
    expect(await lockout.retryAfter('a@example.com')).toBe(0);
  });

  it('forgets failures older than fifteen minutes', async () => {
    const { fail, advance } = setup();
    await fail(4);
    advance(15 * MINUTE);
    expect(await fail(4)).toBeNull();
    expect(await fail(1)).toBe(300);
  });

  it('forgets failures after a success', async () => {
    const { lockout, fail } = setup();
    await fail(4);
    await lockout.recordSuccess('a@example.com');
    expect(await fail(4)).toBeNull();
  });

  it('locks longer each time within a day, and starts over after a day', async () => {
    const { fail, advance } = setup();
    expect(await fail(5)).toBe(5 * 60);
    advance(5 * MINUTE);
    expect(await fail(5)).toBe(10 * 60);
    advance(10 * MINUTE);
    expect(await fail(5)).toBe(20 * 60);
    advance(24 * 60 * MINUTE);
    expect(await fail(5)).toBe(5 * 60);
  });

  it('counts attempts before they are checked: five at once are admitted, the sixth is refused', async () => {
    const { lockout } = setup();
    const admissions = await Promise.all(Array.from({ length: 8 }, () => lockout.admit('a@example.com')));

    expect(admissions.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((attempt) => ({ admitted: true, attempt })));
    // Not locked yet: the five are still being checked, and one of them may be right.
    expect(admissions.slice(5)).toEqual(Array(3).fill({ admitted: false, retryAfter: 1, locked: false }));
    expect(await lockout.admit('b@example.com')).toEqual({ admitted: true, attempt: 1 });
  });

  it('refuses every attempt while locked, and admits five again once the lock ends', async () => {
    const { lockout, fail, advance } = setup();
    await fail(5);
    expect(await lockout.admit('a@example.com')).toEqual({ admitted: false, retryAfter: 300, locked: true });
    advance(5 * MINUTE);
    expect(await fail(4)).toBeNull();
    expect(await fail(1)).toBe(10 * 60);
  });

  it('takes one lock when the five admitted at once all fail, whatever order they end in', async () => {
    const { lockout } = setup();
    const admissions = await Promise.all(Array.from({ length: 5 }, () => lockout.admit('a@example.com')));
    const attempts = admissions.map((a) => (a.admitted ? a.attempt : 0)).reverse();
    const locks = await Promise.all(attempts.map((n) => lockout.recordFailure('a@example.com', n)));

    expect(locks.filter((l) => l !== null)).toEqual([300]);
    expect(await lockout.retryAfter('a@example.com')).toBe(300);
  });

  it('starts the count again after a success, even one that ends after the lock was taken', async () => {
    const { lockout } = setup();
    const admissions = await Promise.all(Array.from({ length: 5 }, () => lockout.admit('a@example.com')));
    await lockout.recordFailure('a@example.com', 5);
    expect(admissions[1]).toEqual({ admitted: true, attempt: 2 });
    // The second attempt had the right password: the account is its owner's again.
    await lockout.recordSuccess('a@example.com');
    expect(await lockout.retryAfter('a@example.com')).toBe(0);
    expect(await lockout.admit('a@example.com')).toEqual({ admitted: true, attempt: 1 });
  });

  it('clears the lock, the failures and the growth when an admin says so', async () => {
    const { lockout, fail } = setup();
    await fail(5);
    await lockout.clear('a@example.com');
    expect(await lockout.retryAfter('a@example.com')).toBe(0);
    expect(await fail(4)).toBeNull();
    expect(await fail(1)).toBe(300);
  });
});
