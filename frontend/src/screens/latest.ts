import { isAbort } from '../api.ts';

/**
 * Only the latest request counts: a new one cancels the one before, so a slow answer for an old
 * search never replaces the answer for the new one.
 */
export class Latest {
  private current: AbortController | null = null;

  /** Runs `task`; `null` when a later run or `abort()` made its answer moot. */
  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | null> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    try {
      const value = await task(controller.signal);
      return controller.signal.aborted ? null : { value };
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return null;
      throw error;
    }
  }

  /** Leaving the screen: whatever is still out is no longer wanted. */
  abort(): void {
    this.current?.abort();
  }
}
