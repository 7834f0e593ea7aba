import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/types.ts';
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

describe('what viewers and managers see', () => {
  const browser = useBrowser();
  const tag = unique();
  const people: Record<'admin' | 'manager' | 'viewer', User> = {} as never;

  beforeAll(async () => {
    const api = await apiAs(admin.email, admin.password);
    for (const role of ['admin', 'manager', 'viewer'] as const) {
      people[role] = await api.createUser({
        name: `Role ${role} ${tag}`,
        email: `role-${role}-${tag}@example.com`,
        role,
        password: PASSWORD,
      });
    }
  });

  async function signedInAs(role: 'manager' | 'viewer'): Promise<Page> {
    const page = await browser.open();
    await signIn(page, people[role].email, PASSWORD);
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    return page;
  }

  const rowOf = (page: Page, user: User) => page.locator(`tbody tr[data-id="${user.id}"]`);

  it('a viewer reads users but is shown nothing that changes them, and no audit log', async () => {
    const page = await signedInAs('viewer');
    expect(await page.locator('tbody tr').count()).toBe(3);
    expect(await page.getByRole('button', { name: 'New user' }).count()).toBe(0);
    expect(await page.locator('main [data-action]').count()).toBe(0);
    // No Actions column left empty.
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await checkAccessibility(page, 'users as a viewer');
    await screenshot(page, 'users-viewer');

    await rowOf(page, people.manager).locator('[data-name]').click();
    await loaded(page);
    expect(await page.locator('main [data-action]').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Sessions' }).count()).toBe(0);

    await page.goto(`${baseUrl}/console/audit`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  });

  it('a manager creates and edits viewers and managers, but cannot touch admins or delete anyone', async () => {
    const page = await signedInAs('manager');
    expect(await page.getByRole('button', { name: 'New user' }).count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(1);
    expect(await rowOf(page, people.viewer).locator('[data-action="edit"]').count()).toBe(1);
    expect(await rowOf(page, people.viewer).locator('[data-action="disable"]').count()).toBe(1);
    expect(await rowOf(page, people.admin).locator('[data-action]').count()).toBe(0);
    expect(await page.locator('main [data-action="delete"]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await screenshot(page, 'users-manager');

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Role').locator('option').allTextContents()).toEqual([
      'Manager',
      'Viewer',
    ]);
    await dialog.getByLabel('Name').fill(`Made by manager ${tag}`);
    await dialog.getByLabel('E-mail').fill(`made-${tag}@example.com`);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await loaded(page);
    expect(await page.locator('tbody tr').count()).toBe(4);

    // The manager's own row: editable, but not disabled by themselves.
    expect(await rowOf(page, people.manager).locator('[data-action="edit"]').count()).toBe(1);
    expect(await rowOf(page, people.manager).locator('[data-action="disable"]').count()).toBe(0);
  });
});
