import { ApiError, type Download } from '../../api.ts';
import { describeError } from '../../format.ts';
import type { Context } from '../../context.ts';
import { HOME } from '../../paths.ts';
import {
  apiQuery,
  atPage,
  hasFilters,
  listFilters,
  NO_FILTERS,
  parseUserQuery,
  userQueryString,
  withFilter,
} from '../../rules/users-query.ts';
import { GROUP_PERMISSIONS } from '../../rules/group-rules.ts';
import { LIFECYCLE_PERMISSIONS } from '../../rules/lifecycle-rules.ts';
import { USER_PERMISSIONS } from '../../rules/user-rules.ts';
import type { Page, User, UserListQuery } from '../../types.ts';
import type { UserActionKey, UserActionsController } from '../user-actions/controller.ts';
import { Latest } from '../latest.ts';
import type { BulkController } from './bulk-controller.ts';

/** What the users list shows; screens/users/view.ts draws it. */
export interface UsersView {
  bind(handlers: UsersHandlers): void;
  /** The query in the search box and menus. */
  showQuery(query: UserListQuery): void;
  showLoading(): void;
  /** The New user and Invite buttons, for those who may create users; `mailOn`: whether Invite can send. */
  offerCreate(mailOn: boolean): void;
  /** Links to the recycle bin and the dormant-account policy, for those who may open them. */
  offerLifecycle(links: { deleted: boolean; dormant: boolean }): void;
  /** The group menu, for those who may read groups; its choices come later. */
  offerGroupFilter(): void;
  showGroupChoices(choices: { value: string; label: string }[]): void;
  /** The Export button, for those who may export users. */
  offerExport(): void;
  /** While an export downloads (null once it is done): the button busy, with how many users. */
  exporting(state: { count: number | null } | null): void;
  /** Hands the exported file to the browser to save. */
  saveFile(file: Download): void;
  showUsers(listing: UsersListing): void;
  showNoUsers(filtered: boolean): void;
  showError(error: unknown): void;
  /** Ticks the checkboxes of the users chosen for a bulk change. */
  markSelected(selected: (id: number) => boolean): void;
}

export interface UsersListing {
  page: Page<User>;
  /**
   * The user just created, as the server has them now: shown marked, and above the page's rows
   * when the page does not hold them (they sort elsewhere, or the filters leave them out).
   */
  created: { user: User; onPage: boolean } | null;
  sort: string;
  /** The actions the signed-in person may take on each user. */
  actions: (user: User) => UserActionKey[];
  /** The link for page `n`, so pages are real links (open in a new tab, copy). */
  pageHref: (n: number) => string;
  /** Checkboxes for bulk changes, for those who may make one: whether a user is ticked. */
  selected: ((id: number) => boolean) | null;
  /** The link for the page a cursor of the page's meta leads to (next, previous, last). */
  cursorHref: (cursor: string) => string;
}

/** What the person does on the list, as the view reports it. */
export interface UsersHandlers {
  /** The search box changed; the list follows after a pause in typing. */
  typed: (text: string) => void;
  /** Focus left the search box: the next search is a new history entry. */
  leftSearch: () => void;
  filter: (
    change: Partial<Pick<UserListQuery, 'role' | 'status' | 'group' | 'email_verified' | 'activity'>>,
  ) => void;
  clearFilters: () => void;
  sort: (sort: string) => void;
  perPage: (perPage: number) => void;
  create: () => void;
  invite: () => void;
  /** Export what the list shows now: its filters and sort, every page. */
  exportList: () => void;
  act: (key: UserActionKey, user: User) => void;
  retry: () => void;
  /** A user's checkbox, or the page's (every user on it). */
  select: (id: number, on: boolean) => void;
  selectPage: (on: boolean) => void;
}

export const SEARCH_PAUSE_MS = 300;

/** The users list: search, filters, sorting and pages, all kept in the URL. */
export class UsersController {
  private query: UserListQuery;
  private readonly latest = new Latest();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  // Typing a search adds one history entry, not one per pause; leaving the box starts a new one.
  private searchEntry = false;
  private groupsRead = false;
  /** The user just created, kept in view until the person moves to another list. */
  private created: User | null = null;
  /** How many users the list shows, when counted exactly: what an export will hold. */
  private total: number | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly view: UsersView,
    private readonly actions: UserActionsController,
    params: URLSearchParams,
    private readonly bulk: BulkController | null = null,
  ) {
    this.query = parseUserQuery(params, ctx.settings);
    if (bulk) bulk.onSelection = () => view.markSelected((id) => bulk.isSelected(id));
    view.bind({
      typed: (text) => this.typed(text),
      leftSearch: () => (this.searchEntry = false),
      filter: (change) => this.show(withFilter(this.query, change)),
      clearFilters: () => this.show(withFilter(this.query, NO_FILTERS)),
      sort: (sort) => this.show(atPage({ ...this.query, sort }, 1)),
      perPage: (perPage) => this.show(atPage({ ...this.query, per_page: perPage }, 1)),
      exportList: () => void this.exportList(),
      create: () =>
        this.actions.create((user) => {
          this.created = user;
          void this.load();
        }),
      invite: () =>
        this.actions.invite((user) => {
          this.created = user;
          void this.load();
        }),
      act: (key, user) =>
        this.actions.run(key, user, { changed: () => void this.load(), deleted: () => void this.load() }),
      retry: () => void this.load(),
      select: (id, on) => bulk?.toggle(id, on),
      selectPage: (on) => bulk?.togglePage(on),
    });
    if (ctx.session.can(USER_PERMISSIONS.create)) view.offerCreate(ctx.settings.mail.enabled);
    if (ctx.session.can(USER_PERMISSIONS.exportUsers)) view.offerExport();
    if (ctx.session.can(GROUP_PERMISSIONS.read)) view.offerGroupFilter();
    const lifecycle = {
      deleted: ctx.session.can(LIFECYCLE_PERMISSIONS.readDeleted),
      dormant: ctx.session.can(LIFECYCLE_PERMISSIONS.dormant),
    };
    if (lifecycle.deleted || lifecycle.dormant) view.offerLifecycle(lifecycle);
  }

  async start(): Promise<void> {
    this.view.showQuery(this.query);
    await this.load();
    await this.readGroups();
  }

  /** Back or forward to another state of the list. */
  update(params: URLSearchParams): Promise<void> {
    this.query = parseUserQuery(params, this.ctx.settings);
    this.created = null;
    return this.start();
  }

  /** Shows the page again, as the server has it now (after a bulk change). */
  reload(): Promise<void> {
    return this.load();
  }

  destroy(): void {
    this.bulk?.destroy();
    this.latest.abort();
    clearTimeout(this.searchTimer);
  }

  private typed(text: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.show(withFilter(this.query, { q: text }), { replace: this.searchEntry });
      this.searchEntry = true;
    }, SEARCH_PAUSE_MS);
  }

  private show(next: UserListQuery, options: { replace?: boolean } = {}): void {
    this.query = next;
    this.created = null;
    this.ctx.record(`${HOME}${userQueryString(next)}`, options);
    void this.start();
  }

  /**
   * The group menu's choices, read once, after the first page of users is on screen: the first
   * 100 groups by name. A group the URL names that is not among them shows by its id.
   */
  private async readGroups(): Promise<void> {
    if (this.groupsRead || !this.ctx.session.can(GROUP_PERMISSIONS.read)) return;
    this.groupsRead = true;
    try {
      const { items } = await this.ctx.client.listGroups({ page: 1, per_page: 100 });
      this.view.showGroupChoices(items.map((group) => ({ value: String(group.id), label: group.name })));
    } catch {
      // The menu keeps what the URL named; the list itself does not depend on it.
    }
  }

  private async load(): Promise<void> {
    const query = this.query;
    this.view.showLoading();
    try {
      const created = this.created;
      const answer = await this.latest.run((signal) =>
        Promise.all([
          this.ctx.client.listUsers(apiQuery(query), signal),
          // As the server has them now (edited, disabled or deleted since), not as created.
          created && this.stillThere(created.id, signal),
        ]),
      );
      if (!answer) return;
      const [page, latest] = answer.value;
      if (!latest) this.created = null;
      // A page past the end (someone deleted users, an old link) shows the last page instead.
      const counted = page.meta.total_exact !== false;
      this.total = counted ? page.meta.total : null;
      if (counted && page.meta.pages > 0 && query.page > page.meta.pages) {
        this.show({ ...query, page: page.meta.pages }, { replace: true });
        return;
      }
      if (page.items.length === 0 && !latest) this.view.showNoUsers(hasFilters(query));
      else {
        this.view.showUsers({
          page,
          created: latest && { user: latest, onPage: page.items.some((u) => u.id === latest.id) },
          sort: query.sort,
          actions: (user) => this.actions.allowed(user),
          pageHref: (n) => `${HOME}${userQueryString(atPage(query, n))}`,
          cursorHref: (cursor) => `${HOME}${userQueryString(atPage(query, 1, cursor))}`,
          selected: this.bulk?.offered ? (id) => this.bulk!.isSelected(id) : null,
        });
      }
      this.bulk?.shown(
        page.items.map((user) => user.id),
        page.meta.total,
        query,
      );
    } catch (error) {
      // A cursor the server no longer reads (an old link): the first page of the same list.
      if (query.cursor && error instanceof ApiError && error.status === 422) {
        this.show(atPage(query, 1), { replace: true });
        return;
      }
      this.view.showError(error);
    }
  }

  private async stillThere(id: number, signal: AbortSignal): Promise<User | null> {
    try {
      return await this.ctx.client.getUser(id, signal);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** The list as it is shown (filters, search, sort), every page of it, as a CSV file. */
  async exportList(): Promise<void> {
    this.view.exporting({ count: this.total });
    try {
      this.view.saveFile(await this.ctx.client.transfer.exportUsers(listFilters(this.query), 'csv'));
    } catch (error) {
      this.ctx.notify(describeError(error), 'danger');
    } finally {
      this.view.exporting(null);
    }
  }
}
