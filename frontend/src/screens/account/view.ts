import { h } from '../../dom.ts';
import { icon } from '../../icons.ts';
import { NAME_MAX } from '../../rules/user-rules.ts';
import type { Settings, Session, User } from '../../types.ts';
import { roleBadge } from '../../widgets/badges.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { inputField, value } from '../../widgets/forms.ts';
import { newPasswordFields } from '../../widgets/password-fields.ts';
import { card, pageHeading, sectionBody } from '../../widgets/states.ts';
import type { Section } from '../section.ts';
import { sessionAction, sessionsTable } from '../shared/sessions-table.ts';
import type { AccountHandlers, AccountView } from './controller.ts';

class PasswordPanel extends FormPanel {
  reset(): void {
    this.form.reset();
  }
}

/** My account on screen: a profile form, a password form and my sessions. */
export class AccountPage implements AccountView {
  readonly element: HTMLElement;
  readonly profile: FormPanel;
  readonly password: PasswordPanel;
  private readonly sessions = h('div', { 'aria-live': 'polite' });
  private handlers!: AccountHandlers;

  constructor(user: User | null, settings: Settings) {
    this.profile = new FormPanel(
      h('form', { novalidate: true, 'aria-label': 'Profile' }),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save name'),
    );
    this.profile.form.append(
      this.profile.problem,
      inputField({
        label: 'Name',
        name: 'name',
        value: user?.name,
        attrs: { required: true, maxlength: NAME_MAX, autocomplete: 'name' },
      }),
      h(
        'p',
        { class: 'mb-3' },
        'E-mail: ',
        h('span', { class: 'text-break-any' }, user?.email ?? ''),
        ' · Role: ',
        user ? roleBadge(user.role, settings.roles) : null,
      ),
      this.profile.submit,
    );
    this.password = new PasswordPanel(
      h('form', { novalidate: true, 'aria-label': 'Change password' }),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Change password'),
    );
    this.password.form.append(
      this.password.problem,
      inputField({
        label: 'Current password',
        name: 'current_password',
        type: 'password',
        attrs: { autocomplete: 'current-password', required: true },
      }),
      newPasswordFields(settings.password_policy),
      this.password.submit,
    );
    this.element = h(
      'section',
      { style: 'max-width: 48rem' },
      pageHeading('My account'),
      card('Profile', this.profile.form),
      card(
        'Password',
        h('p', { class: 'text-body-secondary' }, 'Changing it signs you out everywhere else.'),
        this.password.form,
      ),
      card('My sessions', this.sessions),
      card(
        'My data',
        h(
          'p',
          { class: 'text-body-secondary' },
          'Everything this system holds about you (profile, role and status history, sessions, the audit ' +
            'events about you), as one JSON file. Never a password or token.',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-outline-primary',
            'data-action': 'download-my-data',
            onclick: () => this.handlers.downloadMyData(),
          },
          icon('download', 'me-1'),
          'Download my data',
        ),
      ),
    );
  }

  bind(handlers: AccountHandlers): void {
    this.handlers = handlers;
    this.profile.form.addEventListener('submit', (event) => {
      event.preventDefault();
      handlers.saveName(value(this.profile.form, 'name'));
    });
    const password = this.password.form;
    password.addEventListener('submit', (event) => {
      event.preventDefault();
      handlers.changePassword({
        current: value(password, 'current_password'),
        next: value(password, 'new_password'),
        repeated: value(password, 'confirm_password'),
      });
    });
  }

  showSessions(state: Section<Session[]>): void {
    sectionBody(this.sessions, state, this.handlers.retrySessions, (sessions) =>
      sessionsTable(
        sessions,
        sessionAction({
          end: (session) => this.handlers.endSession(session.id),
          signOut: () => this.handlers.signOut(),
        }),
      ),
    );
  }
}
