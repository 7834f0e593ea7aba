import { h, scrollingTable, type Child } from '../dom.ts';
import { formatDateTime, nameLabel, relativeTime, roleBadgeClass, statusBadgeClass } from '../format.ts';
import { icon } from '../icons.ts';
import type { Role, Status, User } from '../types.ts';
import { sortState, toggleSort } from '../rules/sorting.ts';

export function roleBadge(role: Role, roles: readonly Role[]): HTMLElement {
  return h('span', { class: `badge ${roleBadgeClass(role, roles)}` }, nameLabel(role));
}

export function statusBadge(status: Status): HTMLElement {
  return h('span', { class: `badge ${statusBadgeClass(status)}` }, nameLabel(status));
}

/** A time with the exact value on hover and for screen readers' "time" reading. */
export function timeText(iso: string | null, empty = 'Never'): HTMLElement {
  if (!iso) return h('span', { class: 'text-body-secondary' }, empty);
  return h('time', { datetime: iso, title: formatDateTime(iso) }, relativeTime(iso));
}

interface Column {
  label: string;
  sort?: string;
  /** Columns left out on narrow screens. */
  className?: string;
}

const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name' },
  { label: 'E-mail', sort: 'email', className: 'd-none d-md-table-cell' },
  { label: 'Role' },
  { label: 'Status', className: 'd-none d-sm-table-cell' },
  { label: 'Created', sort: 'created_at', className: 'd-none d-lg-table-cell' },
  { label: 'Last sign-in', className: 'd-none d-lg-table-cell' },
  { label: 'Actions', className: 'text-end' },
];

export interface UsersTableOptions {
  users: User[];
  sort: string;
  onSort: (sort: string) => void;
  actions: (user: User) => Child;
  roles: readonly Role[];
}

function header(column: Column, sort: string, onSort: (sort: string) => void): HTMLElement {
  if (!column.sort) return h('th', { scope: 'col', class: column.className ?? null }, column.label);
  const field = column.sort;
  const state = sortState(sort, field);
  const next = toggleSort(sort, field);
  return h(
    'th',
    { scope: 'col', class: column.className ?? null, 'aria-sort': state },
    h(
      'button',
      {
        type: 'button',
        class: 'sort-button',
        'data-sort': field,
        title: `Sort by ${column.label.toLowerCase()}, ${next.startsWith('-') ? 'descending' : 'ascending'}`,
        onclick: () => onSort(next),
      },
      column.label,
      state === 'none' ? null : icon(state === 'ascending' ? 'arrowUp' : 'arrowDown', 'ms-1'),
    ),
  );
}

/** The users table; rows carry `data-id` so tests and actions find them by user, not position. */
export function usersTable({ users, sort, onSort, actions, roles }: UsersTableOptions): HTMLElement {
  const rows = users.map((user) =>
    h(
      'tr',
      { 'data-id': user.id },
      h(
        'td',
        {},
        h(
          'a',
          { href: `/console/users/${user.id}`, class: 'fw-semibold text-break', 'data-name': '' },
          user.name,
        ),
        h('div', { class: 'small text-body-secondary d-md-none text-break-any' }, user.email),
      ),
      h('td', { class: 'd-none d-md-table-cell text-break-any' }, user.email),
      h('td', {}, roleBadge(user.role, roles)),
      h('td', { class: 'd-none d-sm-table-cell' }, statusBadge(user.status)),
      h('td', { class: 'd-none d-lg-table-cell text-nowrap' }, timeText(user.created_at)),
      h('td', { class: 'd-none d-lg-table-cell text-nowrap' }, timeText(user.last_login_at)),
      h('td', { class: 'text-end text-nowrap' }, actions(user)),
    ),
  );
  return scrollingTable(
    'Users',
    h(
      'table',
      { class: 'table table-hover table-users align-middle mb-0' },
      h('caption', { class: 'visually-hidden' }, 'Users'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          COLUMNS.map((c) => header(c, sort, onSort)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}
