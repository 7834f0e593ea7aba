import type { CounterStore } from './counter-store.js';

/**
 * At most `max` failures per key (a client address) in a window that starts at the first
 * failure; successes are never counted, so a client that only succeeds is never limited. In the
 * shared CounterStore, so with Redis every worker and host counts against one limit.
 */
export class FailureLimit {
  constructor(
    private readonly store: CounterStore,
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one failure; answers 0 while within the limit, else seconds until the count starts over. */
  async recordFailure(key: string): Promise<number> {
    const counter = `${this.name}:${key}`;
    if ((await this.store.increment(counter, this.windowMs)) <= this.max) return 0;
    const left = (await this.store.timeToLive(counter)) ?? this.windowMs;
    return Math.max(1, Math.ceil(left / 1000));
  }
}
