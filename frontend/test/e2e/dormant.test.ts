import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiAs } from './api-as.ts';
import { startBackend, type RunningBackend } from './backend.ts';
import { signIn } from './browser.ts';
import { checkAccessibility, loaded, screenshot, useBrowser } from './support.ts';

// The backend's SQLite driver, to date accounts back: nothing in the API makes a sign-in old.
const Database = createRequire(new URL('../../../backend/package.json', import.meta.url))(
  'better-sqlite3',
) as new (file: string) => { prepare(sql: string): { run(...values: unknown[]): unknown }; close(): void };

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/**
 * The dormant-account policy's screen on a server of its own with DORMANT_AFTER_DAYS=90 and
 * DORMANT_WARN_DAYS=14: the preview names who would be disabled and warned, and a run disables
 * them through a job whose progress and result show (issue 16).
 */
describe('the dormant-account policy in the console', () => {
  const browser = useBrowser();
  const admin = { email: 'dormant-admin@example.com', password: 'a dormant admin passphrase 16' };
  const dir = mkdtempSync(join(tmpdir(), 'ums-e2e-dormant-'));
  const file = join(dir, 'dormant.db');
  let backend: RunningBackend;
  const ids: Record<'idle' | 'soon' | 'fresh', number> = { idle: 0, soon: 0, fresh: 0 };

  beforeAll(async () => {
    backend = await startBackend(inject('sparePort'), {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      DATABASE_URL: `sqlite:${file}`,
      DORMANT_AFTER_DAYS: '90',
      DORMANT_WARN_DAYS: '14',
    });
    const api = await ApiAs.signIn(backend.baseUrl, admin.email, admin.password);
    for (const who of ['idle', 'soon', 'fresh'] as const) {
      ids[who] = (await api.createUser({ name: `Dormant ${who}`, email: `dormant-${who}@example.com` })).id;
    }
    // Idle signed in 200 days ago; Soon 80 (ten days before the limit, inside the warning);
    // Fresh never, and was made today.
    const db = new Database(file);
    const age = db.prepare('UPDATE users SET created_at = ?, last_login_at = ? WHERE id = ?');
    age.run(daysAgo(400), daysAgo(200), ids.idle);
    age.run(daysAgo(400), daysAgo(80), ids.soon);
    db.close();
  });
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (colorScheme: 'light' | 'dark') => {
    // No theme chosen: the console follows the system's scheme.
    const page = await browser.open({ colorScheme });
    await signIn(page, backend.baseUrl, admin.email, admin.password);
    return page;
  };

  it('previews who would be disabled and warned, tries another limit, and runs the policy as a job', async () => {
    const page = await open('light');
    await page.goto(`${backend.baseUrl}/console/users`);
    await page.getByRole('link', { name: 'Dormant accounts', exact: true }).click();
    await page.waitForURL(`${backend.baseUrl}/console/policies/dormant`);
    await loaded(page);
    expect(await page.locator('[data-policy]').getAttribute('data-policy')).toBe('on');
    expect(await page.locator('[data-count="disable"]').textContent()).toBe('1');
    expect(await page.locator('[data-count="warn"]').textContent()).toBe('1');
    const disable = page.getByRole('group', { name: 'To disable' });
    const warn = page.getByRole('group', { name: 'To warn' });
    expect(await disable.locator('[data-name]').allTextContents()).toEqual(['Dormant idle']);
    expect(await warn.locator('[data-name]').allTextContents()).toEqual(['Dormant soon']);
    await checkAccessibility(page, 'dormant policy');
    await screenshot(page, 'dormant-policy');

    // A shorter limit, tried before changing the server's: Soon would go too.
    await page.getByLabel('Days without a sign-in').fill('60');
    await page.getByLabel('Days without a sign-in').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('after_days') === '60');
    await expect.poll(() => page.locator('[data-count="disable"]').textContent()).toBe('2');
    // A limit the API would refuse is said under the field, and nothing is asked.
    await page.getByLabel('Days without a sign-in').fill('0');
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await page.locator('[data-feedback-for="after_days"]').textContent()).toMatch(/from 1 to 36,500/);
    await page.getByLabel('Days without a sign-in').fill('');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('[data-count="disable"]').textContent()).toBe('1');

    await page.locator('main [data-action="run"]').click();
    const question = page.getByRole('dialog', { name: 'Run the dormant-account policy' });
    await question.locator('[data-confirm]').click();
    await expect
      .poll(() => page.locator('[data-run-result]').textContent())
      .toBe('Done: 1 account disabled, 1 person warned.');
    // The preview again, as things are now: Idle is disabled, Soon was warned and stays listed.
    await expect.poll(() => page.locator('[data-count="disable"]').textContent()).toBe('0');
    const api = await ApiAs.signIn(backend.baseUrl, admin.email, admin.password);
    expect((await api.call<{ status: string }>('GET', `/api/v1/users/${ids.idle}`)).data.status).toBe(
      'disabled',
    );
    expect((await api.call<{ status: string }>('GET', `/api/v1/users/${ids.fresh}`)).data.status).toBe(
      'active',
    );

    // The disable is in the audit log, by the system, with the policy as its reason.
    await page.goto(
      `${backend.baseUrl}/console/audit?target_type=user&target_id=${ids.idle}&action=user.updated`,
    );
    await loaded(page);
    const row = page.locator('main tbody tr').first();
    expect(await row.locator('[data-system]').textContent()).toBe('System');
    expect(await row.locator('[data-changes]').textContent()).toMatch(/reason/);
  });

  it('reads well in the dark theme', async () => {
    const page = await open('dark');
    await page.goto(`${backend.baseUrl}/console/policies/dormant?after_days=30`);
    await loaded(page);
    expect(await page.evaluate(() => document.documentElement.dataset.bsTheme)).toBe('dark');
    await checkAccessibility(page, 'dormant policy, dark');
  });

  it("lists the users list's inactive accounts by their last sign-in", async () => {
    const page = await open('light');
    const names = async (activity: string) => {
      await page.goto(`${backend.baseUrl}/console/users?activity=${activity}&sort=name`);
      await loaded(page);
      return page.locator('main tbody tr [data-name]').allTextContents();
    };
    expect(await names('inactive-180')).toEqual(['Dormant idle']);
    expect(await names('inactive-30')).toEqual(['Dormant idle', 'Dormant soon']);
    expect(await names('never')).toEqual(['Dormant fresh']);
  });
});
