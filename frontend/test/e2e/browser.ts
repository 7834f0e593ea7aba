import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

/**
 * Debian's chromium, driven by playwright-core (no browser download). `launch` gives each
 * browser a fresh temporary profile (user-data dir), removed when it closes.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Playwright gives up on a wait (a click, `waitFor`, `waitForURL`) after 30 s, which a busy
 * machine can reach; this only catches a hang, and names the wait (decision 0007).
 */
const WAIT_GUARD_MS = 2 * 60_000;

/** A browser context like a person's browser window; no animations, so screenshots are steady. */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(WAIT_GUARD_MS);
  context.setDefaultNavigationTimeout(WAIT_GUARD_MS);
  return context;
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}
