import type { Context } from '../../context.ts';
import { GROUPS, groupPath } from '../../paths.ts';
import type { GroupActionKey } from '../../rules/group-rules.ts';
import {
  groupsApiQuery,
  groupsQueryString,
  parseGroupsQuery,
  type GroupsQuery,
} from '../../rules/groups-query.ts';
import type { Group, Page } from '../../types.ts';
import type { GroupActionsController } from '../group-actions/controller.ts';
import { Latest } from '../latest.ts';
import { SearchPause } from '../search-pause.ts';

/** What the groups list shows; screens/groups/view.ts draws it. */
export interface GroupsView {
  bind(handlers: GroupsHandlers): void;
  showQuery(query: GroupsQuery): void;
  showLoading(): void;
  /** The New group button, for those who may create groups. */
  offerCreate(): void;
  showGroups(listing: GroupsListing): void;
  showNoGroups(searched: boolean): void;
  showError(error: unknown): void;
}

export interface GroupsListing {
  page: Page<Group>;
  /** The same for every group: whoever may edit one may edit all. */
  actions: GroupActionKey[];
  pageHref: (n: number) => string;
}

export interface GroupsHandlers {
  typed: (text: string) => void;
  leftSearch: () => void;
  clearSearch: () => void;
  perPage: (perPage: number) => void;
  create: () => void;
  act: (key: GroupActionKey, group: Group) => void;
  retry: () => void;
}

/** The groups list: search by name and pages, kept in the URL. */
export class GroupsController {
  private query: GroupsQuery;
  private readonly latest = new Latest();
  private readonly search = new SearchPause((text, continuing) =>
    this.show({ ...this.query, q: text, page: 1 }, { replace: continuing }),
  );

  constructor(
    private readonly ctx: Context,
    private readonly view: GroupsView,
    private readonly actions: GroupActionsController,
    params: URLSearchParams,
  ) {
    this.query = parseGroupsQuery(params);
    view.bind({
      typed: (text) => this.search.typed(text),
      leftSearch: () => this.search.left(),
      clearSearch: () => this.show({ ...this.query, q: '', page: 1 }),
      perPage: (perPage) => this.show({ ...this.query, per_page: perPage, page: 1 }),
      // A new group is empty: its page is where members are added.
      create: () => this.actions.create((group) => ctx.go(groupPath(group.id))),
      act: (key, group) =>
        this.actions.run(key, group, { changed: () => void this.load(), deleted: () => void this.load() }),
      retry: () => void this.load(),
    });
    if (actions.mayCreate()) view.offerCreate();
  }

  start(): Promise<void> {
    this.view.showQuery(this.query);
    return this.load();
  }

  update(params: URLSearchParams): Promise<void> {
    this.query = parseGroupsQuery(params);
    return this.start();
  }

  destroy(): void {
    this.latest.abort();
    this.search.cancel();
  }

  private show(next: GroupsQuery, options: { replace?: boolean } = {}): void {
    this.query = next;
    this.ctx.record(`${GROUPS}${groupsQueryString(next)}`, options);
    void this.start();
  }

  private async load(): Promise<void> {
    const query = this.query;
    this.view.showLoading();
    try {
      const answer = await this.latest.run((signal) =>
        this.ctx.client.listGroups(groupsApiQuery(query), signal),
      );
      if (!answer) return;
      const page = answer.value;
      // A page past the end (groups deleted since, an old link) shows the last page instead.
      if (page.meta.pages > 0 && query.page > page.meta.pages) {
        this.show({ ...query, page: page.meta.pages }, { replace: true });
        return;
      }
      if (page.items.length === 0) this.view.showNoGroups(query.q.trim() !== '');
      else {
        this.view.showGroups({
          page,
          actions: this.actions.allowed(),
          pageHref: (n) => `${GROUPS}${groupsQueryString({ ...query, page: n })}`,
        });
      }
    } catch (error) {
      this.view.showError(error);
    }
  }
}
