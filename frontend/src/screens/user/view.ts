import { fill, h, type Child } from '../../dom.ts';
import { formatDateTime } from '../../format.ts';
import { icon } from '../../icons.ts';
import { groupPath, HOME } from '../../paths.ts';
import { INVITED } from '../../rules/user-rules.ts';
import type { Credentials, Group, Page, Session, User } from '../../types.ts';
import { roleBadge, statusBadge } from '../../widgets/badges.ts';
import { card, errorState, loadingState, pageHeading, sectionBody } from '../../widgets/states.ts';
import { eventsTable } from '../shared/events-table.ts';
import { sessionAction, sessionsTable } from '../shared/sessions-table.ts';
import type { UserActionKey } from '../user-actions/controller.ts';
import { detailActions } from '../user-actions/view.ts';
import type { Section } from '../section.ts';
import type { Activity, UserHandlers, UserSections, UserView } from './controller.ts';

/** Whether the user can sign in: a password or none, and a lockout with where it was read. */
function signIn(credentials: Credentials): Child[] {
  const password = credentials.has_password
    ? 'Has a password'
    : h('span', { class: 'text-warning-emphasis' }, 'No password: cannot sign in until one is set');
  const until = credentials.locked_until;
  const lock = until
    ? [
        h(
          'span',
          { class: 'text-danger-emphasis fw-semibold', 'data-locked': '' },
          `Locked after wrong passwords until ${formatDateTime(until)}`,
        ),
        h('div', { class: 'small text-body-secondary' }, LOCK_SOURCE[credentials.lockout_store]),
      ]
    : 'Not locked';
  return [password, lock];
}

// The lock state is only as wide as the store it is read from.
const LOCK_SOURCE: Record<Credentials['lockout_store'], string> = {
  redis: 'Lock state read from Redis, which every server of this deployment shares.',
  memory: "Lock state read from this server's memory: with several server processes, each counts on its own.",
};

/** Whether the address is proven to be the user's (docs/email.md); absent when the server does not say. */
function verification(user: User): Child {
  if (user.email_verified_at === undefined) return null;
  if (user.email_verified_at !== null) return `Verified ${formatDateTime(user.email_verified_at)}`;
  return h(
    'span',
    { class: 'text-warning-emphasis', 'data-unverified': '' },
    user.status === INVITED ? 'Not verified: accepting the invitation verifies it' : 'Not verified',
  );
}

function profile(user: User, credentials: Credentials | null, roles: readonly string[]): HTMLElement {
  const row = (term: string, detail: Child) => [
    h('dt', { class: 'col-sm-4 col-lg-3' }, term),
    h('dd', { class: 'col-sm-8 col-lg-9 text-break-any' }, detail),
  ];
  const [password, lock] = credentials ? signIn(credentials) : [null, null];
  return h(
    'dl',
    { class: 'row mb-0' },
    row('E-mail', user.email),
    user.email_verified_at === undefined ? null : row('Address', verification(user)),
    row('Role', roleBadge(user.role, roles)),
    row('Status', statusBadge(user.status)),
    credentials ? row('Password', password) : null,
    credentials ? row('Lockout', lock) : null,
    row('Created', formatDateTime(user.created_at)),
    row('Updated', formatDateTime(user.updated_at)),
    row('Last sign-in', user.last_login_at ? formatDateTime(user.last_login_at) : 'Never'),
    row('Id', String(user.id)),
  );
}

/** The user's page on screen. */
export class UserPage implements UserView {
  readonly element = h('section', {});
  private readonly sessions = h('div', { 'aria-live': 'polite' });
  private readonly activity = h('div', { 'aria-live': 'polite' });
  private readonly groups = h('div', { 'aria-live': 'polite' });
  private handlers!: UserHandlers;

  constructor(
    private readonly roles: readonly string[],
    private readonly targetPath: (type: string | null, id: string | null) => string | null,
  ) {}

  bind(handlers: UserHandlers): void {
    this.handlers = handlers;
  }

  private back(): HTMLElement {
    return h('a', { href: HOME, class: 'btn btn-link px-0 mb-2' }, icon('chevronLeft', 'me-1'), 'Users');
  }

  showLoading(): void {
    fill(this.element, this.back(), loadingState('Loading user…'));
  }

  showError(error: unknown): void {
    fill(this.element, this.back(), pageHeading('User'), errorState(error, this.handlers.retry));
  }

  showUser(
    user: User,
    credentials: Credentials | null,
    actions: UserActionKey[],
    sections: UserSections,
  ): void {
    fill(
      this.element,
      this.back(),
      pageHeading(user.name),
      h('div', { class: 'mb-3' }, detailActions(actions, this.handlers.act)),
      card('Profile', profile(user, credentials, this.roles)),
      sections.groups ? card('Groups', this.groups) : null,
      sections.sessions ? card('Sessions', this.sessions) : null,
      sections.activity ? card('Recent activity', this.activity) : null,
    );
    this.element.dataset.loaded = 'true';
  }

  showSessions(state: Section<Session[]>): void {
    sectionBody(this.sessions, state, this.handlers.retrySessions, (sessions) =>
      sessionsTable(
        sessions,
        sessionAction({ end: this.handlers.endSession, signOut: this.handlers.signOut }),
      ),
    );
  }

  showGroups(state: Section<Page<Group>>): void {
    sectionBody(this.groups, state, this.handlers.retryGroups, ({ items, meta }) =>
      items.length === 0
        ? h('p', { class: 'text-body-secondary mb-0' }, 'Not in any group.')
        : [
            h(
              'ul',
              { class: 'list-inline mb-0', 'data-groups': '' },
              items.map((group) =>
                h(
                  'li',
                  { class: 'list-inline-item' },
                  h('a', { href: groupPath(group.id), 'data-id': group.id }, group.name),
                ),
              ),
            ),
            meta.total > items.length
              ? h(
                  'p',
                  { class: 'small text-body-secondary mt-2 mb-0' },
                  `The first ${items.length} of ${meta.total}.`,
                )
              : null,
          ],
    );
  }

  showActivity(state: Section<Activity>): void {
    sectionBody(this.activity, state, this.handlers.retryActivity, ({ events, catalog, allHref, byHref }) => [
      events.length === 0
        ? h('p', { class: 'text-body-secondary mb-0' }, 'No events about this user yet.')
        : eventsTable({ catalog, events, targetPath: this.targetPath, showTarget: false }),
      // The whole log for this user, either way round.
      h(
        'div',
        { class: 'd-flex flex-wrap gap-3 mt-2' },
        h('a', { href: allHref }, 'All events about this user'),
        byHref ? h('a', { href: byHref }, 'Everything this user did') : null,
      ),
    ]);
  }
}
