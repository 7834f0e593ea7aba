import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/types.ts';
import {
  admin,
  apiAs,
  PASSWORD,
  type ApiAs,
  baseUrl,
  checkAccessibility,
  loaded,
  screenshot,
  signIn,
  unique,
  useBrowser,
} from './support.ts';

/** The recycle bin and the sign-in filters in the console, on the suite's server (issue 16). */
describe('the recycle bin and sign-in activity, as an admin', () => {
  const browser = useBrowser();
  let page: Page;
  let api: ApiAs;
  beforeAll(async () => {
    api = await apiAs(admin.email, admin.password);
  });
  beforeEach(async () => {
    page = await browser.open();
    await signIn(page, admin.email, admin.password);
  });

  const binRow = (id: number) => page.locator(`main tbody tr[data-id="${id}"]`);
  const toast = () => page.locator('.toast').first().textContent();

  it('deletes a user into the bin, restores them from Deleted users, and the audit log shows both', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Binned ${tag}`, email: `binned-${tag}@example.com` });

    await page.goto(`${baseUrl}/console/users/${user.id}`);
    await loaded(page);
    await page.locator('main [data-action="delete"]').click();
    const question = page.getByRole('dialog', { name: 'Delete user' });
    // The question says what delete means now: the bin, not gone for good.
    expect(await question.textContent()).toMatch(/restore them from Deleted users/);
    await question.locator('[data-confirm]').click();
    await page.waitForURL(`${baseUrl}/console/users`);
    expect(await toast()).toContain(`Deleted Binned ${tag}`);
    // Gone from the list and from reads, as the API has it.
    expect((await api.call('GET', `/api/v1/users/${user.id}`)).status).toBe(404);

    // Deleted users is reached from the users list.
    await page.getByRole('link', { name: 'Deleted users', exact: true }).click();
    await page.waitForURL(`${baseUrl}/console/deleted-users`);
    await loaded(page);
    await binRow(user.id).waitFor();
    expect(await binRow(user.id).locator('[data-name]').textContent()).toBe(`Binned ${tag}`);
    // Restorable for the retention period (30 days by default): "in 30 days" or so.
    expect(await binRow(user.id).locator('[data-purge-after] time').getAttribute('datetime')).toMatch(
      /^\d{4}-/,
    );
    await checkAccessibility(page, 'deleted users');
    await screenshot(page, 'deleted-users');

    // Keyboard only: Tab to the row's Restore and press Enter.
    const restore = binRow(user.id).getByRole('button', { name: `Restore Binned ${tag}` });
    await restore.focus();
    await page.keyboard.press('Enter');
    await expect.poll(toast).toContain(`Restored Binned ${tag}`);
    await expect.poll(() => binRow(user.id).count()).toBe(0);
    const back = await api.call<User>('GET', `/api/v1/users/${user.id}`);
    expect(back.status).toBe(200);
    expect(back.data.email).toBe(user.email);

    // The toast links to the restored user's page.
    await page
      .locator('.toast')
      .getByRole('link', { name: `Open Binned ${tag}` })
      .click();
    await page.waitForURL(`${baseUrl}/console/users/${user.id}`);
    await loaded(page);

    // Both changes are in the audit log, and its action menu knows the new actions.
    await page.goto(`${baseUrl}/console/audit?target_type=user&target_id=${user.id}`);
    await loaded(page);
    const options = await page.getByLabel('Action').locator('option').allTextContents();
    expect(options).toEqual(
      expect.arrayContaining(['User restored from the recycle bin', 'User removed for good']),
    );
    await page.getByLabel('Action').selectOption('user.restored');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'user.restored');
    await loaded(page);
    expect(await page.locator('main tbody tr').count()).toBe(1);
    await page.getByLabel('Action').selectOption('user.deleted');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'user.deleted');
    await loaded(page);
    expect(await page.locator('main tbody tr').count()).toBe(1);
  });

  it('removes a user in the bin for good, after asking', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Purged ${tag}`, email: `purged-${tag}@example.com` });
    expect((await api.call('DELETE', `/api/v1/users/${user.id}`)).status).toBe(200);

    // No theme chosen: the console follows the system's dark scheme.
    const dark = await browser.open({ colorScheme: 'dark' });
    await signIn(dark, admin.email, admin.password);
    await dark.goto(`${baseUrl}/console/deleted-users`);
    await loaded(dark);
    const row = dark.locator(`main tbody tr[data-id="${user.id}"]`);
    await row.waitFor();
    expect(await dark.evaluate(() => document.documentElement.dataset.bsTheme)).toBe('dark');
    await checkAccessibility(dark, 'deleted users, dark');

    await row.getByRole('button', { name: `Delete for good Purged ${tag}` }).click();
    const question = dark.getByRole('dialog', { name: 'Delete for good' });
    // Focus starts on Cancel, the safe choice.
    await expect.poll(() => dark.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await question.locator('[data-confirm]').click();
    await question.waitFor({ state: 'detached' });
    await expect.poll(() => row.count()).toBe(0);
    // Not even restorable now.
    expect((await api.call('POST', `/api/v1/users/${user.id}/restore`)).status).toBe(404);
  });

  it('filters the users list by sign-in activity, kept in the URL', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Newcomer ${tag}`, email: `newcomer-${tag}@example.com` });
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    const menu = page.getByLabel('Sign-in activity');
    await menu.selectOption({ label: 'Never signed in' });
    await page.waitForURL((url) => url.searchParams.get('activity') === 'never');
    await loaded(page);
    expect(await page.locator(`main tbody tr[data-id="${user.id}"]`).count()).toBe(1);
    // Who never signed in is not "inactive for 30 days": that is a last sign-in long ago.
    await menu.selectOption({ label: 'Inactive for 30 days' });
    await page.waitForURL((url) => url.searchParams.get('activity') === 'inactive-30');
    await loaded(page);
    expect(await page.locator('main [data-empty]').textContent()).toMatch(/No users match/);
    await page.reload();
    await loaded(page);
    expect(await menu.inputValue()).toBe('inactive-30');
    await checkAccessibility(page, 'users filtered by sign-in activity');
  });

  it('pages by cursor under the sign-in filter, which the cursor carries and the next request repeats', async () => {
    const tag = unique();
    for (let n = 1; n <= 12; n++) {
      await api.createUser({ name: `Unseen ${n} ${tag}`, email: `unseen-${n}-${tag}@example.com` });
    }
    await page.goto(`${baseUrl}/console/users?q=${tag}&activity=never&per_page=10`);
    await loaded(page);
    expect(await page.locator('[data-range]').textContent()).toBe('1–10 of 12 users');
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL((url) => url.searchParams.has('cursor'));
    await loaded(page);
    // Not the first page again, as a cursor the API refused would have shown.
    expect(await page.locator('[data-range]').textContent()).toBe('11–12 of 12 users');
    expect(new URL(page.url()).searchParams.get('activity')).toBe('never');
  });

  it("exports a user's data, then erases them behind their e-mail typed again", async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Erased ${tag}`, email: `erased-${tag}@example.com` });
    const mine = await browser.open({ acceptDownloads: true });
    await signIn(mine, admin.email, admin.password);
    await mine.goto(`${baseUrl}/console/users/${user.id}`);
    await loaded(mine);
    const data = mine.getByRole('region', { name: 'Personal data' });
    const [download] = await Promise.all([
      mine.waitForEvent('download'),
      data.getByRole('button', { name: 'Export data (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^user-${user.id}-data-\\d{4}-\\d\\d-\\d\\d\\.json$`),
    );
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { profile: User };
    expect(exported.profile.email).toBe(user.email);
    expect(JSON.stringify(exported)).not.toMatch(/password_hash|argon2/);

    await data.getByRole('button', { name: 'Erase…' }).click();
    const dialog = mine.getByRole('dialog', { name: 'Erase user' });
    const confirm = dialog.getByLabel(`Type ${user.email} to confirm`);
    // Focus starts in the field; a near miss is refused under it, and nothing is erased.
    await expect
      .poll(() => mine.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('confirm');
    await confirm.fill(`erased-${tag}@example.org`);
    await confirm.press('Enter');
    await expect.poll(() => dialog.locator('[data-feedback-for="confirm"]').textContent()).toMatch(/exactly/);
    await checkAccessibility(mine, 'erase user');
    expect((await api.call('GET', `/api/v1/users/${user.id}`)).status).toBe(200);
    await confirm.fill(user.email.toUpperCase());
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await mine.waitForURL(`${baseUrl}/console/users`);
    await expect.poll(() => mine.locator('.toast').first().textContent()).toContain(`Erased Erased ${tag}`);
    expect((await api.call('GET', `/api/v1/users/${user.id}`)).status).toBe(404);
  });

  it('downloads my own data from My account', async () => {
    const tag = unique();
    const user = await api.createUser({
      name: `Self ${tag}`,
      email: `self-${tag}@example.com`,
      password: PASSWORD,
    });
    const mine = await browser.open({ acceptDownloads: true });
    await signIn(mine, user.email, PASSWORD);
    await mine.goto(`${baseUrl}/console/account`);
    await mine.getByRole('region', { name: 'My data' }).waitFor();
    const [download] = await Promise.all([
      mine.waitForEvent('download'),
      mine.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d\d-\d\d\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      profile: User;
      sessions: unknown[];
    };
    expect(exported.profile.id).toBe(user.id);
    // This very sign-in is among the sessions.
    expect(exported.sessions.length).toBeGreaterThan(0);
    await checkAccessibility(mine, 'my account');
  });
});
