import { defineConfig } from 'vitest/config';

// A guard against a hang, not a speed limit (Vitest's default is 5 s): no test fails for being
// slow on a busy machine (decision 0007).
const HANG_GUARD_MS = 10 * 60_000;

export default defineConfig({
  test: { testTimeout: HANG_GUARD_MS, hookTimeout: HANG_GUARD_MS },
});
