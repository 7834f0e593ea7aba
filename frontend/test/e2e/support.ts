import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { ApiAs } from './api-as.ts';
import { launchBrowser, newContext, signIn as signInAt } from './browser.ts';
export type { ApiAs };

export const baseUrl = inject('baseUrl');
export const admin = inject('admin');

const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
// Screenshots are committed images: a test run must not rewrite them as a side effect, so they are
// written only when asked, by `npm run screenshots` (which sets this).
const WRITE_SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';

/** Records what must never happen on a page: a script error, or any alert/confirm dialog. */
function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss();
  });
}

export const unique = (): string => randomBytes(4).toString('hex');

export function signIn(page: Page, email: string, password: string): Promise<void> {
  return signInAt(page, baseUrl, email, password);
}

export function apiAs(email: string, password: string): Promise<ApiAs> {
  return ApiAs.signIn(baseUrl, email, password);
}

/** Waits for a screen that loads data to have shown it. */
export async function loaded(page: Page): Promise<void> {
  await page.locator('main [data-loaded="true"]').first().waitFor();
  await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function checkAccessibility(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
    );
  expect(serious).toEqual([]);
}

/** Writes docs/screenshots/<name>.png, when E2E_SCREENSHOTS=1 asks for it. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!WRITE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

export const PASSWORD = 'a long enough passphrase 42';

/**
 * One browser for a test file. `open()` gives a new window (context) with a page that is
 * watched; after each test the windows close, and the test fails if any of their pages had a
 * script error or opened a dialog.
 */
export function useBrowser(): { open: (options?: BrowserContextOptions) => Promise<Page> } {
  let browser: Browser | undefined;
  const opened: { context: BrowserContext; problems: string[] }[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const problems = opened.flatMap((o) => o.problems);
    await Promise.all(opened.map((o) => o.context.close()));
    opened.length = 0;
    expect(problems).toEqual([]);
  });
  return {
    async open(options = {}) {
      if (!browser) throw new Error('useBrowser() must be called in a describe block');
      const context = await newContext(browser, options);
      const problems: string[] = [];
      // Every page of the window is watched, second tabs included.
      context.on('page', (page) => watch(page, problems));
      const page = await context.newPage();
      opened.push({ context, problems });
      return page;
    },
  };
}
