import type { ViewFactory } from '../context.ts';
import { fill, h } from '../dom.ts';
import { nameLabel } from '../format.ts';
import { icon } from '../icons.ts';
import type { Page, User, UserListQuery } from '../types.ts';
import { rolesHighestFirst } from '../rules/user-rules.ts';
import { pagination } from '../widgets/pagination.ts';
import { listLoader } from '../widgets/list-loader.ts';
import { pageHeading } from '../widgets/states.ts';
import { rowActions } from './user-actions.ts';
import { openUserForm } from './user-form.ts';
import { apiQuery, hasFilters, parseUserQuery, userQueryString, withFilter } from '../rules/users-query.ts';
import { usersTable } from './users-table.ts';

const SEARCH_DELAY_MS = 300;

function filterSelect(
  label: string,
  name: string,
  all: string,
  choices: [string, string][],
): HTMLSelectElement {
  return h(
    'select',
    { class: 'form-select', name, 'aria-label': label },
    h('option', { value: '' }, all),
    choices.map(([value, text]) => h('option', { value }, text)),
  );
}

/** The users list: search, filters, sorting and pages, all kept in the URL. */
export const usersView: ViewFactory = (ctx, _params, params) => {
  let query = parseUserQuery(params, ctx.settings);
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  // Typing a search adds one history entry, not one per pause; leaving the box starts a new one.
  let searchEntry = false;

  const search = h('input', {
    class: 'form-control',
    type: 'search',
    name: 'q',
    placeholder: 'Search name or e-mail',
    'aria-label': 'Search users by name or e-mail',
    maxlength: 200,
    autocomplete: 'off',
  });
  const role = filterSelect(
    'Role',
    'role',
    'All roles',
    rolesHighestFirst(ctx.settings.roles).map((r) => [r, nameLabel(r)]),
  );
  const status = filterSelect(
    'Status',
    'status',
    'Any status',
    ctx.settings.statuses.map((s) => [s, nameLabel(s)]),
  );
  const results = h('div', { 'aria-live': 'polite', 'aria-busy': 'false', 'data-results': '' });

  const syncControls = () => {
    if (document.activeElement !== search) search.value = query.q;
    role.value = query.role;
    status.value = query.status;
  };

  const show = (next: UserListQuery, options: { replace?: boolean } = {}) => {
    query = next;
    ctx.record(`/console/users${userQueryString(query)}`, options);
    syncControls();
    void load();
  };

  const render = (page: Page<User>) => {
    if (page.items.length === 0) {
      const filtered = hasFilters(query);
      fill(
        results,
        h(
          'div',
          { class: 'text-center text-body-secondary py-5 border rounded', 'data-empty': '' },
          h('p', { class: 'mb-2' }, filtered ? 'No users match these filters.' : 'There are no users yet.'),
          filtered
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-sm btn-quiet',
                  onclick: () => show(withFilter(query, { q: '', role: '', status: '' })),
                },
                'Clear filters',
              )
            : null,
        ),
      );
      return;
    }
    fill(
      results,
      usersTable({
        users: page.items,
        sort: query.sort,
        onSort: (sort) => show({ ...query, sort, page: 1 }),
        actions: (user) => rowActions(ctx, user, () => void load()),
        roles: ctx.settings.roles,
      }),
      pagination({
        meta: page.meta,
        noun: ['user', 'users'],
        href: (n) => `/console/users${userQueryString({ ...query, page: n })}`,
        onPerPage: (perPage) => show({ ...query, per_page: perPage, page: 1 }),
      }),
    );
  };

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      show(withFilter(query, { q: search.value }), { replace: searchEntry });
      searchEntry = true;
    }, SEARCH_DELAY_MS);
  });
  search.addEventListener('blur', () => (searchEntry = false));
  role.addEventListener('change', () => show(withFilter(query, { role: role.value })));
  status.addEventListener('change', () => show(withFilter(query, { status: status.value })));

  // "/" jumps to the search box, as on GitHub and many admin consoles.
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (event.key !== '/' || target?.closest('input, textarea, select, [contenteditable], .modal')) return;
    event.preventDefault();
    search.focus();
  };
  document.addEventListener('keydown', onKey);

  const create = ctx.session.can('users:create')
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          'data-action': 'create',
          onclick: () => openUserForm(ctx, { onSaved: () => void load() }),
        },
        icon('personPlus', 'me-1'),
        'New user',
      )
    : null;

  const element = h(
    'section',
    {},
    pageHeading('Users', create),
    h(
      'div',
      { class: 'row g-2 mb-3', role: 'search' },
      h(
        'div',
        { class: 'col-12 col-md-6' },
        h('div', { class: 'input-group' }, h('span', { class: 'input-group-text' }, icon('search')), search),
      ),
      h('div', { class: 'col-6 col-md-3' }, role),
      h('div', { class: 'col-6 col-md-3' }, status),
    ),
    results,
  );

  const loader = listLoader({
    results,
    screen: element,
    loadingLabel: 'Loading users…',
    fetch: (signal) => ctx.client.listUsers(apiQuery(query), signal),
    render: (page) => {
      // A page past the end (someone deleted users, an old link) shows the last page instead.
      const counted = page.meta.total_exact !== false;
      if (counted && page.meta.pages > 0 && query.page > page.meta.pages) {
        show({ ...query, page: page.meta.pages }, { replace: true });
        return false;
      }
      render(page);
      // For scripts/measure-users.ts: when the first page of users is on screen.
      if (!element.dataset.loaded) performance.mark('users:first-page');
    },
  });
  const load = loader.load;

  syncControls();
  void load();
  return {
    element,
    title: 'Users',
    update(next) {
      query = parseUserQuery(next, ctx.settings);
      syncControls();
      void load();
    },
    destroy() {
      loader.abort();
      clearTimeout(searchTimer);
      document.removeEventListener('keydown', onKey);
    },
  };
};
