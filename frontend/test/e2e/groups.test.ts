import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Group, User } from '../../src/types.ts';
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

describe('groups in the console', () => {
  const browser = useBrowser();
  let api: ApiAs;
  beforeAll(async () => {
    api = await apiAs(admin.email, admin.password);
  });

  const members = (page: Page) => page.getByRole('region', { name: 'Members' });
  const memberRow = (page: Page, user: User) => members(page).locator(`tbody tr[data-id="${user.id}"]`);

  it('as an admin: creates a group, adds a member, sees it on their page, filters the users by it, removes them, deletes it', async () => {
    const tag = unique();
    const name = `Editors ${tag}`;
    const ada = await api.createUser({ name: `Member ${tag}`, email: `member-${tag}@example.com` });
    await api.createUser({ name: `Bystander ${tag}`, email: `bystander-${tag}@example.com` });
    const page = await browser.open();
    await signIn(page, admin.email, admin.password);
    await page.getByRole('navigation').getByRole('link', { name: 'Groups' }).click();
    await page.waitForURL(`${baseUrl}/console/groups`);
    await loaded(page);

    // Create: the name is checked as the server would, then the new group's page opens.
    await page.getByRole('button', { name: 'New group' }).click();
    const create = page.getByRole('dialog', { name: 'New group' });
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect.poll(() => create.locator('[data-feedback-for="name"]').textContent()).toBe('Enter a name.');
    await checkAccessibility(page, 'new group with an error');
    await create.getByLabel('Name').fill(name);
    await create.getByLabel('Description (optional)').fill('Who may publish');
    await create.getByRole('button', { name: 'Create group' }).click();
    await create.waitFor({ state: 'detached' });
    await page.waitForURL((url) => /^\/console\/groups\/\d+$/.test(url.pathname));
    await loaded(page);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await members(page).textContent()).toContain('No members yet.');

    // Add a member by typing part of their e-mail and picking them.
    await page.getByRole('button', { name: 'Add member' }).click();
    const add = page.getByRole('dialog', { name: `Add a member to ${name}` });
    await add.getByLabel('Find a user').fill(`member-${tag}`);
    const pick = add.getByRole('radio', { name: new RegExp(`Member ${tag}`) });
    await pick.waitFor();
    // The one match is picked already.
    expect(await pick.isChecked()).toBe(true);
    await checkAccessibility(page, 'add member');
    await screenshot(page, 'group-add-member');
    await add.getByRole('button', { name: 'Add member' }).click();
    await add.waitFor({ state: 'detached' });
    await memberRow(page, ada).waitFor();
    await loaded(page);
    await checkAccessibility(page, 'group page');
    await screenshot(page, 'group');

    // Someone else edits the group while the dialog is open: the save says so and offers a reload.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${name}` });
    await edit.waitFor();
    await api.call('PATCH', `/api/v1/groups/${id}`, { description: 'Changed elsewhere' });
    await edit.getByLabel('Description (optional)').fill('Ours');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => edit.getByRole('alert').textContent()).toMatch(/Someone else changed this group/);
    await edit.getByRole('button', { name: 'Reload group' }).click();
    await expect.poll(() => edit.getByLabel('Description (optional)').inputValue()).toBe('Changed elsewhere');
    await edit.getByLabel('Description (optional)').fill('Ours');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('region', { name: 'Details' }).textContent()).toContain('Ours');

    // The member's page lists the group, linked.
    await memberRow(page, ada).locator('[data-name]').click();
    await page.waitForURL(`${baseUrl}/console/users/${ada.id}`);
    const groups = page.getByRole('region', { name: 'Groups' });
    await groups.getByRole('link', { name }).waitFor();
    await checkAccessibility(page, 'user page with groups');

    // The users list filtered by the group shows its member only.
    await page.goto(`${baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    expect(await page.locator('tbody tr').count()).toBe(2);
    const menu = page.getByRole('combobox', { name: 'Group' });
    await expect.poll(() => menu.locator('option').allTextContents()).toContain(name);
    await menu.selectOption({ label: name });
    await page.waitForURL((url) => url.searchParams.get('group') === String(id));
    await loaded(page);
    expect(await page.locator('tbody tr [data-name]').allTextContents()).toEqual([`Member ${tag}`]);
    await page.reload();
    await loaded(page);
    expect(await page.locator('tbody tr [data-name]').allTextContents()).toEqual([`Member ${tag}`]);
    await expect.poll(() => menu.inputValue()).toBe(String(id));
    await checkAccessibility(page, 'users filtered by group');

    // Remove the member, after a confirmation that names both.
    await page.goto(`${baseUrl}/console/groups/${id}`);
    await loaded(page);
    await memberRow(page, ada)
      .getByRole('button', { name: `Remove Member ${tag}` })
      .click();
    const remove = page.getByRole('dialog', { name: 'Remove member' });
    expect(await remove.textContent()).toContain(
      `Remove Member ${tag} (member-${tag}@example.com) from ${name}?`,
    );
    await remove.getByRole('button', { name: 'Remove', exact: true }).click();
    await remove.waitFor({ state: 'detached' });
    await expect.poll(() => members(page).textContent()).toContain('No members yet.');

    // Delete the group: back to the list, where it is gone.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const del = page.getByRole('dialog', { name: 'Delete group' });
    await checkAccessibility(page, 'delete group');
    await del.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(`${baseUrl}/console/groups`);
    await loaded(page);
    expect(await page.locator(`tbody tr[data-id="${id}"]`).count()).toBe(0);
    expect((await api.call('GET', `/api/v1/groups/${id}`)).status).toBe(404);
  });

  it('as a viewer: reads the groups and a group, with no control that would change them', async () => {
    const tag = unique();
    const viewer = await api.createUser({
      name: `Viewer ${tag}`,
      email: `viewer-${tag}@example.com`,
      role: 'viewer',
      password: PASSWORD,
    });
    const created = await api.call<Group>('POST', '/api/v1/groups', { name: `Readers ${tag}` });
    const group = created.data;
    await api.call('POST', `/api/v1/groups/${group.id}/members`, { user_id: viewer.id });

    const page = await browser.open();
    await signIn(page, viewer.email, PASSWORD);
    await page.goto(`${baseUrl}/console/groups?q=${tag}`);
    await loaded(page);
    expect(await page.locator('tbody tr [data-name]').allTextContents()).toEqual([`Readers ${tag}`]);
    expect(await page.getByRole('button', { name: 'New group' }).count()).toBe(0);
    expect(await page.locator('main [data-action]').count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    await checkAccessibility(page, 'groups as a viewer');
    await screenshot(page, 'groups-viewer');

    await page.locator('tbody tr [data-name]').click();
    await page.waitForURL(`${baseUrl}/console/groups/${group.id}`);
    await loaded(page);
    await memberRow(page, viewer).waitFor();
    expect(await page.locator('main [data-action]').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Recent activity' }).count()).toBe(0);
    await checkAccessibility(page, 'group as a viewer');
  });
});
