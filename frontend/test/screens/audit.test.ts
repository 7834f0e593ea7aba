import { describe, expect, it, vi } from 'vitest';
import {
  AuditController,
  SUGGEST_PAUSE_MS,
  type AuditFilters,
  type AuditHandlers,
  type AuditListing,
  type AuditView,
  type PersonField,
} from '../../src/screens/audit/controller.ts';
import type { AuditCatalog } from '../../src/types.ts';
import { CATALOG } from '../support/settings.ts';
import { fakeContext, requests, routes, settle, user, type FakeContext } from './fake-context.ts';

class FakeAuditView implements AuditView {
  handlers!: AuditHandlers;
  catalogs: AuditCatalog[] = [];
  filters: AuditFilters | null = null;
  listing: AuditListing | null = null;
  shown: string[] = [];

  bind(handlers: AuditHandlers): void {
    this.handlers = handlers;
  }
  showCatalog(catalog: AuditCatalog): void {
    this.catalogs.push(catalog);
  }
  showFilters(filters: AuditFilters): void {
    this.filters = filters;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  showEvents(listing: AuditListing): void {
    this.shown.push('events');
    this.listing = listing;
  }
  showNoEvents(): void {
    this.shown.push('none');
  }
  showError(): void {
    this.shown.push('error');
  }
  problems: [PersonField, string | null][] = [];
  showFilterProblem(field: PersonField, message: string | null): void {
    this.problems.push([field, message]);
  }
  suggestions: Partial<Record<PersonField, string[]>> = {};
  showSuggestions(field: PersonField, labels: string[]): void {
    this.suggestions[field] = labels;
  }
}

const EVENT = {
  id: 1,
  occurred_at: '2026-01-02T00:00:00.000Z',
  actor_id: 1,
  actor_email: 'grace@example.com',
  action: 'user.updated',
  target_type: 'user',
  target_id: '9',
  changes: null,
  ip: null,
  user_agent: null,
  request_id: null,
  actor_name: 'Grace',
  target_name: null,
  target_email: null,
  target_session: null,
};

const EVENTS = routes({
  'GET /api/v1/audit-events': () => ({ data: [], meta: { page: 1, per_page: 20, total: 0, pages: 0 } }),
});

function open(ctx: FakeContext, search = '') {
  const view = new FakeAuditView();
  const controller = new AuditController(ctx, view, new URLSearchParams(search));
  return { view, controller, started: controller.start() };
}

const NO_FILTERS: AuditFilters = {
  actor_id: '',
  target_type: '',
  target_id: '',
  action: '',
  from: '',
  to: '',
};

describe('the audit log', () => {
  it('reads the actions once, when it first opens, and fills the menus before the rows', async () => {
    const ctx = fakeContext({ handler: EVENTS });
    const { view, started } = open(ctx);
    await started;
    view.handlers.filter({ ...NO_FILTERS, action: 'user.updated' });
    await settle();
    expect(view.catalogs).toEqual([CATALOG]);
    expect(requests(ctx).filter((r) => r.includes('/audit/actions'))).toHaveLength(1);
  });

  it('keeps the filters in the URL, dates as UTC moments, and starts again at page 1', async () => {
    const ctx = fakeContext({ handler: EVENTS });
    const { view, started } = open(ctx, '?page=3&per_page=50');
    await started;
    const from = '2026-03-04T05:06';
    view.handlers.filter({ ...NO_FILTERS, target_type: 'user', target_id: '7', from });
    await settle();
    const iso = new Date(from).toISOString();
    expect(ctx.recorded).toEqual([
      {
        url: `/console/audit?target_type=user&target_id=7&from=${encodeURIComponent(iso)}&per_page=50`,
        replace: false,
      },
    ]);
    expect(requests(ctx).at(-1)).toBe(
      `GET /api/v1/audit-events?page=1&per_page=50&target_type=user&target_id=7&from=${encodeURIComponent(iso)}`,
    );
    // The form shows the moment again in the browser's time zone.
    expect(view.filters?.from).toBe(from);

    view.handlers.clear();
    expect(ctx.recorded.at(-1)?.url).toBe('/console/audit?per_page=50');
  });

  it('keeps an action the server does not list as a filter (from a link)', async () => {
    const ctx = fakeContext({ handler: EVENTS });
    const { view, started } = open(ctx, '?action=group.renamed');
    await started;
    expect(view.filters?.action).toBe('group.renamed');
    expect(requests(ctx).at(-1)).toContain('action=group.renamed');
    expect(view.shown).toEqual(['loading', 'none']);
  });

  it('shows a failure to read the actions like any other, and tries both again', async () => {
    let calls = 0;
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/audit/actions': () =>
          ++calls === 1 ? { status: 500, message: 'Broken' } : { data: CATALOG },
        'GET /api/v1/audit-events': () => ({ data: [], meta: { page: 1, per_page: 20, total: 0, pages: 0 } }),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    expect(view.shown).toEqual(['loading', 'error']);
    view.handlers.retry();
    await settle();
    expect(view.shown.at(-1)).toBe('none');
    expect(view.catalogs).toEqual([CATALOG]);
  });

  const ADA = user({ id: 7, name: 'Ada Lovelace', email: 'ada@example.com' });
  const ADAM = user({ id: 8, name: 'Adam Smith', email: 'adam@example.com' });
  const PEOPLE = routes({
    'GET /api/v1/audit-events': () => ({ data: [], meta: { page: 1, per_page: 20, total: 0, pages: 0 } }),
    'GET /api/v1/users': (r) => {
      const q = r.query.q ?? '';
      const found = [ADA, ADAM].filter((u) => `${u.name}\n${u.email}`.toLowerCase().includes(q));
      return { data: found, meta: { page: 1, per_page: 10, total: found.length, pages: 1 } };
    },
  });

  it('filters by a person typed as a name, an e-mail or "Name <e-mail>", as their id', async () => {
    const ctx = fakeContext({ handler: PEOPLE });
    const { view, controller, started } = open(ctx);
    await started;
    for (const typed of ['ada@example.com', 'Ada Lovelace <ada@example.com>', 'lovelace']) {
      await controller.filter({ ...NO_FILTERS, actor_id: typed });
      expect(ctx.recorded.at(-1)?.url).toBe('/console/audit?actor_id=7');
    }
    // A target named as a person is a user.
    await controller.filter({ ...NO_FILTERS, target_id: 'adam' });
    expect(ctx.recorded.at(-1)?.url).toBe('/console/audit?target_type=user&target_id=8');
    expect(view.problems.every(([, message]) => message === null)).toBe(true);
  });

  it('asks nothing when the text names no one, or several, and says so under the field', async () => {
    const ctx = fakeContext({ handler: PEOPLE });
    const { view, controller, started } = open(ctx);
    await started;
    const before = requests(ctx).filter((r) => r.startsWith('GET /api/v1/audit-events')).length;
    await controller.filter({ ...NO_FILTERS, actor_id: 'grace' });
    expect(view.problems.at(-1)).toEqual(['actor_id', `No user's name or e-mail holds "grace".`]);
    await controller.filter({ ...NO_FILTERS, target_id: 'ad' });
    expect(view.problems.at(-1)).toEqual([
      'target_id',
      '2 users match "ad": pick one from the list or type more.',
    ]);
    expect(ctx.recorded).toEqual([]);
    expect(requests(ctx).filter((r) => r.startsWith('GET /api/v1/audit-events'))).toHaveLength(before);
  });

  it('suggests people as their name is typed, after a pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const ctx = fakeContext({ handler: PEOPLE });
      const { view, started } = open(ctx);
      await started;
      view.handlers.typed('actor_id', 'a');
      view.handlers.typed('actor_id', 'ada');
      vi.advanceTimersByTime(SUGGEST_PAUSE_MS);
      await settle();
      expect(view.suggestions.actor_id).toEqual([
        'Ada Lovelace <ada@example.com>',
        'Adam Smith <adam@example.com>',
      ]);
      expect(requests(ctx).filter((r) => r.startsWith('GET /api/v1/users'))).toEqual([
        'GET /api/v1/users?page=1&per_page=8&q=ada&sort=id',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a person filter from a link by name, once the events name them', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/audit-events': () => ({
          data: [{ ...EVENT, actor_id: 7, actor_name: 'Ada Lovelace', actor_email: 'ada@example.com' }],
          meta: { page: 1, per_page: 20, total: 1, pages: 1 },
        }),
      }),
    });
    const { view, started } = open(ctx, '?actor_id=7');
    await started;
    expect(view.filters?.actor_id).toBe('Ada Lovelace <ada@example.com>');
  });
});
