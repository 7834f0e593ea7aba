import { ApiError, isAbort } from '../api.ts';
import type { ViewFactory } from '../context.ts';
import { fill, h, scrollingTable, type Child } from '../dom.ts';
import { formatDateTime } from '../format.ts';
import { icon } from '../icons.ts';
import type { Session, User } from '../types.ts';
import { auditTable } from './audit-list.ts';
import { detailActions } from './user-actions.ts';
import { userActions } from '../rules/user-rules.ts';
import { errorState, loadingState, pageHeading } from '../widgets/states.ts';
import { roleBadge, statusBadge, timeText } from './users-table.ts';

function card(title: string, ...body: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'card mb-3', 'aria-label': title },
    h('div', { class: 'card-header' }, h('h2', { class: 'h6 mb-0' }, title)),
    h('div', { class: 'card-body' }, ...body),
  );
}

function profile(user: User, roles: readonly string[]): HTMLElement {
  const row = (term: string, detail: Child) => [
    h('dt', { class: 'col-sm-4 col-lg-3' }, term),
    h('dd', { class: 'col-sm-8 col-lg-9 text-break-any' }, detail),
  ];
  return h(
    'dl',
    { class: 'row mb-0' },
    row('E-mail', user.email),
    row('Role', roleBadge(user.role, roles)),
    row('Status', statusBadge(user.status)),
    row('Created', formatDateTime(user.created_at)),
    row('Updated', formatDateTime(user.updated_at)),
    row('Last sign-in', user.last_login_at ? formatDateTime(user.last_login_at) : 'Never'),
    row('Id', String(user.id)),
  );
}

export function sessionsTable(sessions: Session[], end?: (session: Session) => Child): HTMLElement {
  if (sessions.length === 0) return h('p', { class: 'text-body-secondary mb-0' }, 'No active sessions.');
  return scrollingTable(
    'Sessions',
    h(
      'table',
      { class: 'table table-sm align-middle mb-0' },
      h('caption', { class: 'visually-hidden' }, 'Sessions'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Started', 'Last used', 'From', 'Browser', end ? 'Actions' : null].map((c) =>
            c ? h('th', { scope: 'col' }, c) : null,
          ),
        ),
      ),
      h(
        'tbody',
        {},
        sessions.map((s) =>
          h(
            'tr',
            { 'data-id': String(s.id) },
            h(
              'td',
              { class: 'text-nowrap' },
              timeText(s.created_at),
              s.current ? h('span', { class: 'badge text-bg-info ms-2' }, 'This browser') : null,
            ),
            h('td', { class: 'text-nowrap' }, timeText(s.last_used_at)),
            h('td', {}, s.ip ?? ''),
            h('td', { class: 'small text-break-any' }, s.user_agent ?? ''),
            end ? h('td', {}, end(s)) : null,
          ),
        ),
      ),
    ),
  );
}

/** Loads one section on its own, so a failure in one leaves the others on screen. */
function section(title: string, signal: AbortSignal, load: () => Promise<Child>): HTMLElement {
  const body = h('div', { 'aria-live': 'polite' }, loadingState());
  const run = () => {
    fill(body, loadingState());
    load()
      .then((content) => fill(body, content))
      .catch((error: unknown) => {
        if (!isAbort(error) && !signal.aborted) fill(body, errorState(error, run));
      });
  };
  run();
  return card(title, body);
}

/** One user: profile, what one may do, their sessions and the latest audit events about them. */
export const userDetailView: ViewFactory = (ctx, params) => {
  const id = Number(params.id);
  const element = h('section', {});
  const view = { element, title: 'User', destroy: () => controller.abort() };
  let controller = new AbortController();

  const load = async () => {
    controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    const back = h(
      'a',
      { href: '/console/users', class: 'btn btn-link px-0 mb-2' },
      icon('chevronLeft', 'me-1'),
      'Users',
    );
    fill(element, back, loadingState('Loading user…'));
    try {
      if (!Number.isInteger(id) || id < 1) throw new ApiError(404, 'not_found', 'There is no such user.');
      const user = await ctx.client.getUser(id, signal);
      view.title = user.name;
      document.title = `${user.name} · User Management`;
      const allowed = userActions((p) => ctx.session.can(p), ctx.session.user?.id ?? null, user);
      fill(
        element,
        back,
        pageHeading(user.name),
        h(
          'div',
          { class: 'mb-3' },
          detailActions(
            ctx,
            user,
            () => void load(),
            () => ctx.go('/console/users'),
          ),
        ),
        card('Profile', profile(user, ctx.settings.roles)),
        allowed.viewSessions
          ? section('Sessions', signal, async () => sessionsTable(await ctx.client.userSessions(id, signal)))
          : null,
        allowed.viewAudit
          ? section('Recent activity', signal, async () => {
              const [catalog, page] = await Promise.all([
                ctx.auditCatalog(),
                ctx.client.listAudit({ target_type: 'user', target_id: String(id), per_page: 10 }, signal),
              ]);
              if (page.items.length === 0)
                return h('p', { class: 'text-body-secondary mb-0' }, 'No events yet.');
              return [
                auditTable(catalog, page.items, { showTarget: false }),
                h(
                  'a',
                  { class: 'd-inline-block mt-2', href: `/console/audit?target_id=${id}` },
                  'All events about this user',
                ),
              ];
            })
          : null,
      );
      element.dataset.loaded = 'true';
    } catch (error) {
      if (isAbort(error) || signal.aborted) return;
      fill(
        element,
        back,
        pageHeading('User'),
        errorState(error, () => void load()),
      );
    }
  };
  void load();
  return view;
};
