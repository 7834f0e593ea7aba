import { ApiError, isAbort } from '../../api.ts';
import type { Context } from '../../context.ts';
import { AUDIT, GROUPS, groupPath, HOME } from '../../paths.ts';
import { auditQueryString, DEFAULT_AUDIT_QUERY } from '../../rules/audit-query.ts';
import { GROUP_PERMISSIONS, type GroupActionKey } from '../../rules/group-rules.ts';
import { membersQueryString, parseMembersQuery, type MembersQuery } from '../../rules/groups-query.ts';
import { USER_PERMISSIONS } from '../../rules/user-rules.ts';
import { DEFAULT_USER_QUERY, userQueryString } from '../../rules/users-query.ts';
import type { Group, GroupMember, Page } from '../../types.ts';
import type { GroupActionsController } from '../group-actions/controller.ts';
import { loadSection, type Section } from '../section.ts';
import { RECENT_EVENTS, type Activity } from '../user/controller.ts';

export interface MembersListing {
  page: Page<GroupMember>;
  /** Remove buttons, for those who manage members. */
  mayRemove: boolean;
  pageHref: (n: number) => string;
}

/** What the group's page has besides the group itself, decided by permission. */
export interface GroupSections {
  /** Add and remove members. */
  manageMembers: boolean;
  /** The latest audit events about the group. */
  activity: boolean;
  /** The members in the users list, where they sort and filter like any users; null without users:read. */
  membersInUsersList: string | null;
}

/** What the group's page shows; screens/group/view.ts draws it. */
export interface GroupView {
  bind(handlers: GroupHandlers): void;
  showLoading(): void;
  showError(error: unknown): void;
  showGroup(group: Group, actions: GroupActionKey[], sections: GroupSections): void;
  showMembers(state: Section<MembersListing>): void;
  showActivity(state: Section<Activity>): void;
}

export interface GroupHandlers {
  act: (key: GroupActionKey) => void;
  addMember: () => void;
  removeMember: (member: GroupMember) => void;
  perPage: (perPage: number) => void;
  retry: () => void;
  retryMembers: () => void;
  retryActivity: () => void;
}

/** The member dialogs; screens/group/view.ts opens them. */
export interface MemberDialogs {
  /** Picks a user and adds them; `added` once the server has them as a member. */
  addMember(group: Group, added: () => void): void;
  /** Asks before removing; on yes runs `run` (closes on success, shows the error on failure). */
  confirmRemove(group: Group, member: GroupMember, run: () => Promise<void>): void;
}

/** One group: its name and description, what one may do, its members a page at a time. */
export class GroupController {
  private loading = new AbortController();
  private group: Group | null = null;
  private members: MembersQuery;

  constructor(
    private readonly ctx: Context,
    private readonly view: GroupView,
    private readonly actions: GroupActionsController,
    private readonly dialogs: MemberDialogs,
    private readonly id: number,
    params: URLSearchParams,
  ) {
    this.members = parseMembersQuery(params);
    view.bind({
      act: (key) => {
        if (!this.group) return;
        this.actions.run(key, this.group, { changed: () => void this.load(), deleted: () => ctx.go(GROUPS) });
      },
      addMember: () => {
        if (this.group) this.dialogs.addMember(this.group, () => void this.loadMembers());
      },
      removeMember: (member) => this.removeMember(member),
      perPage: (perPage) => this.showMembersPage({ page: 1, per_page: perPage }),
      retry: () => void this.load(),
      retryMembers: () => void this.loadMembers(),
      retryActivity: () => void this.loadActivity(),
    });
  }

  start(): Promise<void> {
    return this.load();
  }

  /** Back or forward to another page of members. */
  update(params: URLSearchParams): Promise<void> {
    this.members = parseMembersQuery(params);
    return this.group ? this.loadMembers() : this.load();
  }

  destroy(): void {
    this.loading.abort();
  }

  private can(permission: string): boolean {
    return this.ctx.session.can(permission);
  }

  private async load(): Promise<void> {
    this.loading.abort();
    this.loading = new AbortController();
    const { signal } = this.loading;
    this.view.showLoading();
    try {
      if (!Number.isInteger(this.id) || this.id < 1) {
        throw new ApiError(404, 'not_found', 'There is no such group.');
      }
      const group = await this.ctx.client.getGroup(this.id, signal);
      this.group = group;
      this.ctx.setTitle(group.name);
      const sections: GroupSections = {
        manageMembers: this.can(GROUP_PERMISSIONS.manageMembers),
        activity: this.can(USER_PERMISSIONS.readAudit),
        membersInUsersList: this.can('users:read')
          ? `${HOME}${userQueryString({ ...DEFAULT_USER_QUERY, group: String(group.id) })}`
          : null,
      };
      this.view.showGroup(group, this.actions.allowed(), sections);
      void this.loadMembers();
      if (sections.activity) void this.loadActivity();
    } catch (error) {
      if (!isAbort(error) && !signal.aborted) this.view.showError(error);
    }
  }

  private showMembersPage(next: MembersQuery, options: { replace?: boolean } = {}): void {
    this.members = next;
    this.ctx.record(`${groupPath(this.id)}${membersQueryString(next)}`, options);
    void this.loadMembers();
  }

  private loadMembers(): Promise<void> {
    const { signal } = this.loading;
    const query = this.members;
    return loadSection(
      signal,
      (state) => {
        // A page past the end (members removed since, an old link) shows the last page instead.
        const meta = 'value' in state ? state.value.page.meta : null;
        if (meta && meta.pages > 0 && query.page > meta.pages) {
          this.showMembersPage({ ...query, page: meta.pages }, { replace: true });
        } else this.view.showMembers(state);
      },
      async () => ({
        page: await this.ctx.client.groupMembers(this.id, query, signal),
        mayRemove: this.can(GROUP_PERMISSIONS.manageMembers),
        pageHref: (n: number) => `${groupPath(this.id)}${membersQueryString({ ...query, page: n })}`,
      }),
    );
  }

  private removeMember(member: GroupMember): void {
    const group = this.group;
    if (!group) return;
    this.dialogs.confirmRemove(group, member, async () => {
      await this.ctx.client.removeMember(group.id, member.id);
      this.ctx.notify(`Removed ${member.name} from ${group.name}.`);
      void this.loadMembers();
    });
  }

  private loadActivity(): Promise<void> {
    const { signal } = this.loading;
    return loadSection(
      signal,
      (state) => this.view.showActivity(state),
      async () => {
        // By type and id: user 7's events are not group 7's.
        const about = { target_type: 'group', target_id: String(this.id) };
        const [catalog, page] = await Promise.all([
          this.ctx.auditCatalog(),
          this.ctx.client.listAudit({ ...about, per_page: RECENT_EVENTS }, signal),
        ]);
        const allHref = `${AUDIT}${auditQueryString({ ...DEFAULT_AUDIT_QUERY, ...about })}`;
        return { events: page.items, catalog, allHref };
      },
    );
  }
}
