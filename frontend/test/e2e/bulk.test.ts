import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  admin,
  apiAs,
  type ApiAs,
  baseUrl,
  checkAccessibility,
  loaded,
  signIn,
  unique,
  useBrowser,
} from './support.ts';

describe('bulk changes on the users list, as an admin', () => {
  const browser = useBrowser();
  let page: Page;
  let api: ApiAs;
  beforeAll(async () => {
    api = await apiAs(admin.email, admin.password);
  });
  beforeEach(async () => {
    page = await browser.open({ acceptDownloads: true });
    await signIn(page, admin.email, admin.password);
  });

  const bar = (p: Page) => p.locator('[data-bulk-bar]');
  const focused = (p: Page, attribute: string) =>
    p.evaluate((name) => document.activeElement?.hasAttribute(name) ?? false, attribute);

  it('previews making every admin a viewer, naming the last-admin skip, and changes nothing on Cancel', async () => {
    await page.goto(`${baseUrl}/console/users?role=admin&status=active&per_page=10`);
    await loaded(page);
    const admins = await page.locator('tbody tr').count();

    // Keyboard: the page's box, then every matching admin (all of them, on any page).
    await page.locator('input[data-select-page]').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => bar(page).locator('[data-bulk-count]').textContent()).toMatch(/selected/);
    const all = bar(page).locator('[data-bulk-all]');
    if (await all.isVisible()) await all.click();
    await bar(page).getByRole('button', { name: 'Make viewer' }).click();

    const preview = bar(page).locator('[data-bulk-preview]');
    await expect.poll(() => preview.textContent()).toMatch(/will be made viewer; 1 skipped: the last admin/);
    expect(await focused(page, 'data-bulk-confirm')).toBe(true);
    expect(await bar(page).locator('[data-bulk-problems] tbody tr').count()).toBe(1);
    await checkAccessibility(page, 'bulk preview');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => bar(page).locator('[data-bulk-panel]').isHidden()).toBe(true);
    await page.reload();
    await loaded(page);
    expect(await page.locator('tbody tr').count()).toBe(admins);
  });

  it('disables 101 users through a job, with progress, the result and a CSV report', async () => {
    const tag = unique();
    for (let i = 0; i < 101; i++) {
      await api.createUser({ name: `Leaver ${tag} ${i}`, email: `leaver-${tag}-${i}@example.com` });
    }
    await page.goto(`${baseUrl}/console/users?q=${tag}&per_page=20`);
    await loaded(page);
    await page.locator('input[data-select-page]').check();
    await bar(page).locator('[data-bulk-all]').click();
    await expect
      .poll(() => bar(page).locator('[data-bulk-count]').textContent())
      .toBe('All 101 matching users selected');

    await bar(page).getByRole('button', { name: 'Disable' }).click();
    await expect
      .poll(() => bar(page).locator('[data-bulk-preview]').textContent())
      .toBe('101 will be disabled');
    await bar(page).locator('[data-bulk-confirm]').click();

    const result = bar(page).locator('[data-bulk-result]');
    await expect.poll(() => result.textContent()).toBe('Done: 101 changed, 0 unchanged, 0 skipped, 0 failed');
    expect(await focused(page, 'data-bulk-result')).toBe(true);
    await checkAccessibility(page, 'bulk result');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      bar(page).locator('[data-bulk-download]').click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('seq,ref,outcome,code,message');
    expect(lines).toHaveLength(102);
    expect(lines.slice(1).every((line) => line.includes(',changed,'))).toBe(true);
    const active = await api.call<unknown[]>('GET', `/api/v1/users?q=${tag}&status=active`);
    const disabled = await api.call<unknown[]>('GET', `/api/v1/users?q=${tag}&status=disabled&per_page=100`);
    expect([active.data.length, disabled.data.length]).toEqual([0, 100]);
  });
});
