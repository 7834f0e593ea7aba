import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../src/security/counter-store.js';

describe('MemoryCounterStore', () => {
  const setup = () => {
    let now = 0;
    return { store: new MemoryCounterStore(() => now), advance: (ms: number) => (now += ms) };
  };

  it('counts up within the time to live set by the first increment', async () => {
    const { store, advance } = setup();
    expect(await store.increment('k', 1000)).toBe(1);
    advance(900);
    // A later increment does not extend the window.
    expect(await store.increment('k', 1000)).toBe(2);
    advance(99);
    expect(await store.get('k')).toBe(2);
    advance(1);
    expect(await store.get('k')).toBeNull();
    expect(await store.increment('k', 1000)).toBe(1);
  });

  it('sets a value that expires, and deletes on request', async () => {
    const { store, advance } = setup();
    await store.set('until', 42, 500);
    await store.set('other', 7, 10_000);
    expect(await store.get('until')).toBe(42);
    advance(500);
    expect(await store.get('until')).toBeNull();
    await store.delete('other');
    expect(await store.get('other')).toBeNull();
    expect(await store.get('never-set')).toBeNull();
  });

  it('says how long a key has left, and nothing for a key that is gone', async () => {
    const { store, advance } = setup();
    await store.increment('k', 1000);
    advance(400);
    expect(await store.timeToLive('k')).toBe(600);
    advance(600);
    expect(await store.timeToLive('k')).toBeNull();
    expect(await store.timeToLive('never-set')).toBeNull();
  });

  it('keeps keys apart and forgets everything on close', async () => {
    const { store } = setup();
    await store.increment('a', 1000);
    await store.increment('b', 1000);
    expect(await store.increment('a', 1000)).toBe(2);
    await store.close();
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toBeNull();
  });
});
