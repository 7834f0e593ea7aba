import type { Download } from '../../api.ts';
import { fill, h } from '../../dom.ts';
import { nameLabel } from '../../format.ts';
import { icon } from '../../icons.ts';
import { DELETED_USERS, DORMANT_POLICY } from '../../paths.ts';
import { rolesHighestFirst } from '../../rules/user-rules.ts';
import { ACTIVITY_CHOICES } from '../../rules/lifecycle-rules.ts';
import { hasFilters } from '../../rules/users-query.ts';
import type { Settings, UserListQuery } from '../../types.ts';
import { dataTable } from '../../widgets/data-table.ts';
import { choiceFilter, focusKey, replaceChoices, searchBox, selectValue } from '../../widgets/filters.ts';
import { pagination } from '../../widgets/pagination.ts';
import { saveFile } from '../../widgets/save-file.ts';
import { Results } from '../../widgets/results.ts';
import { emptyState, pageHeading } from '../../widgets/states.ts';
import { hasRowActions } from '../user-actions/view.ts';
import { columns, selectColumn } from './columns.ts';
import type { UsersHandlers, UsersListing, UsersView } from './controller.ts';

/** The users list on screen: the search and menus, the table, the pages. */
export class UsersPage implements UsersView {
  readonly element: HTMLElement;
  private readonly search = searchBox({
    name: 'q',
    label: 'Search users by name or e-mail',
    placeholder: 'Search name or e-mail',
  });
  private readonly role: HTMLSelectElement;
  private readonly status: HTMLSelectElement;
  private readonly verified = choiceFilter({
    name: 'email_verified',
    label: 'E-mail address',
    any: 'Any address',
    choices: [
      { value: 'true', label: 'Verified' },
      { value: 'false', label: 'Unverified' },
    ],
  });
  private readonly activity: HTMLSelectElement;
  private group: HTMLSelectElement | null = null;
  private exportButton: HTMLButtonElement | null = null;
  private readonly heading: HTMLElement;
  /** Shown whenever a search or a menu filters the list, not only when nothing matches. */
  private readonly clear: HTMLElement;
  private readonly results: Results;
  private handlers!: UsersHandlers;
  private readonly stopKeys: () => void;

  constructor(
    private readonly settings: Settings,
    bulkBar: HTMLElement | null = null,
  ) {
    this.role = choiceFilter({
      name: 'role',
      label: 'Role',
      any: 'All roles',
      choices: rolesHighestFirst(settings.roles).map((r) => ({ value: r, label: nameLabel(r) })),
    });
    this.status = choiceFilter({
      name: 'status',
      label: 'Status',
      any: 'Any status',
      choices: settings.statuses.map((s) => ({ value: s, label: nameLabel(s) })),
    });
    this.activity = choiceFilter({
      name: 'activity',
      label: 'Sign-in activity',
      any: 'Any sign-in activity',
      choices: ACTIVITY_CHOICES,
    });
    this.heading = pageHeading('Users');
    this.clear = h(
      'div',
      { class: 'col-12 col-md-auto', hidden: true },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-quiet w-100',
          'data-clear-filters': '',
          onclick: () => this.handlers.clearFilters(),
        },
        'Clear filters',
      ),
    );
    this.element = h(
      'section',
      {},
      this.heading,
      h(
        'div',
        { class: 'row g-2 mb-3', role: 'search' },
        h('div', { class: 'col-12 col-md' }, this.search.element),
        h('div', { class: 'col-6 col-md-3 col-lg-2' }, this.role),
        h('div', { class: 'col-6 col-md-3 col-lg-2' }, this.status),
        h('div', { class: 'col-6 col-md-3 col-lg-2' }, this.verified),
        h('div', { class: 'col-6 col-md-3 col-lg-2' }, this.activity),
        this.clear,
      ),
    );
    this.results = new Results(this.element, 'Loading users…');
    if (bulkBar) this.element.append(bulkBar);
    this.element.append(this.results.element);
    this.stopKeys = focusKey(this.search.input);
  }

  bind(handlers: UsersHandlers): void {
    this.handlers = handlers;
    const { input } = this.search;
    input.addEventListener('input', () => handlers.typed(input.value));
    input.addEventListener('blur', () => handlers.leftSearch());
    this.role.addEventListener('change', () => handlers.filter({ role: this.role.value }));
    this.status.addEventListener('change', () => handlers.filter({ status: this.status.value }));
    this.verified.addEventListener('change', () =>
      handlers.filter({ email_verified: this.verified.value as UserListQuery['email_verified'] }),
    );
    this.activity.addEventListener('change', () => handlers.filter({ activity: this.activity.value }));
  }

  offerCreate(mailOn: boolean): void {
    // Without mail the Invite button stays in view, turned off, with the reason beside it.
    const why = mailOn
      ? null
      : h(
          'div',
          { id: 'invite-needs-mail', class: 'small text-body-secondary mt-1', 'data-mail-off': '' },
          'Invitations need mail, which this server does not send (SMTP_URL is not set).',
        );
    this.heading.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          'data-action': 'create',
          onclick: () => this.handlers.create(),
        },
        icon('personPlus', 'me-1'),
        'New user',
      ),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-outline-primary',
          'data-action': 'invite',
          disabled: !mailOn,
          'aria-describedby': why ? 'invite-needs-mail' : null,
          onclick: () => this.handlers.invite(),
        },
        icon('envelope', 'me-1'),
        'Invite',
      ),
      ...(why ? [why] : []),
    );
  }

  offerLifecycle(links: { deleted: boolean; dormant: boolean }): void {
    const link = (href: string, iconName: 'trash' | 'hourglass', label: string) =>
      h('a', { class: 'btn btn-quiet', href }, icon(iconName, 'me-1'), label);
    this.heading.append(
      h(
        'div',
        { class: 'd-flex flex-wrap gap-2 w-100', 'data-lifecycle-links': '' },
        links.deleted ? link(DELETED_USERS, 'trash', 'Deleted users') : null,
        links.dormant ? link(DORMANT_POLICY, 'hourglass', 'Dormant accounts') : null,
      ),
    );
  }

  offerExport(): void {
    this.exportButton = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-outline-secondary',
        'data-action': 'export',
        title: 'Every user the search and filters match, in this order, as a CSV file',
        onclick: () => this.handlers.exportList(),
      },
      'Export',
    );
    this.heading.append(this.exportButton);
  }

  exporting(state: { count: number | null } | null): void {
    const button = this.exportButton;
    if (!button) return;
    button.disabled = state !== null;
    if (state === null) fill(button, 'Export');
    else
      fill(
        button,
        h('span', { class: 'spinner-border spinner-border-sm me-1', 'aria-hidden': 'true' }),
        state.count === null ? 'Exporting…' : `Exporting ${state.count.toLocaleString('en')} users…`,
      );
  }

  saveFile(file: Download): void {
    saveFile(file.blob, file.filename ?? 'users.csv');
  }

  offerGroupFilter(): void {
    const group = choiceFilter({ name: 'group', label: 'Group', any: 'All groups', choices: [] });
    group.addEventListener('change', () => this.handlers.filter({ group: group.value }));
    this.status.parentElement?.after(h('div', { class: 'col-6 col-md-3' }, group));
    this.group = group;
  }

  showGroupChoices(choices: { value: string; label: string }[]): void {
    if (this.group) replaceChoices(this.group, choices);
  }

  showQuery(query: UserListQuery): void {
    // Typing goes on while the list follows: the box keeps what is being typed.
    if (document.activeElement !== this.search.input) this.search.input.value = query.q;
    this.role.value = query.role;
    this.status.value = query.status;
    this.verified.value = query.email_verified;
    this.activity.value = query.activity;
    if (this.group) selectValue(this.group, query.group, `Group ${query.group}`);
    this.clear.hidden = !hasFilters(query);
  }

  showLoading(): void {
    this.results.loading();
  }

  showUsers({ page, created, sort, actions, pageHref, cursorHref, selected }: UsersListing): void {
    const first = !this.element.dataset.loaded;
    const createdId = created?.user.id ?? null;
    // The user just created leads the rows when the page does not hold them.
    const rows = created && !created.onPage ? [created.user, ...page.items] : page.items;
    this.results.show(
      dataTable({
        label: 'Users',
        columns: [
          selected && selectColumn(selected, this.handlers, rows),
          ...columns(
            this.settings.roles,
            rows.some((user) => hasRowActions(actions(user))) ? actions : null,
            this.handlers.act,
            createdId,
          ),
        ],
        rows,
        rowId: (user) => user.id,
        rowClass: (user) => (user.id === createdId ? 'row-new' : null),
        tableClass: 'table-hover table-users',
        sort: { current: sort, onSort: this.handlers.sort },
      }),
      pagination({
        meta: page.meta,
        noun: ['user', 'users'],
        href: pageHref,
        cursorHref,
        maxPerPage: this.settings.max_per_page,
        onPerPage: this.handlers.perPage,
      }),
    );
    // For scripts/measure-users.ts: when the first page of users is on screen.
    if (first) performance.mark('users:first-page');
  }

  showNoUsers(filtered: boolean): void {
    // Clear filters is beside the filters whenever one is set.
    this.results.show(emptyState(filtered ? 'No users match these filters.' : 'There are no users yet.'));
  }

  showError(error: unknown): void {
    this.results.failed(error, () => this.handlers.retry());
  }

  markSelected(selected: (id: number) => boolean): void {
    const boxes = [...this.element.querySelectorAll<HTMLInputElement>('input[data-select]')];
    for (const box of boxes) box.checked = selected(Number(box.dataset.select));
    const page = this.element.querySelector<HTMLInputElement>('input[data-select-page]');
    if (page) page.checked = boxes.length > 0 && boxes.every((box) => box.checked);
  }

  destroy(): void {
    this.stopKeys();
  }
}
