import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

// Text as a screen reader reads it, in one line.
const oneLine = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('the users screen, as an admin', () => {
  const browser = useBrowser();
  let page: Page;
  let api: ApiAs;
  beforeAll(async () => {
    api = await apiAs(admin.email, admin.password);
  });
  beforeEach(async () => {
    page = await browser.open();
    await signIn(page, admin.email, admin.password);
    // Signing in lands on the overview; these tests start from the users.
    await page.goto(`${baseUrl}/console/users`);
  });

  const row = (p: Page, id: number) => p.locator(`tbody tr[data-id="${id}"]`);
  const rowNames = (p: Page) => p.locator('tbody tr [data-name]').allTextContents();
  const range = (p: Page) => p.locator('[data-range]').textContent();
  const search = async (p: Page, text: string) => {
    await p.getByRole('searchbox', { name: /search users/i }).fill(text);
    await p.waitForURL((url) => url.searchParams.get('q') === text);
    await loaded(p);
  };

  it('creates a user in a dialog that checks fields as the server does and shows its errors', async () => {
    const tag = unique();
    await page.goto(`${baseUrl}/console/users`);
    await loaded(page);
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.waitFor();
    // Focus lands on the first field.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');

    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => dialog.locator('[aria-invalid="true"]').count()).toBe(2);
    expect(await dialog.locator('[data-feedback-for="email"]').textContent()).toMatch(/Enter an e-mail/);
    await checkAccessibility(page, 'create user with errors');

    await dialog.getByLabel('Name').fill(`Grace ${tag}`);
    await dialog.getByLabel('E-mail').fill(admin.email);
    await dialog.getByLabel('Role').selectOption('manager');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    // The e-mail is taken: the server says so and the dialog stays open.
    await expect
      .poll(() => dialog.locator('[data-feedback-for="email"]').textContent())
      .toMatch(/already|exists|taken|in use/i);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await screenshot(page, 'user-create');

    await dialog.getByLabel('E-mail').fill(`grace-${tag}@example.com`);
    await dialog.getByLabel('E-mail').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.toast').first().textContent()).toContain(`Created Grace ${tag}`);
    // The new user is marked in the list (leading it when page 1 sorted by id does not hold them).
    const created = page.locator('tbody tr.row-new');
    await expect.poll(() => created.locator('[data-name]').textContent()).toBe(`Grace ${tag}`);
    expect(await created.locator('[data-new]').textContent()).toBe('New');
    await checkAccessibility(page, 'users with a user just created');
    // The toast links to their page.
    const id = await created.getAttribute('data-id');
    await page.locator('.toast [data-toast-link]').click();
    await page.waitForURL(`${baseUrl}/console/users/${id}`);
    await loaded(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Grace ${tag}`);
    await page.goBack();
    await loaded(page);
    await search(page, tag);
    expect(await rowNames(page)).toEqual([`Grace ${tag}`]);
    expect(await page.locator('tbody tr .badge').first().textContent()).toBe('Manager');
  });

  it('pages next, previous and last by cursor, and to other pages by number', async () => {
    const tag = unique();
    for (let n = 1; n <= 45; n++) {
      await api.createUser({
        name: `Pager ${String(n).padStart(2, '0')} ${tag}`,
        email: `pager-${n}-${tag}@example.com`,
      });
    }
    const names = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => `Pager ${String(from + i).padStart(2, '0')} ${tag}`);
    await page.goto(`${baseUrl}/console/users?per_page=10`);
    await loaded(page);
    await search(page, tag);
    expect(await range(page)).toBe('1–10 of 45 users');
    const follow = async (name: string, expected: string, by: 'cursor' | 'page' | 'first') => {
      await page.getByRole('link', { name }).click();
      await page.waitForURL(
        (url) =>
          (by === 'cursor' ? url.searchParams.has('cursor') : !url.searchParams.has('cursor')) &&
          (by !== 'first' || !url.searchParams.has('page')),
      );
      await loaded(page);
      expect(await range(page), name).toBe(expected);
    };
    await follow('Next page', '11–20 of 45 users', 'cursor');
    expect(await rowNames(page)).toEqual(names(11, 20));
    await follow('Page 5', '41–45 of 45 users', 'cursor');
    expect(await rowNames(page)).toEqual(names(41, 45));
    expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await follow('Previous page', '31–40 of 45 users', 'cursor');
    expect(await rowNames(page)).toEqual(names(31, 40));
    // A page reached by cursor is a real link: it reloads as the same page.
    await page.reload();
    await loaded(page);
    expect(await rowNames(page)).toEqual(names(31, 40));
    await follow('Page 3', '21–30 of 45 users', 'page');
    expect(new URL(page.url()).searchParams.get('page')).toBe('3');
    await follow('Previous page', '11–20 of 45 users', 'cursor');
    await follow('Previous page', '1–10 of 45 users', 'first');
    expect(await rowNames(page)).toEqual(names(1, 10));
    await checkAccessibility(page, 'users paged by cursor');
  });

  it('searches, filters, sorts and pages, keeping it all in the URL for reload, back and forward', async () => {
    const tag = unique();
    for (let n = 1; n <= 25; n++) {
      await api.createUser({
        name: `Member ${String(n).padStart(2, '0')} ${tag}`,
        email: `member-${n}-${tag}@example.com`,
        role: n % 5 === 0 ? 'manager' : 'viewer',
        status: n % 6 === 0 ? 'disabled' : 'active',
      });
    }
    await page.goto(`${baseUrl}/console/users`);
    await loaded(page);
    await search(page, tag);
    expect(await range(page)).toBe('1–20 of 25 users');

    // Page 2 is the last: its link follows the list's last-page cursor.
    await page.getByRole('link', { name: 'Page 2' }).click();
    await page.waitForURL((url) => url.searchParams.has('cursor'));
    await loaded(page);
    expect(await range(page)).toBe('21–25 of 25 users');
    await page.reload();
    await loaded(page);
    expect(await range(page)).toBe('21–25 of 25 users');
    expect(await page.getByRole('searchbox', { name: /search users/i }).inputValue()).toBe(tag);
    await page.goBack();
    await loaded(page);
    expect(await range(page)).toBe('1–20 of 25 users');
    await page.goForward();
    await loaded(page);
    expect(await range(page)).toBe('21–25 of 25 users');

    await page.getByRole('combobox', { name: 'Role' }).selectOption('manager');
    await page.waitForURL(
      (url) => url.searchParams.get('role') === 'manager' && !url.searchParams.has('page'),
    );
    await loaded(page);
    expect(await rowNames(page)).toEqual(['05', '10', '15', '20', '25'].map((n) => `Member ${n} ${tag}`));

    await page.getByRole('combobox', { name: 'Role' }).selectOption('viewer');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('disabled');
    await page.waitForURL((url) => url.searchParams.get('status') === 'disabled');
    await loaded(page);
    expect(await rowNames(page)).toEqual(['06', '12', '18', '24'].map((n) => `Member ${n} ${tag}`));

    await search(page, `${tag}-nobody`);
    expect(await page.locator('[data-empty]').textContent()).toMatch(/No users match/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(`${baseUrl}/console/users`);
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('');
    await search(page, tag);

    await page.getByRole('button', { name: /^Name/ }).click();
    await loaded(page);
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-name');
    await loaded(page);
    expect((await rowNames(page))[0]).toBe(`Member 25 ${tag}`);
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);

    await page.getByRole('combobox', { name: 'Per page' }).selectOption('10');
    await page.waitForURL((url) => url.searchParams.get('per_page') === '10');
    await loaded(page);
    expect(await range(page)).toBe('1–10 of 25 users');
    expect(await page.getByRole('link', { name: 'Page 3' }).count()).toBe(1);
    await checkAccessibility(page, 'users');
    await screenshot(page, 'users');
  });

  it('edits a user, and when another tab saved first, shows what they changed and keeps what was typed', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Edit Me ${tag}`, email: `edit-${tag}@example.com` });
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    await row(page, user.id)
      .getByRole('button', { name: `Edit Edit Me ${tag}` })
      .click();
    const dialog = page.getByRole('dialog', { name: `Edit Edit Me ${tag}` });
    await dialog.waitFor();
    await checkAccessibility(page, 'edit user');

    // A second tab of the same browser changes the name and the address first.
    const other = await page.context().newPage();
    await other.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(other);
    await row(other, user.id)
      .getByRole('button', { name: /^Edit / })
      .click();
    const otherDialog = other.getByRole('dialog');
    await otherDialog.getByLabel('Name').fill(`Changed Elsewhere ${tag}`);
    await otherDialog.getByLabel('E-mail').fill(`elsewhere-${tag}@example.com`);
    await otherDialog.getByRole('button', { name: 'Save changes' }).click();
    await otherDialog.waitFor({ state: 'detached' });
    await other.close();

    // This one changes the name too, and the role, which nobody else touched.
    await dialog.getByLabel('Name').fill(`Changed Here ${tag}`);
    await dialog.getByLabel('Role').selectOption('manager');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toMatch(/Someone else saved this user while you were editing/);
    const alert = oneLine(await dialog.getByRole('alert').textContent());
    expect(alert).toContain('Their changes to what you had left alone are in the form: E-mail.');
    expect(alert).toContain('You both changed Name');
    // Nothing typed is lost; their address is taken; their name is shown under mine.
    expect(await dialog.getByLabel('Name').inputValue()).toBe(`Changed Here ${tag}`);
    expect(await dialog.getByLabel('Role').inputValue()).toBe('manager');
    expect(await dialog.getByLabel('E-mail').inputValue()).toBe(`elsewhere-${tag}@example.com`);
    expect(oneLine(await dialog.locator('[data-theirs-for="name"]').textContent())).toContain(
      `Saved meanwhile by someone else: Changed Elsewhere ${tag}`,
    );
    await checkAccessibility(page, 'edit conflict');
    await screenshot(page, 'user-edit-conflict');

    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await loaded(page);
    const saved = await api.call<User>('GET', `/api/v1/users/${user.id}`);
    expect(saved.data).toMatchObject({
      name: `Changed Here ${tag}`,
      email: `elsewhere-${tag}@example.com`,
      role: 'manager',
      version: 3,
    });
  });

  it('takes the other person’s value for a field both changed, on request', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Both ${tag}`, email: `both-${tag}@example.com` });
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    await row(page, user.id)
      .getByRole('button', { name: /^Edit / })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await api.call('PATCH', `/api/v1/users/${user.id}`, { name: `Theirs ${tag}` });
    await dialog.getByLabel('Name').fill(`Mine ${tag}`);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('button', { name: 'Use theirs (Name)' }).click();
    expect(await dialog.getByLabel('Name').inputValue()).toBe(`Theirs ${tag}`);
    expect(await dialog.locator('[data-theirs-for]').count()).toBe(0);
    // Nothing left to change: Save just closes.
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api.call<User>('GET', `/api/v1/users/${user.id}`)).data).toMatchObject({
      name: `Theirs ${tag}`,
      version: 2,
    });
  });

  it('deletes a user only after a confirmation that names them', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Delete Me ${tag}`, email: `delete-${tag}@example.com` });
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    await row(page, user.id)
      .getByRole('button', { name: `Delete Delete Me ${tag}` })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Delete user' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Delete Delete Me ${tag} (delete-${tag}@example.com)?`);
    // Focus starts on Cancel: Enter right away deletes nothing.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await api.call('GET', `/api/v1/users/${user.id}`)).status).toBe(200);

    await row(page, user.id)
      .getByRole('button', { name: `Delete Delete Me ${tag}` })
      .click();
    await dialog.waitFor();
    await checkAccessibility(page, 'delete confirmation');
    await screenshot(page, 'user-delete');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row(page, user.id).count()).toBe(0);
    expect((await api.call('GET', `/api/v1/users/${user.id}`)).status).toBe(404);
  });

  it('disables a user after a confirmation and enables them again', async () => {
    const tag = unique();
    const user = await api.createUser({ name: `Toggle ${tag}`, email: `toggle-${tag}@example.com` });
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    await row(page, user.id)
      .getByRole('button', { name: `Disable Toggle ${tag}` })
      .click();
    await page.getByRole('dialog', { name: 'Disable user' }).getByRole('button', { name: 'Disable' }).click();
    await expect
      .poll(() => row(page, user.id).locator('.badge:visible').nth(1).textContent())
      .toBe('Disabled');
    await row(page, user.id)
      .getByRole('button', { name: `Enable Toggle ${tag}` })
      .click();
    await expect.poll(() => row(page, user.id).locator('.badge:visible').nth(1).textContent()).toBe('Active');
    expect((await api.call<User>('GET', `/api/v1/users/${user.id}`)).data.status).toBe('active');
  });

  it('shows a name written like HTML as text, and runs none of it', async () => {
    const tag = unique();
    const name = '<img src=x onerror=alert(1)>';
    const user = await api.createUser({ name, email: `xss-${tag}@example.com` });
    await page.goto(`${baseUrl}/console/users?q=xss-${tag}`);
    await loaded(page);
    expect(await row(page, user.id).locator('[data-name]').textContent()).toBe(name);
    expect(await page.locator('main img').count()).toBe(0);
    await row(page, user.id)
      .getByRole('button', { name: `Edit ${name}` })
      .click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await row(page, user.id).locator('[data-name]').click();
    await page.waitForURL(`${baseUrl}/console/users/${user.id}`);
    await loaded(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await page.locator('main img').count()).toBe(0);
    // `watch` fails the test in afterEach if an alert was opened or a script error happened.
  });

  it('sorts by role, status and last sign-in, keeps each user on one line at 1280 px, and offers Clear filters whenever filtered', async () => {
    const tag = unique();
    const make = (name: string, email: string, more: Partial<User> = {}) =>
      api.createUser({ name: `${name} ${tag}`, email, password: PASSWORD, ...more });
    // A long address full of hyphens, which used to wrap at each one.
    const long = await make(
      'Anne-Marie Hyphen-Smith',
      `first-middle-last-name-of-someone-${tag}@long-company-name.example.com`,
    );
    const admin2 = await make('Boss', `boss-${tag}@example.com`, { role: 'admin' });
    const off = await make('Off', `off-${tag}@example.com`, { status: 'disabled' });
    await apiAs(long.email, PASSWORD); // signs in: the only one of the three with a last sign-in
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);

    // Clear filters is there as soon as a search is, not only when nothing matches.
    expect(await page.getByRole('button', { name: 'Clear filters' }).isVisible()).toBe(true);

    // At 1280 px every row is one line high, the long address's too (cut short, whole on hover).
    const heights = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.clientHeight));
    expect(Math.max(...heights) - Math.min(...heights)).toBeLessThanOrEqual(1);
    expect(await row(page, long.id).locator('td.email-cell [title]').getAttribute('title')).toBe(long.email);
    expect(await row(page, long.id).locator('[data-name]').getAttribute('title')).toBe(long.name);

    const sortBy = async (header: string, sort: string) => {
      await page.getByRole('button', { name: new RegExp(`^${header}`) }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === sort);
      await loaded(page);
      return page
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id'))));
    };
    expect(await sortBy('Role', 'role')).toEqual([admin2.id, long.id, off.id]);
    expect(await sortBy('Status', 'status')).toEqual([long.id, admin2.id, off.id]);
    // Never signed in: last going up, first going down.
    expect(await sortBy('Last sign-in', 'last_login_at')).toEqual([long.id, admin2.id, off.id]);
    expect(await sortBy('Last sign-in', '-last_login_at')).toEqual([off.id, admin2.id, long.id]);
    expect((await page.locator('th[aria-sort="descending"]').textContent())?.trim()).toBe('Last sign-in');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.searchParams.has('q'));
    expect(await page.getByRole('button', { name: 'Clear filters' }).isVisible()).toBe(false);
  });

  it('at 390 px says in words which users are disabled', async () => {
    const tag = unique();
    const off = await api.createUser({
      name: `Narrow ${tag}`,
      email: `narrow-${tag}@example.com`,
      status: 'disabled',
    });
    const on = await api.createUser({ name: `Wide ${tag}`, email: `wide-${tag}@example.com` });
    const narrow = await browser.open({ viewport: { width: 390, height: 800 } });
    await signIn(narrow, admin.email, admin.password);
    await narrow.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(narrow);
    expect(await narrow.getByRole('columnheader', { name: 'Status' }).isVisible()).toBe(false);
    expect(await row(narrow, off.id).locator('[data-status]').textContent()).toBe('Disabled');
    expect(await row(narrow, off.id).locator('[data-status]').isVisible()).toBe(true);
    // Active is what most users are: it goes without saying.
    expect(await row(narrow, on.id).locator('[data-status]').count()).toBe(0);
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await checkAccessibility(narrow, 'users at 390 px');
  });
});
