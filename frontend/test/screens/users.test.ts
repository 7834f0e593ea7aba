import type { Download } from '../../src/api.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserActionsController, type UserDialogs } from '../../src/screens/user-actions/controller.ts';
import {
  SEARCH_PAUSE_MS,
  UsersController,
  type UsersHandlers,
  type UsersListing,
  type UsersView,
} from '../../src/screens/users/controller.ts';
import type { User, UserListQuery } from '../../src/types.ts';
import {
  fakeContext,
  later,
  requests,
  routes,
  settle,
  user,
  type Answer,
  type FakeContext,
} from './fake-context.ts';

class FakeUsersView implements UsersView {
  handlers!: UsersHandlers;
  shown: string[] = [];
  query: UserListQuery | null = null;
  listing: UsersListing | null = null;
  createOffered = false;
  groupFilterOffered = false;
  groupChoices: { value: string; label: string }[] | null = null;
  error: unknown = null;
  exportOffered = false;
  exports: ({ count: number | null } | null)[] = [];
  saved: Download[] = [];

  bind(handlers: UsersHandlers): void {
    this.handlers = handlers;
  }
  offerCreate(_mailOn: boolean): void {
    this.createOffered = true;
  }
  offerGroupFilter(): void {
    this.groupFilterOffered = true;
  }
  lifecycle: { deleted: boolean; dormant: boolean } | null = null;
  offerLifecycle(links: { deleted: boolean; dormant: boolean }): void {
    this.lifecycle = links;
  }
  offerExport(): void {
    this.exportOffered = true;
  }
  exporting(state: { count: number | null } | null): void {
    this.exports.push(state);
  }
  saveFile(file: Download): void {
    this.saved.push(file);
  }
  showGroupChoices(choices: { value: string; label: string }[]): void {
    this.groupChoices = choices;
  }
  showQuery(query: UserListQuery): void {
    this.query = query;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  showUsers(listing: UsersListing): void {
    this.shown.push(`users: ${listing.page.items.map((u) => u.name).join(', ')}`);
    this.listing = listing;
  }
  showNoUsers(filtered: boolean): void {
    this.shown.push(filtered ? 'none match' : 'none yet');
  }
  showError(error: unknown): void {
    this.shown.push('error');
    this.error = error;
  }
  markSelected(): void {}
}

const noDialogs: UserDialogs = {
  confirm: () => {},
  editUser: () => {},
  invite: () => {},
  setPassword: () => {},
};

/** Dialogs where New user saves `made` at once. */
const creating = (made: User): UserDialogs => ({ ...noDialogs, editUser: (_user, saved) => saved(made) });

const pageOf = (items: User[], meta: Partial<Answer['meta']> = {}): Answer => ({
  data: items,
  meta: { page: 1, per_page: 20, total: items.length, pages: 1, ...meta },
});

function open(ctx: FakeContext, search = '', dialogs = noDialogs) {
  const view = new FakeUsersView();
  const controller = new UsersController(
    ctx,
    view,
    new UserActionsController(ctx, dialogs),
    new URLSearchParams(search),
  );
  return { view, controller, started: controller.start() };
}

describe('the users list', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for the list the URL describes, dropping a role the settings do not list', async () => {
    const ctx = fakeContext({
      handler: routes({ 'GET /api/v1/users': () => pageOf([user()], { pages: 5 }) }),
    });
    const { view, started } = open(ctx, '?q=ada&role=owner&status=disabled&page=2&sort=-name');
    await started;
    expect(requests(ctx)).toEqual([
      'GET /api/v1/users?page=2&per_page=20&q=ada&status=disabled&sort=-name',
      // The group menu's choices, once the first page is on screen (not found here: no menu).
      'GET /api/v1/groups?page=1&per_page=100',
    ]);
    expect(view.query).toMatchObject({ q: 'ada', role: '', status: 'disabled' });
    expect(view.shown).toEqual(['loading', 'users: Ada Lovelace']);
    expect(view.listing?.pageHref(3)).toBe('/console/users?q=ada&status=disabled&sort=-name&page=3');
  });

  it('asks for the page a cursor in the URL names, in place of a page number, and links by cursor', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': () =>
          pageOf([user()], { page: 7, pages: 9, next_cursor: 'N', prev_cursor: 'P', last_cursor: 'L' }),
      }),
    });
    const { view, started } = open(ctx, '?sort=-name&cursor=abc_-9&page=3');
    await started;
    expect(requests(ctx)[0]).toBe('GET /api/v1/users?per_page=20&sort=-name&cursor=abc_-9');
    expect(view.listing?.cursorHref('L')).toBe('/console/users?sort=-name&cursor=L');
    expect(view.listing?.pageHref(2)).toBe('/console/users?sort=-name&page=2');
    // A new sort starts again at page 1, without the cursor.
    view.handlers.sort('email');
    await settle();
    expect(requests(ctx).at(-1)).toBe('GET /api/v1/users?page=1&per_page=20&sort=email');
  });

  it('shows page 1 of the same list when the server no longer reads a cursor', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': (r) =>
          r.query.cursor ? { status: 422, message: 'Validation failed' } : pageOf([user()]),
      }),
    });
    const { view, started } = open(ctx, '?role=admin&cursor=old');
    await started;
    await settle();
    expect(ctx.recorded).toEqual([{ url: '/console/users?role=admin', replace: true }]);
    expect(view.shown.at(-1)).toBe('users: Ada Lovelace');
  });

  it('puts a filter in the URL as a new history entry and starts again at page 1', async () => {
    const ctx = fakeContext({
      handler: routes({ 'GET /api/v1/users': () => pageOf([user()], { pages: 5 }) }),
    });
    const { view, started } = open(ctx, '?page=4');
    await started;
    view.handlers.filter({ role: 'manager' });
    await settle();
    expect(ctx.recorded).toEqual([{ url: '/console/users?role=manager', replace: false }]);
    expect(requests(ctx).at(-1)).toBe('GET /api/v1/users?page=1&per_page=20&role=manager&sort=id');
  });

  it('filters by sign-in activity as the API names it, in the URL, and clears it with the rest', async () => {
    const ctx = fakeContext({ handler: routes({ 'GET /api/v1/users': () => pageOf([user()]) }) });
    const { view, started } = open(ctx, '?activity=never');
    await started;
    const listed = () => requests(ctx).filter((r) => r.startsWith('GET /api/v1/users'));
    expect(view.query?.activity).toBe('never');
    expect(listed().at(-1)).toBe('GET /api/v1/users?page=1&per_page=20&sort=id&never_signed_in=true');
    view.handlers.filter({ activity: 'inactive-90' });
    await settle();
    expect(ctx.recorded.at(-1)?.url).toBe('/console/users?activity=inactive-90');
    expect(ctx.seen.filter((r) => r.path === '/api/v1/users').at(-1)?.query.last_login_before).toMatch(
      /^\d{4}-\d\d-\d\dT00:00:00\.000Z$/,
    );
    view.handlers.clearFilters();
    await settle();
    expect(ctx.recorded.at(-1)?.url).toBe('/console/users');
    expect(listed().at(-1)).toBe('GET /api/v1/users?page=1&per_page=20&sort=id');
  });

  it('adds one history entry per search, not one per pause in typing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const ctx = fakeContext({ handler: routes({ 'GET /api/v1/users': () => pageOf([user()]) }) });
    const { view, started } = open(ctx);
    await started;
    view.handlers.typed('a');
    view.handlers.typed('ad');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    view.handlers.typed('ada');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    view.handlers.leftSearch();
    view.handlers.typed('grace');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    expect(ctx.recorded).toEqual([
      { url: '/console/users?q=ad', replace: false },
      { url: '/console/users?q=ada', replace: true },
      { url: '/console/users?q=grace', replace: false },
    ]);
  });

  it('shows the last page instead of one past the end, replacing the history entry', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': (r) =>
          pageOf(r.query.page === '3' ? [user()] : [], { page: Number(r.query.page), pages: 3 }),
      }),
    });
    const { view, started } = open(ctx, '?page=9');
    await started;
    await settle();
    expect(ctx.recorded).toEqual([{ url: '/console/users?page=3', replace: true }]);
    expect(view.shown.filter((s) => s !== 'loading')).toEqual(['users: Ada Lovelace']);
  });

  it('never lets a slow answer for an old search replace the answer for the new one', async () => {
    const slow = later<Answer>();
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': (r) => (r.query.q === 'old' ? slow.promise : pageOf([user({ name: 'New' })])),
      }),
    });
    const { view } = open(ctx, '?q=old');
    view.handlers.clearFilters();
    await settle();
    slow.resolve(pageOf([user({ name: 'Old' })]));
    await settle();
    expect(view.shown.filter((s) => s !== 'loading')).toEqual(['users: New']);
  });

  it('says whether the filters are why nothing shows, and clears them', async () => {
    const ctx = fakeContext({ handler: routes({ 'GET /api/v1/users': () => pageOf([]) }) });
    const { view, started } = open(ctx, '?q=nobody&per_page=50');
    await started;
    view.handlers.clearFilters();
    await settle();
    expect(view.shown.filter((s) => s !== 'loading')).toEqual(['none match', 'none yet']);
    expect(ctx.recorded.at(-1)?.url).toBe('/console/users?per_page=50');
  });

  it('shows a failure, and asks again on retry', async () => {
    let calls = 0;
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': () => (++calls === 1 ? { status: 503, message: 'Down' } : pageOf([user()])),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    expect(view.error).toMatchObject({ status: 503, message: 'Down' });
    view.handlers.retry();
    await settle();
    expect(view.shown.at(-1)).toBe('users: Ada Lovelace');
  });

  it('offers New user, the bin and the dormant policy, and row actions by permission: a viewer gets none', async () => {
    const list = routes({ 'GET /api/v1/users': () => pageOf([user()]) });
    const asAdmin = open(fakeContext({ handler: list }));
    await asAdmin.started;
    expect(asAdmin.view.createOffered).toBe(true);
    expect(asAdmin.view.lifecycle).toEqual({ deleted: true, dormant: true });
    expect(asAdmin.view.listing?.actions(user())).toContain('delete');

    const asViewer = open(fakeContext({ handler: list, role: 'viewer' }));
    await asViewer.started;
    expect(asViewer.view.createOffered).toBe(false);
    expect(asViewer.view.lifecycle).toBeNull();
    expect(asViewer.view.listing?.actions(user())).toEqual([]);
  });

  it('exports what the list shows (search, filters and sort, no page) for those who may, and saves the file', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': () => pageOf([user()], { total: 1 }),
        'GET /api/v1/users/export': () => ({
          data: 'id,name\n7,Ada Lovelace\n',
          headers: { 'Content-Disposition': 'attachment; filename="users-2026-12-06.csv"' },
        }),
      }),
    });
    const { view, started } = open(ctx, '?q=ada&role=viewer&sort=-name&page=2');
    await started;
    expect(view.exportOffered).toBe(true);
    view.handlers.exportList();
    await settle();
    const sent = ctx.seen.find((r) => r.path === '/api/v1/users/export');
    expect(sent?.query).toEqual({ q: 'ada', role: 'viewer', sort: '-name', format: 'csv' });
    expect(view.exports).toEqual([{ count: 1 }, null]);
    expect(view.saved[0]?.filename).toBe('users-2026-12-06.csv');
    expect(await view.saved[0]?.blob.text()).toBe('id,name\n7,Ada Lovelace\n');

    const asViewer = open(
      fakeContext({ handler: routes({ 'GET /api/v1/users': () => pageOf([user()]) }), role: 'viewer' }),
    );
    await asViewer.started;
    expect(asViewer.view.exportOffered).toBe(false);
  });

  it("filters by a group from the menu, whose choices are the server's groups, read once", async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': () => pageOf([user()]),
        'GET /api/v1/groups': () => ({
          data: [{ id: 3, name: 'Editors' }],
          meta: { page: 1, per_page: 100, total: 1, pages: 1 },
        }),
      }),
    });
    const { view, controller, started } = open(ctx, '?group=3&page=2');
    await started;
    expect(view.groupFilterOffered).toBe(true);
    expect(view.groupChoices).toEqual([{ value: '3', label: 'Editors' }]);
    expect(view.query?.group).toBe('3');
    expect(requests(ctx)[0]).toBe('GET /api/v1/users?page=2&per_page=20&sort=id&group=3');

    view.handlers.filter({ group: '' });
    await settle();
    expect(ctx.recorded.at(-1)).toEqual({ url: '/console/users', replace: false });
    view.handlers.filter({ group: '3' });
    await settle();
    expect(ctx.recorded.at(-1)?.url).toBe('/console/users?group=3');
    view.handlers.clearFilters();
    await settle();
    expect(ctx.recorded.at(-1)?.url).toBe('/console/users');
    await controller.update(new URLSearchParams('?group=3'));
    expect(requests(ctx).filter((r) => r.startsWith('GET /api/v1/groups'))).toHaveLength(1);
  });

  it('offers no group menu, and reads no groups, to someone without groups:read', async () => {
    const ctx = fakeContext({ handler: routes({ 'GET /api/v1/users': () => pageOf([user()]) }) });
    ctx.session.set({ user: user({ id: 1 }), permissions: ['users:read'] });
    const { view, started } = open(ctx);
    await started;
    expect(view.groupFilterOffered).toBe(false);
    expect(requests(ctx)).toEqual(['GET /api/v1/users?page=1&per_page=20&sort=id']);
  });

  it('follows back and forward to another state without recording it again', async () => {
    const ctx = fakeContext({ handler: routes({ 'GET /api/v1/users': () => pageOf([user()]) }) });
    const { view, controller, started } = open(ctx);
    await started;
    await controller.update(new URLSearchParams('?status=active'));
    expect(view.query?.status).toBe('active');
    expect(ctx.recorded).toEqual([]);
    expect(requests(ctx).at(-1)).toContain('status=active');
  });

  it('keeps a user just created in view: marked on the page, or above it when the page lacks them', async () => {
    const grace = user({ id: 99, name: 'Grace Hopper', role: 'manager' });
    let exists = true;
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': (r) => pageOf(r.query.role === 'manager' ? [grace] : [user()]),
        'GET /api/v1/users/99': () =>
          exists ? { data: { ...grace, name: 'Grace B. Hopper' } } : { status: 404 },
      }),
    });
    const { view, started } = open(ctx, '', creating(grace));
    await started;
    view.handlers.create();
    await settle();
    // Sorted by id on page 1 the new user is not on the page: they lead it, as the server has them.
    expect(view.listing?.created).toEqual({ user: { ...grace, name: 'Grace B. Hopper' }, onPage: false });
    expect(view.listing?.page.items.map((u) => u.id)).toEqual([7]);

    // Deleted since (say, from the row's own Delete): no longer shown.
    exists = false;
    view.handlers.retry();
    await settle();
    expect(view.listing?.created).toBeNull();

    // Another list ends the marking, even one that holds them.
    exists = true;
    view.handlers.create();
    await settle();
    expect(view.listing?.created?.onPage).toBe(false);
    view.handlers.filter({ role: 'manager' });
    await settle();
    expect(view.listing?.page.items.map((u) => u.id)).toEqual([99]);
    expect(view.listing?.created).toBeNull();
  });

  it('marks a user just created where they are when the page holds them', async () => {
    const grace = user({ id: 99, name: 'Grace Hopper' });
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users': () => pageOf([user(), grace]),
        'GET /api/v1/users/99': () => ({ data: grace }),
      }),
    });
    const { view, started } = open(ctx, '?sort=-id', creating(grace));
    await started;
    view.handlers.create();
    await settle();
    expect(view.listing?.created).toEqual({ user: grace, onPage: true });
  });
});
