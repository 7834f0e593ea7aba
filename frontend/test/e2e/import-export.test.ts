import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  admin,
  baseUrl,
  checkAccessibility,
  loaded,
  screenshot,
  signIn,
  unique,
  useBrowser,
} from './support.ts';

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('importing and exporting users, as an admin', () => {
  const browser = useBrowser();
  let page: Page;
  beforeEach(async () => {
    page = await browser.open({ acceptDownloads: true });
    await signIn(page, admin.email, admin.password);
  });

  it('imports a file: its refused rows shown first, fixed, checked again, then imported with progress', async () => {
    const tag = unique();
    await page.goto(`${baseUrl}/console/import`);
    await page.getByRole('heading', { name: 'Import users' }).waitFor();
    const rows = [
      `ann-${tag}@example.com,Ann ${tag},viewer`,
      `not-an-email-${tag},Bad ${tag},viewer`,
      `bob-${tag}@example.com,Bob ${tag},wizard`,
    ];
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles(csv('people.csv', `email,name,role\n${rows.join('\n')}\n`));
    await page.getByRole('button', { name: 'Check file' }).click();
    const table = page.getByRole('table', { name: /refused/ });
    await table.waitFor();
    expect(await page.locator('[data-summary]').textContent()).toBe('3 rows: 1 to create, 2 refused');
    expect(
      await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id'))),
    ).toEqual(['3', '4']);
    expect(await table.locator('tbody tr[data-id="4"]').textContent()).toContain(
      'role: must be one of viewer, manager, admin',
    );
    await checkAccessibility(page, 'import dry run with errors');
    await screenshot(page, 'import-dry-run');
    // The same report in the other theme keeps its contrast too.
    const theme = () => page.evaluate(() => document.documentElement.dataset.bsTheme);
    const before = await theme();
    await page.getByRole('button', { name: /Use the (dark|light) theme/ }).click();
    await expect.poll(theme).not.toBe(before);
    await checkAccessibility(page, `import dry run with errors, ${await theme()} theme`);
    await page.getByRole('button', { name: /Use the (dark|light) theme/ }).click();
    await expect.poll(theme).toBe(before);

    // The file fixed and checked again: nothing refused, and the import goes ahead.
    rows[1] = `bad-${tag}@example.com,Bad ${tag},viewer`;
    rows[2] = `bob-${tag}@example.com,Bob ${tag},manager`;
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles(csv('people.csv', `email,name,role\n${rows.join('\n')}\n`));
    await page.getByRole('button', { name: 'Check file' }).click();
    await expect.poll(() => page.locator('[data-summary]').textContent()).toBe('3 rows: 3 to create');
    const confirm = page.getByRole('button', { name: 'Import 3 rows' });
    await confirm.focus();
    await page.keyboard.press('Enter');
    const done = page.locator('[data-done]');
    await expect.poll(() => done.textContent()).toBe('Import done: 3 created.');
    await checkAccessibility(page, 'import done');

    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    expect((await page.locator('tbody tr [data-name]').allTextContents()).sort()).toEqual([
      `Ann ${tag}`,
      `Bad ${tag}`,
      `Bob ${tag}`,
    ]);
  });

  it('exports what the list shows: its search and sort, as a CSV file', async () => {
    const tag = unique();
    await page.goto(`${baseUrl}/console/import`);
    const names = ['Cleo', 'Abe', 'Bea'].map((n) => `${n} ${tag}`);
    const file = `email,name\n${names.map((n, i) => `exp${i}-${tag}@example.com,${n}`).join('\n')}\n`;
    await page.getByLabel('File', { exact: true }).setInputFiles(csv('people.csv', file));
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    await expect.poll(() => page.locator('[data-done]').textContent()).toBe('Import done: 3 created.');

    await page.goto(`${baseUrl}/console/users?q=${tag}&sort=-name`);
    await loaded(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('id,name,email,role,status,created_at,updated_at,last_login_at,email_verified_at');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([`Cleo ${tag}`, `Bea ${tag}`, `Abe ${tag}`]);
    await expect.poll(() => page.getByRole('button', { name: 'Export' }).isEnabled()).toBe(true);
  });
});
