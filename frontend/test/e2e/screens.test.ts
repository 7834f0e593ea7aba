import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/types.ts';
import {
  admin,
  apiAs,
  type ApiAs,
  baseUrl,
  checkAccessibility,
  loaded,
  PASSWORD,
  screenshot,
  signIn,
  unique,
  useBrowser,
} from './support.ts';

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

// Text as a screen reader reads it: the arrow and the hidden words come with their own spaces.
const oneLine = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('the other screens', () => {
  const browser = useBrowser();
  let api: ApiAs;
  let page: Page;
  beforeAll(async () => {
    api = await apiAs(admin.email, admin.password);
  });

  async function open(email: string, password: string, options: BrowserContextOptions = {}) {
    page = await browser.open(options);
    await signIn(page, email, password);
    // Signing in lands on the overview (overview.test.ts); these tests start from the users.
    await page.goto(`${baseUrl}/console/users`);
    await loaded(page);
  }

  it("a user's page shows the profile, their sessions and the latest events about them", async () => {
    const tag = unique();
    const user = await api.createUser({
      name: `Detail ${tag}`,
      email: `detail-${tag}@example.com`,
      password: PASSWORD,
    });
    await api.call('PATCH', `/api/v1/users/${user.id}`, { name: `Detail Renamed ${tag}` });
    await apiAs(user.email, PASSWORD); // one live session
    // A second, from a browser on a computer.
    const elsewhere = await browser.open({ userAgent: FIREFOX_ON_WINDOWS });
    await signIn(elsewhere, user.email, PASSWORD);
    await open(admin.email, admin.password);
    await page.goto(`${baseUrl}/console/users/${user.id}`);
    await loaded(page);
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(2);
    // The browser, system and device in words; the header as sent on hover.
    const firefox = sessions.locator('tbody tr').filter({ hasText: 'Firefox 128 on Windows 10' });
    expect(oneLine(await firefox.locator('[data-device]').textContent())).toBe(
      'Firefox 128 on Windows 10Computer',
    );
    expect(await firefox.locator('[data-device]').getAttribute('title')).toBe(FIREFOX_ON_WINDOWS);
    // Ending that one session leaves the other.
    await firefox.getByRole('button', { name: /^End the session/ }).click();
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(1);
    expect(await sessions.textContent()).not.toContain('Firefox');
    const activity = page.getByRole('region', { name: 'Recent activity' });
    await expect.poll(() => activity.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect((await activity.locator('[data-changes]').allTextContents()).map(oneLine)).toContain(
      `name: Detail ${tag} → changed to Detail Renamed ${tag}`,
    );
    await checkAccessibility(page, 'user detail');
    await screenshot(page, 'user-detail');

    // Whether they can sign in: a password, and no lockout, so nothing to clear.
    const profile = page.getByRole('region', { name: 'Profile' });
    expect(await profile.textContent()).toContain('Has a password');
    expect(await profile.textContent()).toContain('Not locked');
    expect(await page.getByRole('button', { name: 'Clear lockout' }).count()).toBe(0);
    for (let i = 0; i < 5; i++) {
      await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: 'not the password at all' }),
      });
    }
    await page.reload();
    await loaded(page);
    expect(await profile.locator('[data-locked]').textContent()).toMatch(
      /^Locked after wrong passwords until /,
    );
    expect(await profile.textContent()).toContain("this server's memory");
    await checkAccessibility(page, 'user detail, locked');
    await page.getByRole('button', { name: 'Clear lockout' }).click();
    await expect.poll(() => profile.textContent()).toContain('Not locked');
    expect(await page.getByRole('button', { name: 'Clear lockout' }).count()).toBe(0);

    // Set a password: the user's sessions end.
    await page.getByRole('button', { name: 'Set password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set password' });
    await dialog.getByLabel('New password', { exact: true }).fill('another long passphrase 7');
    await dialog.getByLabel('Repeat the new password').fill('another long passphrase 7');
    await checkAccessibility(page, 'set password');
    await dialog.getByLabel('Repeat the new password').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await apiAs(user.email, 'another long passphrase 7');

    await page.getByRole('button', { name: 'End sessions' }).click();
    await page
      .getByRole('dialog', { name: 'End sessions' })
      .getByRole('button', { name: 'End all sessions' })
      .click();
    await expect.poll(() => sessions.textContent()).toContain('No active sessions');
  });

  it('the audit log shows who changed what, before and after, and filters by action and target', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Audited ${tag}`, email: `audited-${tag}@example.com` });
    await api.call('PATCH', `/api/v1/users/${user.id}`, { role: 'manager' });
    const me = (await api.call<{ user: User }>('GET', '/api/v1/auth/me')).data.user;
    await open(admin.email, admin.password);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${baseUrl}/console/audit`);
    await loaded(page);
    // The target typed as an address, as a person would; it becomes the user's id in the URL.
    await page.getByLabel('Target', { exact: true }).fill(user.email);
    await page.getByLabel('Action').selectOption('user.updated');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('target_id') === String(user.id));
    await loaded(page);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    // People by name over their address.
    const [by, about] = await rows.first().locator('[data-person]').allTextContents();
    expect([by, about]).toEqual([me.name, `Audited ${tag}`]);
    expect(await rows.first().textContent()).toContain(admin.email);
    expect(oneLine(await rows.locator('[data-changes]').textContent())).toBe(
      'role: viewer → changed to manager',
    );
    // Where it came from, when asked.
    expect(await rows.first().getByText('Request id').isVisible()).toBe(false);
    await rows.first().locator('summary').click();
    expect(await rows.first().getByText('Request id').isVisible()).toBe(true);
    await page.reload();
    await loaded(page);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Action').inputValue()).toBe('user.updated');
    // The filter names the user again, not their id.
    expect(await page.getByLabel('Target', { exact: true }).inputValue()).toBe(
      `Audited ${tag} <${user.email}>`,
    );

    // The creation shows what was chosen, not the id and time every creation has.
    await page.getByLabel('Action').selectOption('user.created');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'user.created');
    await loaded(page);
    const created = oneLine(await page.locator('tbody tr [data-changes]').textContent());
    expect(created).toContain(`name: — → changed to Audited ${tag}`);
    expect(created).not.toMatch(/\bid:|created_at/);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(`${baseUrl}/console/audit`);
    await loaded(page);
    await checkAccessibility(page, 'audit log');
    await screenshot(page, 'audit');

    // From a user's page, everything they did.
    await page.goto(`${baseUrl}/console/users/${me.id}`);
    await loaded(page);
    await page.getByRole('link', { name: 'Everything this user did' }).click();
    await page.waitForURL((url) => url.searchParams.get('actor_id') === String(me.id));
    await loaded(page);
    await expect
      .poll(() => page.getByLabel('Actor', { exact: true }).inputValue())
      .toBe(`${me.name} <${me.email}>`);
  });

  it('my account: change my name, refuse a wrong current password, list my sessions', async () => {
    const tag = unique();
    const me = await api.createUser({
      name: `Account ${tag}`,
      email: `account-${tag}@example.com`,
      password: PASSWORD,
    });
    await open(me.email, PASSWORD);
    await page
      .getByRole('navigation')
      .getByRole('link', { name: `Account ${tag}` })
      .click();
    await page.waitForURL(`${baseUrl}/console/account`);
    const sessions = page.getByRole('region', { name: 'My sessions' });
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(1);
    expect(await sessions.textContent()).toContain('This browser');

    await page.getByLabel('Name').fill(`Renamed ${tag}`);
    await page.getByRole('button', { name: 'Save name' }).click();
    await page
      .getByRole('navigation')
      .getByRole('link', { name: `Renamed ${tag}` })
      .waitFor();

    const password = page.getByRole('form', { name: 'Change password' });
    await password.getByLabel('Current password').fill('not my password at all');
    await password.getByLabel('New password', { exact: true }).fill('a brand new passphrase 9');
    await password.getByLabel('Repeat the new password').fill('a brand new passphrase 9');
    await password.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => password.locator('[data-feedback-for="current_password"]').textContent())
      .not.toBe('');
    expect(page.url()).toBe(`${baseUrl}/console/account`);
    await checkAccessibility(page, 'my account');
    await screenshot(page, 'account');
    expect((await api.call<User>('GET', `/api/v1/users/${me.id}`)).data.name).toBe(`Renamed ${tag}`);

    // This browser's own session offers Sign out, which is what ending it means.
    await sessions.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/console/sign-in');
  });

  it('remembers the dark theme across a reload, and keeps contrast in it', async () => {
    await open(admin.email, admin.password);
    const theme = () => page.evaluate(() => document.documentElement.dataset.bsTheme);
    const before = await theme();
    await page.getByRole('button', { name: /Use the (dark|light) theme/ }).click();
    expect(await theme()).not.toBe(before);
    if ((await theme()) !== 'dark') await page.getByRole('button', { name: 'Use the dark theme' }).click();
    await page.reload();
    await loaded(page);
    expect(await theme()).toBe('dark');
    await checkAccessibility(page, 'users in the dark theme');
    await screenshot(page, 'users-dark');
  });

  it('works 360 px wide: no sideways scrolling, the menu folds away', async () => {
    await open(admin.email, admin.password, { viewport: { width: 360, height: 740 } });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByRole('link', { name: 'Audit log' }).isVisible()).toBe(false);
    await checkAccessibility(page, 'users at 360 px');
    await screenshot(page, 'users-mobile');
    await page.getByRole('button', { name: 'Show the menu' }).click();
    await page.getByRole('link', { name: 'Audit log' }).waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Audit log' }).click();
    await loaded(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('can be used from the keyboard alone: "/" to search, Enter to open and submit, Escape to close', async () => {
    const tag = unique();
    await open(admin.email, admin.password);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await page.keyboard.type(tag);
    await page.waitForURL((url) => url.searchParams.get('q') === tag);
    await loaded(page);

    await page.getByRole('button', { name: 'New user' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'New user' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await page.keyboard.type(`Keys ${tag}`);
    await page.keyboard.press('Tab');
    await page.keyboard.type(`keys-${tag}@example.com`);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await loaded(page);
    expect(await page.locator('tbody tr [data-name]').allTextContents()).toEqual([`Keys ${tag}`]);
  });

  it('the site root opens the overview; an unknown console page says so; an unknown API path answers JSON', async () => {
    await open(admin.email, admin.password);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/console/overview`);
    await page.goto(`${baseUrl}/console/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await checkAccessibility(page, 'not found');
    const api404 = await fetch(`${baseUrl}/api/v1/no-such-thing`, { headers: { Accept: 'text/html' } });
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toMatch(/application\/json/);
  });
});
