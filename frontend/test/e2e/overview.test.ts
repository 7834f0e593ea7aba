import { describe, expect, it } from 'vitest';
import type { Overview } from '../../src/types/overview.ts';
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

const WRONG = 'not the right password at all';
const login = (email: string, password: string) =>
  fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('the overview', () => {
  const browser = useBrowser();

  it('is the home after signing in and shows the seeded counts, sign-ins, locks and changes, each linking on', async () => {
    const tag = unique();
    const api = await apiAs(admin.email, admin.password);
    await api.createUser({ name: `Shown ${tag}`, email: `shown-${tag}@example.com`, status: 'disabled' });
    const locked = await api.createUser({
      name: `Locked ${tag}`,
      email: `locked-${tag}@example.com`,
      password: PASSWORD,
    });
    for (let i = 0; i < 5; i++) expect((await login(locked.email, WRONG)).status).toBe(401);
    const seen = (await api.call<Overview>('GET', '/api/v1/overview')).data;

    const page = await browser.open();
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${baseUrl}/console/overview`);
    await loaded(page);

    const count = (marker: string, label: string) =>
      page.locator(`[${marker}] a`).filter({ hasText: label }).locator('[data-count]').textContent();
    const disabled = seen.users.by_status.find((s) => s.status === 'disabled')!.count;
    expect(await count('data-statuses', 'Disabled')).toBe(disabled.toLocaleString('en'));
    const today = page.locator(`tbody tr[data-day="${seen.sign_ins.to}"]`);
    expect(Number(await today.locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(5);
    expect(
      await page
        .locator('[data-locked] a')
        .filter({ hasText: `Locked ${tag}` })
        .getAttribute('href'),
    ).toBe(`/console/users/${locked.id}`);
    const change = page.locator('[data-recent] li').filter({ hasText: `Shown ${tag}` });
    await change.waitFor();
    await checkAccessibility(page, 'overview');
    await screenshot(page, 'overview');

    // A count opens the list it counts.
    await page.locator('[data-statuses] a').filter({ hasText: 'Disabled' }).click();
    await page.waitForURL(`${baseUrl}/console/users?status=disabled`);
    await loaded(page);
    // A change opens the audit log at events like it.
    await page.goBack();
    await loaded(page);
    await page
      .locator('[data-recent] li')
      .filter({ hasText: `Shown ${tag}` })
      .getByRole('link', { name: 'User created' })
      .click();
    await page.waitForURL(
      (url) => url.pathname === '/console/audit' && url.searchParams.get('action') === 'user.created',
    );
    await loaded(page);
    expect(
      await page
        .locator('main tbody tr')
        .filter({ hasText: `Shown ${tag}` })
        .count(),
    ).toBe(1);
  });

  it('reads well in the dark theme and on a phone, without sideways scrolling', async () => {
    const page = await browser.open({ colorScheme: 'dark', viewport: { width: 360, height: 740 } });
    // No theme chosen yet: the console follows the system's dark scheme.
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(`${baseUrl}/console/overview`);
    await loaded(page);
    expect(await page.evaluate(() => document.documentElement.dataset.bsTheme)).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await checkAccessibility(page, 'overview, dark, 360 px');
    await screenshot(page, 'overview-mobile-dark');
  });

  it('shows a viewer the counts and the chart, but no locks and no changes', async () => {
    const tag = unique();
    const api = await apiAs(admin.email, admin.password);
    const viewer = await api.createUser({
      name: `Viewer ${tag}`,
      email: `ov-viewer-${tag}@example.com`,
      role: 'viewer',
      password: PASSWORD,
    });
    const page = await browser.open();
    await signIn(page, viewer.email, PASSWORD);
    await page.waitForURL(`${baseUrl}/console/overview`);
    await loaded(page);
    expect(await page.locator('svg.bar-chart').count()).toBe(1);
    expect(await page.locator('[data-locked-count], [data-recent]').count()).toBe(0);
    await checkAccessibility(page, 'overview as a viewer');
  });
});
