import { h } from '../../dom.ts';
import { userPath } from '../../paths.ts';
import { ACTIVE, INVITED } from '../../rules/user-rules.ts';
import type { User } from '../../types.ts';
import { roleBadge, statusBadge, timeText } from '../../widgets/badges.ts';
import type { Column } from '../../widgets/data-table.ts';
import type { UserActionKey } from '../user-actions/controller.ts';
import { rowActions } from '../user-actions/view.ts';
import type { UsersHandlers } from './controller.ts';

/** The checkbox column for bulk changes: each user's box, and one in the header for the page. */
/** An address not yet proven (docs/email.md); an invitee's is proven by accepting, so not said. */
const unverifiedNote = (user: User) =>
  user.email_verified_at === null && user.status !== INVITED
    ? h('div', { class: 'small text-body-secondary text-nowrap', 'data-unverified': '' }, 'E-mail unverified')
    : null;

export function selectColumn(
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

export function columns(
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
      cell: (user) => [statusBadge(user.status), unverifiedNote(user)],
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
