import { describe, expect, it } from 'vitest';
import {
  OverviewController,
  type OverviewModel,
  type OverviewView,
} from '../../src/screens/overview/controller.ts';
import { OverviewPage } from '../../src/screens/overview/view.ts';
import type { Overview } from '../../src/types/overview.ts';
import { fakeContext, requests, routes, settle } from './fake-context.ts';

const days = Array.from({ length: 30 }, (_, i) => ({
  day: new Date(Date.UTC(2026, 10, 13 + i)).toISOString().slice(0, 10),
  succeeded: i === 29 ? 4 : i === 0 ? 2 : 0,
  failed: i === 29 ? 1 : 0,
}));

const OVERVIEW: Overview = {
  users: {
    total: 12,
    by_status: [
      { status: 'active', count: 10 },
      { status: 'disabled', count: 2 },
    ],
    by_role: [
      { role: 'viewer', count: 9 },
      { role: 'manager', count: 2 },
      { role: 'admin', count: 1 },
    ],
  },
  sign_ins: { from: days[0]!.day, to: days[29]!.day, days },
  locked: {
    count: 1,
    count_exact: true,
    accounts: [
      { id: 5, name: 'Locked Lou', email: 'lou@example.com', locked_until: '2026-12-12T10:05:00.000Z' },
    ],
    lockout_store: 'memory',
  },
  recent_actions: [
    {
      id: 31,
      occurred_at: '2026-12-12T09:00:00.000Z',
      actor_id: 1,
      actor_email: 'grace@example.com',
      action: 'user.updated',
      target_type: 'user',
      target_id: '7',
      changes: { name: ['Ada', 'Ada L.'] },
      ip: null,
      user_agent: null,
      request_id: 'r1',
      actor_name: 'Grace',
      target_name: 'Ada L.',
      target_email: 'ada@example.com',
      target_session: null,
    },
  ],
};

class FakeView implements OverviewView {
  retry!: () => void;
  shown: string[] = [];
  model: OverviewModel | null = null;
  bind(handlers: { retry: () => void }): void {
    this.retry = handlers.retry;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  showOverview(model: OverviewModel): void {
    this.shown.push('overview');
    this.model = model;
  }
  showError(): void {
    this.shown.push('error');
  }
}

async function load(role: string, answer: Overview = OVERVIEW) {
  const ctx = fakeContext({ role, handler: routes({ 'GET /api/v1/overview': () => ({ data: answer }) }) });
  const view = new FakeView();
  await new OverviewController(ctx, view).start();
  await settle();
  return { ctx, view, model: view.model! };
}

describe('the overview', () => {
  it('links each count to the users list filtered by it', async () => {
    const { model } = await load('admin');
    expect(model.total).toEqual({ label: '12 users', count: 12, href: '/console/users' });
    expect(model.statuses.map((s) => [s.label, s.count, s.href])).toEqual([
      ['Active', 10, '/console/users?status=active'],
      ['Disabled', 2, '/console/users?status=disabled'],
    ]);
    expect(model.roles.map((r) => r.href)).toEqual([
      '/console/users?role=viewer',
      '/console/users?role=manager',
      '/console/users?role=admin',
    ]);
  });

  it("sums the sign-ins and links a day's counts to that day in the audit log, for those who may read it", async () => {
    const { model } = await load('admin');
    expect([model.signIns.succeeded, model.signIns.failed]).toEqual([6, 1]);
    const today = model.signIns.days[29]!;
    expect(today.failedHref).toBe(
      `/console/audit?action=auth.login_failed&from=${today.day}T00%3A00%3A00.000Z&to=${today.day}T23%3A59%3A59.999Z`,
    );
    // A day with nothing has nothing to open.
    expect(model.signIns.days[5]).toMatchObject({ succeeded: 0, succeededHref: null, failedHref: null });
  });

  it('names the newest changes as the audit log does, each linking to events like it', async () => {
    const { model, ctx } = await load('admin');
    expect(model.recent?.changes).toEqual([
      {
        id: 31,
        occurred_at: '2026-12-12T09:00:00.000Z',
        action: 'user.updated',
        label: 'User updated',
        actor: 'Grace',
        actorHref: '/console/users/1',
        target: 'Ada L.',
        targetHref: '/console/users/7',
        logHref: '/console/audit?target_type=user&target_id=7&action=user.updated',
      },
    ]);
    expect(requests(ctx)).toEqual(['GET /api/v1/overview', 'GET /api/v1/audit/actions']);
  });

  it('leaves out what the server leaves out for a viewer, and asks for no audit catalog', async () => {
    const { model, ctx } = await load('viewer', { ...OVERVIEW, locked: null, recent_actions: null });
    expect([model.locked, model.recent]).toEqual([null, null]);
    expect(model.signIns.days.every((d) => d.succeededHref === null)).toBe(true);
    expect(requests(ctx)).toEqual(['GET /api/v1/overview']);
  });

  it('shows the error with a retry that loads again', async () => {
    let calls = 0;
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/overview': () =>
          ++calls === 1 ? { status: 500, message: 'Broken' } : { data: OVERVIEW },
      }),
    });
    const view = new FakeView();
    await new OverviewController(ctx, view).start();
    expect(view.shown).toEqual(['loading', 'error']);
    view.retry();
    await settle();
    await settle();
    expect(view.shown.at(-1)).toBe('overview');
  });
});

describe('the overview page', () => {
  async function drawn(role = 'admin'): Promise<HTMLElement> {
    const { model } = await load(role);
    const page = new OverviewPage();
    page.bind({ retry: () => undefined });
    page.showOverview(model);
    document.body.replaceChildren(page.element);
    return page.element;
  }

  it('draws the counts as links, the chart as an image with a summary, and each day in a table', async () => {
    const page = await drawn();
    const statuses = [...page.querySelectorAll<HTMLAnchorElement>('[data-statuses] a')];
    expect(statuses.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['/console/users?status=active', 'Active10'],
      ['/console/users?status=disabled', 'Disabled2'],
    ]);
    const chart = page.querySelector('svg.bar-chart')!;
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toMatch(/6 sign-ins and 1 failed sign-in/);
    expect(chart.querySelectorAll('g > title')).toHaveLength(30);
    const rows = page.querySelectorAll('tbody tr[data-day]');
    expect(rows).toHaveLength(30);
    // Newest first; a count with events links to them.
    expect(rows[0]!.getAttribute('data-day')).toBe(days[29]!.day);
    expect(rows[0]!.querySelector('a[aria-label^="Failed sign-ins"]')?.textContent).toBe('1');
  });

  it('lists the locked accounts and the recent changes with their links', async () => {
    const page = await drawn();
    expect(page.querySelector('[data-locked-count]')?.textContent).toBe('1');
    expect(page.querySelector('[data-locked] a')?.getAttribute('href')).toBe('/console/users/5');
    const change = page.querySelector('[data-recent] [data-id="31"]')!;
    expect([...change.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      '/console/audit?target_type=user&target_id=7&action=user.updated',
      '/console/users/7',
      '/console/users/1',
    ]);
    // Text goes in as text: a name is never read as markup.
    expect(change.textContent).toContain('Ada L. by Grace');
  });
});
