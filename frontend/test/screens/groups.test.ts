import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupActionsController, type GroupDialogs } from '../../src/screens/group-actions/controller.ts';
import {
  GroupsController,
  type GroupsHandlers,
  type GroupsListing,
  type GroupsView,
} from '../../src/screens/groups/controller.ts';
import { SEARCH_PAUSE_MS } from '../../src/screens/search-pause.ts';
import type { GroupsQuery } from '../../src/rules/groups-query.ts';
import type { Group } from '../../src/types.ts';
import { fakeContext, requests, routes, settle, type FakeContext, type Handler } from './fake-context.ts';
import { group, pageOf } from './group-fixtures.ts';

class FakeGroupsView implements GroupsView {
  handlers!: GroupsHandlers;
  shown: string[] = [];
  query: GroupsQuery | null = null;
  listing: GroupsListing | null = null;
  createOffered = false;
  error: unknown = null;

  bind(handlers: GroupsHandlers): void {
    this.handlers = handlers;
  }
  showQuery(query: GroupsQuery): void {
    this.query = query;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  offerCreate(): void {
    this.createOffered = true;
  }
  showGroups(listing: GroupsListing): void {
    this.shown.push(`groups: ${listing.page.items.map((g) => g.name).join(', ')}`);
    this.listing = listing;
  }
  showNoGroups(searched: boolean): void {
    this.shown.push(searched ? 'none match' : 'none yet');
  }
  showError(error: unknown): void {
    this.shown.push('error');
    this.error = error;
  }
}

/** Dialogs that answer at once: yes to a delete, and "saved" with `saves` to an edit. */
class AnsweringDialogs implements GroupDialogs {
  edited: (Group | undefined)[] = [];
  failures: unknown[] = [];
  constructor(private readonly saves: Group | null = null) {}

  confirmDelete(_group: Group, run: () => Promise<void>): void {
    run().catch((error: unknown) => this.failures.push(error));
  }
  editGroup(editing: Group | undefined, saved: (group: Group) => void): void {
    this.edited.push(editing);
    if (this.saves) saved(this.saves);
  }
}

function open(ctx: FakeContext, search = '', dialogs = new AnsweringDialogs()) {
  const view = new FakeGroupsView();
  const actions = new GroupActionsController(ctx, dialogs);
  const controller = new GroupsController(ctx, view, actions, new URLSearchParams(search));
  return { view, controller, dialogs, started: controller.start() };
}

const EDITORS = group();
const list = (over: Record<string, Handler> = {}) =>
  routes({ 'GET /api/v1/groups': () => pageOf([EDITORS], { pages: 5 }), ...over });

describe('the groups list', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for the page and search the URL describes, and links each page', async () => {
    const ctx = fakeContext({ handler: list() });
    const { view, started } = open(ctx, '?q=edit&page=2&per_page=50');
    await started;
    expect(requests(ctx)).toEqual(['GET /api/v1/groups?page=2&per_page=50&q=edit']);
    expect(view.query).toEqual({ q: 'edit', page: 2, per_page: 50 });
    expect(view.shown).toEqual(['loading', 'groups: Editors']);
    expect(view.listing?.pageHref(3)).toBe('/console/groups?q=edit&page=3&per_page=50');
  });

  it('searches after a pause in typing, one history entry per search, from page 1', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const ctx = fakeContext({ handler: list() });
    const { view, started } = open(ctx, '?page=3');
    await started;
    view.handlers.typed('e');
    view.handlers.typed('ed');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    view.handlers.typed('edi');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    view.handlers.leftSearch();
    view.handlers.typed('ops');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    expect(ctx.recorded).toEqual([
      { url: '/console/groups?q=ed', replace: false },
      { url: '/console/groups?q=edi', replace: true },
      { url: '/console/groups?q=ops', replace: false },
    ]);
    expect(requests(ctx).at(-1)).toBe('GET /api/v1/groups?page=1&per_page=20&q=ops');
  });

  it('shows the last page instead of one past the end, replacing the history entry', async () => {
    const ctx = fakeContext({
      handler: list({
        'GET /api/v1/groups': (r) =>
          pageOf(r.query.page === '2' ? [EDITORS] : [], { page: Number(r.query.page), pages: 2 }),
      }),
    });
    const { view, started } = open(ctx, '?page=7');
    await started;
    await settle();
    expect(ctx.recorded).toEqual([{ url: '/console/groups?page=2', replace: true }]);
    expect(view.shown.filter((s) => s !== 'loading')).toEqual(['groups: Editors']);
  });

  it('says whether the search is why nothing shows, and clears it', async () => {
    const ctx = fakeContext({ handler: list({ 'GET /api/v1/groups': () => pageOf([]) }) });
    const { view, started } = open(ctx, '?q=nobody');
    await started;
    view.handlers.clearSearch();
    await settle();
    expect(view.shown.filter((s) => s !== 'loading')).toEqual(['none match', 'none yet']);
    expect(ctx.recorded.at(-1)?.url).toBe('/console/groups');
  });

  it('shows a failure, and asks again on retry', async () => {
    let calls = 0;
    const ctx = fakeContext({
      handler: list({
        'GET /api/v1/groups': () => (++calls === 1 ? { status: 503, message: 'Down' } : pageOf([EDITORS])),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    expect(view.error).toMatchObject({ status: 503, message: 'Down' });
    view.handlers.retry();
    await settle();
    expect(view.shown.at(-1)).toBe('groups: Editors');
  });

  it('offers New group, edit and delete with groups:write only: not to a manager or a viewer', async () => {
    const asAdmin = open(fakeContext({ handler: list() }));
    await asAdmin.started;
    expect(asAdmin.view.createOffered).toBe(true);
    expect(asAdmin.view.listing?.actions).toEqual(['edit', 'delete']);
    for (const role of ['manager', 'viewer']) {
      const other = open(fakeContext({ handler: list(), role }));
      await other.started;
      expect(other.view.createOffered).toBe(false);
      expect(other.view.listing?.actions).toEqual([]);
    }
  });

  it("opens a new group's page once it is created: that is where members are added", async () => {
    const ctx = fakeContext({ handler: list() });
    const { view, started, dialogs } = open(ctx, '', new AnsweringDialogs(group({ id: 12 })));
    await started;
    view.handlers.create();
    expect(dialogs.edited).toEqual([undefined]);
    expect(ctx.went).toEqual(['/console/groups/12']);
  });

  it('deletes a group at the version shown, says so and shows the list again', async () => {
    const ctx = fakeContext({
      handler: list({ 'DELETE /api/v1/groups/3': () => ({ data: EDITORS }) }),
    });
    const { view, started } = open(ctx);
    await started;
    view.handlers.act('delete', EDITORS);
    await settle();
    const deleted = ctx.seen.find((r) => r.method === 'DELETE');
    expect(deleted?.headers['If-Match']).toBe('"2"');
    expect(ctx.notes).toEqual([{ message: 'Deleted Editors.', kind: 'success' }]);
    expect(requests(ctx).filter((r) => r.startsWith('GET'))).toHaveLength(2);
  });

  it('leaves the confirmation to show a 412 when someone changed the group meanwhile', async () => {
    const ctx = fakeContext({
      handler: list({
        'DELETE /api/v1/groups/3': () => ({
          status: 412,
          message: 'The group was changed by someone else; reload it and try again',
        }),
      }),
    });
    const { view, started, dialogs } = open(ctx);
    await started;
    view.handlers.act('delete', EDITORS);
    await settle();
    expect(dialogs.failures).toMatchObject([{ status: 412 }]);
    expect(ctx.notes).toEqual([]);
  });

  it('follows back and forward to another state without recording it again', async () => {
    const ctx = fakeContext({ handler: list() });
    const { view, controller, started } = open(ctx);
    await started;
    await controller.update(new URLSearchParams('?q=ops'));
    expect(view.query?.q).toBe('ops');
    expect(ctx.recorded).toEqual([]);
    expect(requests(ctx).at(-1)).toBe('GET /api/v1/groups?page=1&per_page=20&q=ops');
  });
});
