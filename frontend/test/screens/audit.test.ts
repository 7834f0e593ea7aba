import { describe, expect, it } from 'vitest';
import {
  AuditController,
  type AuditFilters,
  type AuditHandlers,
  type AuditListing,
  type AuditView,
} from '../../src/screens/audit/controller.ts';
import type { AuditCatalog } from '../../src/types.ts';
import { CATALOG } from '../support/settings.ts';
import { fakeContext, requests, routes, settle, type FakeContext } from './fake-context.ts';

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
}

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
});
