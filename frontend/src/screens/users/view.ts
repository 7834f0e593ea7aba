import type { Download } from '../../api.ts';
import { fill, h } from '../../dom.ts';
import { nameLabel } from '../../format.ts';
import { icon } from '../../icons.ts';
import { userPath } from '../../paths.ts';
import { ACTIVE, rolesHighestFirst } from '../../rules/user-rules.ts';
import { hasFilters } from '../../rules/users-query.ts';
import type { Settings, User, UserListQuery } from '../../types.ts';
import { roleBadge, statusBadge, timeText } from '../../widgets/badges.ts';
import { dataTable, type Column } from '../../widgets/data-table.ts';
import { choiceFilter, focusKey, replaceChoices, searchBox, selectValue } from '../../widgets/filters.ts';
import { pagination } from '../../widgets/pagination.ts';
import { saveFile } from '../../widgets/save-file.ts';
import { Results } from '../../widgets/results.ts';
import { emptyState, pageHeading } from '../../widgets/states.ts';
import type { UserActionKey } from '../user-actions/controller.ts';
import { hasRowActions, rowActions } from '../user-actions/view.ts';
import type { UsersHandlers, UsersListing, UsersView } from './controller.ts';

/** The checkbox column for bulk changes: each user's box, and one in the header for the page. */
function selectColumn(
  selected: (id: number) => boolean,
  handlers: UsersHandlers,
  rows: readonly User[],
): Column<User> {
  return {
    label: 'Select',
    className: 'select-cell',
    header: () =>
      h('input', {
        type: 'checkbox',
        class: 'form-check-input',
        'aria-label': 'Select every user on this page',
        'data-select-page': '',
        checked: rows.length > 0 && rows.every((user) => selected(user.id)),
        onchange: (event: Event) => handlers.selectPage((event.target as HTMLInputElement).checked),
      }),
    cell: (user) =>
      h('input', {
        type: 'checkbox',
        class: 'form-check-input',
        'aria-label': `Select ${user.name}`,
        'data-select': user.id,
        checked: selected(user.id),
        onchange: (event: Event) => handlers.select(user.id, (event.target as HTMLInputElement).checked),
      }),
  };
}

function columns(
  roles: readonly string[],
  actions: ((user: User) => UserActionKey[]) | null,
  act: UsersHandlers['act'],
  createdId: number | null,
): (Column<User> | null)[] {
  return [
    {
      label: 'Name',
      sort: 'name',
      cellClass: 'name-cell',
      cell: (user) => [
        h(
          'a',
          { href: userPath(user.id), class: 'fw-semibold text-break', title: user.name, 'data-name': '' },
          user.name,
        ),
        user.id === createdId ? h('span', { class: 'badge text-bg-info ms-2', 'data-new': '' }, 'New') : null,
        // Narrow screens leave out the e-mail and status columns: the e-mail shows here, and so
        // does a status other than active, in words (a disabled user is more than an icon).
        h('div', { class: 'small text-body-secondary d-md-none text-break-any' }, user.email),
        user.status === ACTIVE
          ? null
          : h('div', { class: 'd-sm-none', 'data-status': '' }, statusBadge(user.status)),
      ],
    },
    {
      label: 'E-mail',
      sort: 'email',
      className: 'd-none d-md-table-cell',
      // One line, cut short with its whole address on hover: an address wrapped at its hyphens
      // doubled the row's height.
      cellClass: 'email-cell',
      cell: (user) => h('span', { title: user.email }, user.email),
    },
    { label: 'Role', sort: 'role', cell: (user) => roleBadge(user.role, roles) },
    {
      label: 'Status',
      sort: 'status',
      className: 'd-none d-sm-table-cell',
      cell: (user) => statusBadge(user.status),
    },
    {
      label: 'Created',
      sort: 'created_at',
      className: 'd-none d-lg-table-cell',
      cellClass: 'text-nowrap',
      cell: (user) => timeText(user.created_at),
    },
    {
      label: 'Last sign-in',
      sort: 'last_login_at',
      className: 'd-none d-lg-table-cell',
      cellClass: 'text-nowrap',
      cell: (user) => timeText(user.last_login_at),
    },
    // Whoever may do nothing to anyone on the page sees no empty Actions column.
    actions && {
      label: 'Actions',
      className: 'text-end',
      cellClass: 'text-nowrap',
      cell: (user) => rowActions(user, actions(user), (key) => act(key, user)),
    },
  ];
}

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
  }

  offerCreate(): void {
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
          onclick: () => this.handlers.invite(),
        },
        icon('envelope', 'me-1'),
        'Invite',
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
