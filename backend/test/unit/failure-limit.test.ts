import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../src/security/counter-store.js';
import { FailureLimit } from '../../src/security/failure-limit.js';

describe('FailureLimit', () => {
  const setup = () => {
    let now = 0;
    const limit = new FailureLimit(new MemoryCounterStore(() => now), 'test', 3, 60_000);
    return { limit, advance: (ms: number) => (now += ms) };
  };

  it('answers 0 up to the limit, then the seconds until the window that began at the first failure ends', async () => {
    const { limit, advance } = setup();
    expect(await limit.recordFailure('198.51.100.7')).toBe(0);
    advance(20_000);
    expect(await limit.recordFailure('198.51.100.7')).toBe(0);
    expect(await limit.recordFailure('198.51.100.7')).toBe(0);
    expect(await limit.recordFailure('198.51.100.7')).toBe(40);
    expect(await limit.recordFailure('198.51.100.8')).toBe(0);
    advance(40_000);
    expect(await limit.recordFailure('198.51.100.7')).toBe(0);
  });
});
