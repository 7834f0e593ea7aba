import type { Context } from '../../context.ts';
import { fill, h } from '../../dom.ts';
import { formatDateTime } from '../../format.ts';
import { icon } from '../../icons.ts';
import { GROUPS, userPath } from '../../paths.ts';
import type { GroupActionKey } from '../../rules/group-rules.ts';
import type { Group, GroupMember } from '../../types.ts';
import { pageButtons, rowButtons } from '../../widgets/action-buttons.ts';
import { roleBadge, timeText } from '../../widgets/badges.ts';
import { confirmAction } from '../../widgets/confirm.ts';
import { dataTable } from '../../widgets/data-table.ts';
import { pagination } from '../../widgets/pagination.ts';
import { card, errorState, loadingState, pageHeading, sectionBody } from '../../widgets/states.ts';
import { openAddMember } from '../add-member/index.ts';
import { groupButtons } from '../group-actions/view.ts';
import type { Section } from '../section.ts';
import { eventsTable } from '../shared/events-table.ts';
import type { Activity } from '../user/controller.ts';
import type { GroupHandlers, GroupSections, GroupView, MemberDialogs, MembersListing } from './controller.ts';

function details(group: Group): HTMLElement {
  const row = (term: string, detail: string) => [
    h('dt', { class: 'col-sm-4 col-lg-3' }, term),
    h('dd', { class: 'col-sm-8 col-lg-9 text-break' }, detail),
  ];
  return h(
    'dl',
    { class: 'row mb-0' },
    row('Description', group.description ?? '—'),
    row('Created', formatDateTime(group.created_at)),
    row('Updated', formatDateTime(group.updated_at)),
    row('Id', String(group.id)),
  );
}

/** The group's page on screen. */
export class GroupPage implements GroupView {
  readonly element = h('section', {});
  private readonly members = h('div', { 'aria-live': 'polite' });
  private readonly activity = h('div', { 'aria-live': 'polite' });
  private handlers!: GroupHandlers;

  constructor(
    private readonly roles: readonly string[],
    private readonly targetPath: Context['targetPath'],
    /** The server's largest page (its settings' `max_per_page`). */
    private readonly maxPerPage: number,
  ) {}

  bind(handlers: GroupHandlers): void {
    this.handlers = handlers;
  }

  private back(): HTMLElement {
    return h('a', { href: GROUPS, class: 'btn btn-link px-0 mb-2' }, icon('chevronLeft', 'me-1'), 'Groups');
  }

  showLoading(): void {
    fill(this.element, this.back(), loadingState('Loading group…'));
  }

  showError(error: unknown): void {
    fill(this.element, this.back(), pageHeading('Group'), errorState(error, this.handlers.retry));
  }

  showGroup(group: Group, actions: GroupActionKey[], sections: GroupSections): void {
    const tools = [
      sections.manageMembers
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-sm btn-primary',
              'data-action': 'add-member',
              onclick: () => this.handlers.addMember(),
            },
            icon('personPlus', 'me-1'),
            'Add member',
          )
        : null,
      sections.membersInUsersList
        ? h(
            'a',
            { class: 'btn btn-sm btn-link', href: sections.membersInUsersList },
            'Sort and filter them in the users list',
          )
        : null,
    ];
    fill(
      this.element,
      this.back(),
      pageHeading(group.name),
      h('div', { class: 'mb-3' }, pageButtons(groupButtons(actions, this.handlers.act))),
      card('Details', details(group)),
      card(
        'Members',
        h('div', { class: 'd-flex flex-wrap align-items-center gap-2 mb-3' }, tools),
        this.members,
      ),
      sections.activity ? card('Recent activity', this.activity) : null,
    );
    this.element.dataset.loaded = 'true';
  }

  showMembers(state: Section<MembersListing>): void {
    // Busy while loading, so screen readers wait for the rows (and the browser tests with them).
    this.members.setAttribute('aria-busy', String('loading' in state));
    sectionBody(this.members, state, this.handlers.retryMembers, (listing) =>
      listing.page.items.length === 0
        ? h('p', { class: 'text-body-secondary mb-0', 'data-empty': '' }, 'No members yet.')
        : [this.membersTable(listing), this.membersPages(listing)],
    );
  }

  private membersTable({ page, mayRemove }: MembersListing): HTMLElement {
    return dataTable<GroupMember>({
      label: 'Members',
      tableClass: 'table-sm table-hover',
      rows: page.items,
      rowId: (member) => member.id,
      columns: [
        {
          label: 'Name',
          cell: (member) => [
            h(
              'a',
              { href: userPath(member.id), class: 'fw-semibold text-break', 'data-name': '' },
              member.name,
            ),
            h('div', { class: 'small text-body-secondary d-md-none text-break-any' }, member.email),
          ],
        },
        {
          label: 'E-mail',
          className: 'd-none d-md-table-cell',
          cellClass: 'text-break-any',
          cell: (m) => m.email,
        },
        { label: 'Role', cell: (member) => roleBadge(member.role, this.roles) },
        {
          label: 'Added',
          className: 'd-none d-lg-table-cell',
          cellClass: 'text-nowrap',
          cell: (member) => timeText(member.added_at),
        },
        mayRemove && {
          label: 'Actions',
          className: 'text-end',
          cell: (member) =>
            rowButtons(member.name, [
              {
                action: 'remove-member',
                label: 'Remove',
                icon: 'personDash',
                danger: true,
                run: () => this.handlers.removeMember(member),
              },
            ]),
        },
      ],
    });
  }

  private membersPages({ page, pageHref }: MembersListing): HTMLElement {
    return pagination({
      meta: page.meta,
      noun: ['member', 'members'],
      href: pageHref,
      maxPerPage: this.maxPerPage,
      onPerPage: this.handlers.perPage,
    });
  }

  showActivity(state: Section<Activity>): void {
    this.activity.setAttribute('aria-busy', String('loading' in state));
    sectionBody(this.activity, state, this.handlers.retryActivity, ({ events, catalog, allHref }) =>
      events.length === 0
        ? h('p', { class: 'text-body-secondary mb-0' }, 'No events yet.')
        : [
            eventsTable({ catalog, events, targetPath: this.targetPath, showTarget: false }),
            h('a', { class: 'd-inline-block mt-2', href: allHref }, 'All events about this group'),
          ],
    );
  }
}

/** The member dialogs, as Bootstrap modals. */
export function memberDialogs(ctx: Context): MemberDialogs {
  return {
    addMember(group, added) {
      openAddMember(ctx, group, added);
    },
    confirmRemove(group, member, run) {
      confirmAction({
        title: 'Remove member',
        message: [
          'Remove ',
          h('strong', { class: 'text-break-any' }, member.name),
          ` (${member.email}) from `,
          h('strong', { class: 'text-break-any' }, group.name),
          '? They stay a user; only this membership ends.',
        ],
        confirmLabel: 'Remove',
        danger: true,
        run,
      });
    },
  };
}
