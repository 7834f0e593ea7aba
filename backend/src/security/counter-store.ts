/**
 * Counters with a time to live: sign-in attempts, lockouts, failed token renewals. In memory by
 * default (one process); a Redis implementation shares them across workers and hosts.
 */
export interface CounterStore {
  /**
   * Where the counts live: `redis`, shared by every worker and host of a deployment, or
   * `memory`, this process's own (another worker keeps its own counts).
   */
  readonly kind: 'redis' | 'memory';
  /** Adds 1 to key (creating it with a time to live of ttlMs when new); answers the new count. */
  increment(key: string, ttlMs: number): Promise<number>;
  get(key: string): Promise<number | null>;
  /** Milliseconds until key expires, or null when there is no such key. */
  timeToLive(key: string): Promise<number | null>;
  set(key: string, value: number, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  value: number;
  expiresAt: number;
}

export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const entry = this.live(key) ?? { value: 0, expiresAt: this.now() + ttlMs };
    entry.value += 1;
    this.entries.set(key, entry);
    return entry.value;
  }

  async get(key: string): Promise<number | null> {
    return this.live(key)?.value ?? null;
  }

  async timeToLive(key: string): Promise<number | null> {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : null;
  }

  async set(key: string, value: number, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
