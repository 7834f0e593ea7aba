import AxeBuilder from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { expect, inject } from 'vitest';
import type { User } from '../../src/types.ts';

export const baseUrl = inject('baseUrl');
export const admin = inject('admin');

const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

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

/** A browser context like a person's browser window; no animations, so screenshots are steady. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', ...options });
}

/** Records what must never happen on a page: a script error, or any alert/confirm dialog. */
export function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { problems };
}

export const unique = (): string => randomBytes(4).toString('hex');

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
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

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

/** The API straight from the test, to set up data without clicking through it. */
export class ApiAs {
  private constructor(private readonly token: string) {}

  static async signIn(email: string, password: string): Promise<ApiAs> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as { data: { access_token: string } };
    if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(body)}`);
    return new ApiAs(body.data.access_token);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { data: T };
    return { status: res.status, data: json.data };
  }

  async createUser(
    fields: Partial<User> & { name: string; email: string; password?: string },
  ): Promise<User> {
    const { status, data } = await this.call<User>('POST', '/api/v1/users', fields);
    if (status !== 201) throw new Error(`creating ${fields.email} failed: ${status} ${JSON.stringify(data)}`);
    return data;
  }
}

export const PASSWORD = 'a long enough passphrase 42';
