import { describe, expect, it } from 'vitest';
import {
  DeletedController,
  type DeletedHandlers,
  type DeletedListing,
  type DeletedView,
} from '../../src/screens/deleted/controller.ts';
import type { DeletedUser } from '../../src/types/lifecycle.ts';
import { fakeContext, requests, routes, settle, user, type FakeContext } from './fake-context.ts';

class FakeDeletedView implements DeletedView {
  handlers!: DeletedHandlers;
  shown: string[] = [];
  listing: DeletedListing | null = null;
  /** The purge question's yes, for the test to press. */
  purgeYes: (() => Promise<void>) | null = null;

  bind(handlers: DeletedHandlers): void {
    this.handlers = handlers;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  showUsers(listing: DeletedListing): void {
    this.listing = listing;
    this.shown.push(`users: ${listing.page.items.map((u) => u.name).join(', ')}`);
  }
  showEmpty(): void {
    this.shown.push('empty');
  }
  showError(): void {
    this.shown.push('error');
  }
  confirmPurge(_user: DeletedUser, run: () => Promise<void>): void {
    this.purgeYes = run;
  }
}

const binned = (over: Partial<DeletedUser> = {}): DeletedUser => ({
  ...user({ id: 9, name: 'Bo', email: 'bo@example.com' }),
  deleted_at: '2026-12-01T00:00:00.000Z',
  purge_after: '2026-12-31T00:00:00.000Z',
  ...over,
});

const meta = { page: 1, per_page: 20, total: 1, pages: 1 };

function open(ctx: FakeContext, search = '') {
  const view = new FakeDeletedView();
  const controller = new DeletedController(ctx, view, new URLSearchParams(search));
  return { view, controller, started: controller.start() };
}

describe('the recycle bin', () => {
  it('lists the deleted users by page, with restore and purge for an admin', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users/deleted': () => ({ data: [binned()], meta: { ...meta, page: 2, pages: 2 } }),
      }),
    });
    const { view, started } = open(ctx, '?page=2&per_page=50');
    await started;
    expect(requests(ctx)).toEqual(['GET /api/v1/users/deleted?page=2&per_page=50']);
    expect(view.shown).toEqual(['loading', 'users: Bo']);
    expect(view.listing?.actions).toEqual(['restore', 'purge']);
    expect(view.listing?.pageHref(1)).toBe('/console/deleted-users?per_page=50');
  });

  it('offers only what the role may do', async () => {
    const ctx = fakeContext({
      handler: routes({ 'GET /api/v1/users/deleted': () => ({ data: [binned()], meta }) }),
    });
    ctx.session.set({
      user: ctx.session.user!,
      permissions: ['users:read', 'users:read-deleted', 'users:restore'],
    });
    const { view, started } = open(ctx);
    await started;
    expect(view.listing?.actions).toEqual(['restore']);
  });

  it('restores a user without asking, links to them, and shows the bin again', async () => {
    let restored = false;
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users/deleted': () => ({ data: restored ? [] : [binned()], meta }),
        'POST /api/v1/users/9/restore': () => {
          restored = true;
          return { data: user({ id: 9, name: 'Bo' }), message: 'User restored' };
        },
      }),
    });
    const { view, started } = open(ctx);
    await started;
    view.handlers.act('restore', binned());
    await settle();
    expect(requests(ctx)).toContain('POST /api/v1/users/9/restore');
    expect(ctx.notes).toEqual([
      { message: 'Restored Bo.', kind: 'success', link: { href: '/console/users/9', label: 'Open Bo' } },
    ]);
    expect(view.shown.at(-1)).toBe('empty');
  });

  it('says why a restore is refused (the e-mail was taken since) and keeps the user listed', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users/deleted': () => ({ data: [binned()], meta }),
        'POST /api/v1/users/9/restore': () => ({
          status: 409,
          message: 'Another user has taken bo@example.com since; this user cannot be restored',
        }),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    view.handlers.act('restore', binned());
    await settle();
    expect(ctx.notes.at(-1)).toMatchObject({
      kind: 'danger',
      message: expect.stringMatching(/taken bo@example\.com/),
    });
    expect(view.shown.at(-1)).toBe('users: Bo');
  });

  it('removes a user for good only after the question is answered yes', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users/deleted': () => ({ data: [binned()], meta }),
        'DELETE /api/v1/users/deleted/9': () => ({ data: null, message: 'User deleted for good' }),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    view.handlers.act('purge', binned());
    expect(requests(ctx)).not.toContain('DELETE /api/v1/users/deleted/9');
    await view.purgeYes!();
    await settle();
    expect(requests(ctx)).toContain('DELETE /api/v1/users/deleted/9');
    expect(ctx.notes.at(-1)).toMatchObject({ message: 'Deleted Bo for good.', kind: 'success' });
  });

  it('shows the last page when the one asked for is past the end', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users/deleted': (r) => ({
          data: r.query.page === '5' ? [] : [binned()],
          meta: { ...meta, page: Number(r.query.page) },
        }),
      }),
    });
    const { started } = open(ctx, '?page=5');
    await started;
    await settle();
    expect(ctx.recorded).toEqual([{ url: '/console/deleted-users', replace: true }]);
  });
});
