import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { DELETED_USERS, userPath } from '../../paths.ts';
import { LIFECYCLE_PERMISSIONS } from '../../rules/lifecycle-rules.ts';
import { pageParams, pageParamsString } from '../../rules/paging.ts';
import type { Page } from '../../types.ts';
import type { DeletedUser } from '../../types/lifecycle.ts';
import { Latest } from '../latest.ts';

/** What one may do to a user in the recycle bin. */
export type DeletedActionKey = 'restore' | 'purge';

/** What the recycle bin shows; screens/deleted/view.ts draws it. */
export interface DeletedView {
  bind(handlers: DeletedHandlers): void;
  showLoading(): void;
  showUsers(listing: DeletedListing): void;
  showEmpty(): void;
  showError(error: unknown): void;
  /** Asks before removing a user for good; on yes runs `run` (the dialog shows its error). */
  confirmPurge(user: DeletedUser, run: () => Promise<void>): void;
}

export interface DeletedListing {
  page: Page<DeletedUser>;
  actions: DeletedActionKey[];
  pageHref: (n: number) => string;
}

export interface DeletedHandlers {
  act: (key: DeletedActionKey, user: DeletedUser) => void;
  perPage: (perPage: number) => void;
  retry: () => void;
}

/** The recycle bin: deleted users, most recent first, with restore and (admins) purge. */
export class DeletedController {
  private query: { page: number; per_page: number };
  private readonly latest = new Latest();

  constructor(
    private readonly ctx: Context,
    private readonly view: DeletedView,
    params: URLSearchParams,
  ) {
    this.query = pageParams(params);
    view.bind({
      act: (key, user) => (key === 'restore' ? void this.restore(user) : this.purge(user)),
      perPage: (perPage) => this.show({ page: 1, per_page: perPage }),
      retry: () => void this.load(),
    });
  }

  start(): Promise<void> {
    return this.load();
  }

  update(params: URLSearchParams): Promise<void> {
    this.query = pageParams(params);
    return this.load();
  }

  destroy(): void {
    this.latest.abort();
  }

  /** What the signed-in person may do here; the server refuses the rest anyway. */
  private allowed(): DeletedActionKey[] {
    const can = (p: string) => this.ctx.session.can(p);
    const keys: DeletedActionKey[] = [];
    if (can(LIFECYCLE_PERMISSIONS.restore)) keys.push('restore');
    if (can(LIFECYCLE_PERMISSIONS.purge)) keys.push('purge');
    return keys;
  }

  private show(next: { page: number; per_page: number }, options: { replace?: boolean } = {}): void {
    this.query = next;
    this.ctx.record(`${DELETED_USERS}${pageParamsString(next)}`, options);
    void this.load();
  }

  private async restore(user: DeletedUser): Promise<void> {
    try {
      // Restoring takes nothing away, so it asks nothing first; a taken e-mail is a 409 that says so.
      const restored = await this.ctx.client.lifecycle.restoreUser(user.id);
      this.ctx.notify(`Restored ${restored.name}.`, 'success', {
        link: { href: userPath(restored.id), label: `Open ${restored.name}` },
      });
      await this.load();
    } catch (error) {
      this.ctx.notify(describeError(error), 'danger');
    }
  }

  private purge(user: DeletedUser): void {
    this.view.confirmPurge(user, async () => {
      await this.ctx.client.lifecycle.purgeUser(user.id);
      this.ctx.notify(`Deleted ${user.name} for good.`);
      void this.load();
    });
  }

  private async load(): Promise<void> {
    const query = this.query;
    this.view.showLoading();
    try {
      const answer = await this.latest.run((signal) => this.ctx.client.lifecycle.deletedUsers(query, signal));
      if (!answer) return;
      const page = answer.value;
      // A page past the end (users restored or purged since, an old link) shows the last page.
      if (page.meta.pages > 0 && query.page > page.meta.pages) {
        this.show({ ...query, page: page.meta.pages }, { replace: true });
        return;
      }
      if (page.items.length === 0) this.view.showEmpty();
      else {
        this.view.showUsers({
          page,
          actions: this.allowed(),
          pageHref: (n) => `${DELETED_USERS}${pageParamsString({ ...query, page: n })}`,
        });
      }
    } catch (error) {
      this.view.showError(error);
    }
  }
}
