import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    },
  ];
}

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'build', include: ['test/build/**/*.test.ts'] } },
      ...browserProject(),
    ],
  },
});
