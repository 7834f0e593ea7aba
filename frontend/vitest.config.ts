import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Guards against a hang, not speed limits: nothing a busy machine does comes near them, so no
// test fails for being slow (decision 0007). One wait inside a test (expect.poll) gets the
// shorter one, so a hang names the wait rather than only the test.
const HANG_GUARD_MS = 10 * 60_000;
const WAIT_GUARD_MS = 2 * 60_000;

// The browser tests need Debian's chromium. Outside CI a missing browser skips them with one
// line saying so; with CI=true they run regardless, and fail on the missing browser.
function browserProject(): TestProjectInlineConfiguration[] {
  if (!existsSync(CHROMIUM) && process.env.CI !== 'true') {
    // Vitest reads this file more than once per run; the line is printed only the first time.
    if (!process.env.UMS_E2E_SKIP_ANNOUNCED) {
      process.env.UMS_E2E_SKIP_ANNOUNCED = '1';
      console.warn(
        `SKIPPED: end-to-end tests (no browser at ${CHROMIUM}; apt-get install chromium to run them)`,
      );
    }
    return [];
  }
  return [
    {
      extends: true,
      test: {
        name: 'e2e',
        include: ['test/e2e/**/*.test.ts'],
        globalSetup: ['test/e2e/server.ts'],
        // One browser at a time: the machine is small and the server is shared.
        fileParallelism: false,
      },
    },
  ];
}

export default defineConfig({
  test: {
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    teardownTimeout: HANG_GUARD_MS,
    expect: { poll: { timeout: WAIT_GUARD_MS } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      // Screen controllers against fake views, and the widgets' DOM, in happy-dom: no browser.
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['test/screens/**/*.test.ts', 'test/widgets/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      { extends: true, test: { name: 'build', include: ['test/build/**/*.test.ts'] } },
      ...browserProject(),
    ],
  },
});
