import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { startBackend } from './backend.ts';
import {
  admin,
  apiAs,
  baseUrl,
  checkAccessibility,
  loaded,
  PASSWORD,
  screenshot,
  signIn,
  unique,
  useBrowser,
} from './support.ts';

describe('signing in and out', () => {
  const browser = useBrowser();
  let page: Page;
  beforeEach(async () => {
    page = await browser.open();
  });

  it('refuses a wrong password with a clear message, then signs in and goes where it was asked', async () => {
    await page.goto(`${baseUrl}/console/users?q=${encodeURIComponent(admin.email)}`);
    await page.waitForURL(/\/console\/sign-in\?next=/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await checkAccessibility(page, 'sign-in');
    await screenshot(page, 'sign-in');

    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid email or password/i);
    await checkAccessibility(page, 'sign-in with an error');

    await page.getByLabel('Password').fill(admin.password);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(`${baseUrl}/console/users?q=${encodeURIComponent(admin.email)}`);
    await loaded(page);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  });

  it('keeps the session across a reload, renewing the token from the cookie', async () => {
    await signIn(page, admin.email, admin.password);
    await page.goto(`${baseUrl}/console/users?sort=-email`);
    await loaded(page);
    await page.reload();
    await loaded(page);
    expect(new URL(page.url()).pathname).toBe('/console/users');
    expect((await page.locator('th[aria-sort="descending"]').textContent())?.trim()).toBe('E-mail');
  });

  it('signs out, and a reload or a console link then asks to sign in again', async () => {
    await signIn(page, admin.email, admin.password);
    await loaded(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baseUrl}/console/sign-in`);
    await page.reload();
    await page.getByLabel('E-mail').waitFor();
    await page.goto(`${baseUrl}/console/audit`);
    await page.waitForURL(/\/console\/sign-in\?next=%2Fconsole%2Faudit/);
  });

  it('when an admin ends the session, the next request leads to sign-in and back', async () => {
    const api = await apiAs(admin.email, admin.password);
    const user = await api.createUser({
      name: 'Ended Elsewhere',
      email: `ended-${unique()}@example.com`,
      password: PASSWORD,
    });
    await signIn(page, user.email, PASSWORD);
    await page.goto(`${baseUrl}/console/users`);
    await loaded(page);
    expect((await api.call('DELETE', `/api/v1/users/${user.id}/sessions`)).status).toBe(200);

    // The access token is refused, the refresh cookie too: the console asks to sign in again.
    await page.getByRole('combobox', { name: 'Role' }).selectOption('viewer');
    await page.waitForURL(/\/console\/sign-in\?ended=1&next=%2Fconsole%2Fusers%3Frole%3Dviewer/);
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Your session has ended');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/console/users?role=viewer`);
    await loaded(page);
  });

  it('says how long to wait when an account is locked after repeated failures', async () => {
    const api = await apiAs(admin.email, admin.password);
    const user = await api.createUser({
      name: 'Locked Out',
      email: `locked-${unique()}@example.com`,
      password: PASSWORD,
    });
    await page.goto(`${baseUrl}/console/sign-in`);
    await page.getByLabel('E-mail').fill(user.email);
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('Password').fill(`wrong password number ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => alert.textContent()).toMatch(/invalid email or password/i);
      await page.evaluate(() => document.querySelector('[role="alert"]')?.remove());
    }
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => alert.textContent()).toMatch(/Try again in \d+ (min|s)/);
    expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    await checkAccessibility(page, 'sign-in locked');
    await screenshot(page, 'sign-in-locked');

    // An admin lifts the lockout; the right password then works.
    expect((await api.call('DELETE', `/api/v1/users/${user.id}/lockout`)).status).toBe(200);
    await signIn(page, user.email, PASSWORD);
    await loaded(page);
  });
});

describe('the first admin with a generated password', () => {
  const browser = useBrowser();

  it('must choose a new password before anything else', async () => {
    const backend = await startBackend(inject('sparePort'));
    try {
      const password = /password:\s+(\S+)/.exec(backend.output())?.[1];
      expect(password).toBeTruthy();
      const page = await browser.open();
      await page.goto(`${backend.baseUrl}/console/sign-in`);
      await page.getByLabel('E-mail').fill('admin@localhost');
      await page.getByLabel('Password').fill(password ?? '');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/console\/change-password/);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await checkAccessibility(page, 'forced password change');
      await screenshot(page, 'change-password');

      // Nothing else opens until the password is changed.
      await page.goto(`${backend.baseUrl}/console/users`);
      await page.waitForURL(/\/console\/change-password/);
      expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);

      await page.getByLabel('Current password').fill(password ?? '');
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('Repeat the new password').fill('short');
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect
        .poll(() => page.locator('.invalid-feedback:visible').first().textContent())
        .toMatch(/at least 12/);

      await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Repeat the new password').fill(PASSWORD);
      await page.getByLabel('Repeat the new password').press('Enter');
      await page.waitForURL(`${backend.baseUrl}/console/users`);
      await loaded(page);
    } finally {
      await backend.stop();
    }
  });
});
