/**
 * Holds password checks at a gate. A test closes it, sends a burst of requests, waits until
 * each has either been answered or reached a check, and counts the checks: none can finish
 * (and so none can change what the others see) until the test opens the gate again. The test
 * file swaps the wrapped check in with vi.mock.
 */
class PasswordGate {
  /** Checks started since the last reset. */
  calls = 0;
  private held: Promise<void> | null = null;
  private release: () => void = () => undefined;

  reset(): void {
    this.calls = 0;
  }

  close(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release();
    this.held = null;
  }

  wrap<A extends unknown[], R>(check: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      this.calls += 1;
      if (this.held) await this.held;
      return check(...args);
    };
  }
}

export const passwordGate = new PasswordGate();
