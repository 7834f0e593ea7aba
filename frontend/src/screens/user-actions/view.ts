import { h, type Child } from '../../dom.ts';
import { describeError } from '../../format.ts';
import { icon, type IconName } from '../../icons.ts';
import type { User } from '../../types.ts';
import { confirmAction } from '../../widgets/confirm.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { value } from '../../widgets/forms.ts';
import { openModal } from '../../widgets/modal.ts';
import { newPasswordFields } from '../../widgets/password-fields.ts';
import type { Context } from '../../context.ts';
import { openInviteForm } from '../invite-form/index.ts';
import { openUserForm } from '../user-form/index.ts';
import type { Question, UserActionKey, UserDialogs } from './controller.ts';

/** How each action looks: its words, its icon, and whether the users table shows it in a row. */
const LOOKS: Record<UserActionKey, { label: string; icon: IconName; danger?: boolean; inRow?: boolean }> = {
  edit: { label: 'Edit', icon: 'pencil', inRow: true },
  disable: { label: 'Disable', icon: 'slash', inRow: true },
  enable: { label: 'Enable', icon: 'check', inRow: true },
  setPassword: { label: 'Set password', icon: 'key' },
  endSessions: { label: 'End sessions', icon: 'boxArrowRight' },
  clearLockout: { label: 'Clear lockout', icon: 'unlock' },
  resendInvitation: { label: 'Send invitation again', icon: 'envelope' },
  revokeInvitation: { label: 'Revoke invitation', icon: 'xCircle', danger: true },
  sendVerification: { label: 'Send verification mail', icon: 'envelope' },
  delete: { label: 'Delete', icon: 'trash', danger: true, inRow: true },
};

const buttonClass = (key: UserActionKey) =>
  `btn btn-sm ${LOOKS[key].danger ? 'btn-quiet-danger' : 'btn-quiet'}`;
/** `setPassword` → `set-password`, the `data-action` the tests find buttons by. */
const dataAction = (key: UserActionKey) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Whether any of `keys` shows in a table row (the users list leaves out an empty column). */
export function hasRowActions(keys: UserActionKey[]): boolean {
  return keys.some((key) => LOOKS[key].inRow);
}

/** Icon buttons for a row of the users table, each named for screen readers ("Edit Ada"). */
export function rowActions(
  user: User,
  keys: UserActionKey[],
  act: (key: UserActionKey) => void,
): HTMLElement {
  return h(
    'div',
    { class: 'btn-group', role: 'group', 'aria-label': `Actions for ${user.name}` },
    keys
      .filter((key) => LOOKS[key].inRow)
      .map((key) => {
        const label = `${LOOKS[key].label} ${user.name}`;
        return h(
          'button',
          {
            type: 'button',
            class: buttonClass(key),
            title: label,
            'aria-label': label,
            'data-action': dataAction(key),
            onclick: () => act(key),
          },
          icon(LOOKS[key].icon),
        );
      }),
  );
}

/** Labelled buttons for the user's page. */
export function detailActions(keys: UserActionKey[], act: (key: UserActionKey) => void): HTMLElement {
  return h(
    'div',
    { class: 'd-flex flex-wrap gap-2' },
    keys.map((key) =>
      h(
        'button',
        { type: 'button', class: buttonClass(key), 'data-action': dataAction(key), onclick: () => act(key) },
        icon(LOOKS[key].icon, 'me-1'),
        LOOKS[key].label,
      ),
    ),
  );
}

const who = (user: User) => h('strong', { class: 'text-break-any' }, user.name);

const QUESTIONS: Record<Question, (user: User) => { title: string; message: Child; confirmLabel: string }> = {
  delete: (user) => ({
    title: 'Delete user',
    message: ['Delete ', who(user), ` (${user.email})? This cannot be undone.`],
    confirmLabel: 'Delete',
  }),
  disable: (user) => ({
    title: 'Disable user',
    message: ['Disable ', who(user), '? They are signed out at once and cannot sign in until enabled again.'],
    confirmLabel: 'Disable',
  }),
  revokeInvitation: (user) => ({
    title: 'Revoke invitation',
    message: [
      'Revoke the invitation of ',
      who(user),
      ` (${user.email})? The link in their mail stops working; the account stays, invited, until you send a new one or delete it.`,
    ],
    confirmLabel: 'Revoke',
  }),
  endSessions: (user) => ({
    title: 'End sessions',
    message: ['Sign ', who(user), ' out everywhere? Their next request is refused.'],
    confirmLabel: 'End all sessions',
  }),
};

/** The dialogs of the user actions, as Bootstrap modals. */
export function userDialogs(ctx: Context): UserDialogs {
  return {
    confirm(question, user, run) {
      confirmAction({ ...QUESTIONS[question](user), danger: true, run });
    },
    editUser(user, saved) {
      openUserForm(ctx, user, saved);
    },
    invite(saved) {
      openInviteForm(ctx, saved);
    },
    setPassword(user, submit) {
      const formId = `set-password-${user.id}`;
      const button = h('button', { type: 'submit', form: formId, class: 'btn btn-primary' }, 'Set password');
      const form = h('form', { id: formId, novalidate: true });
      const panel = new FormPanel(form, button);
      form.append(
        h(
          'p',
          {},
          'Set a new password for ',
          who(user),
          '. Their sessions end, and they sign in with the new password.',
        ),
        panel.problem,
        newPasswordFields(ctx.settings.password_policy),
      );
      const modal = openModal({
        title: 'Set password',
        body: form,
        footer: [
          h('button', { type: 'button', class: 'btn btn-quiet', 'data-bs-dismiss': 'modal' }, 'Cancel'),
          button,
        ],
        focus: () => form.querySelector('input'),
        backdrop: 'static',
      });
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        panel.clearProblem();
        void panel.busy(async () => {
          try {
            const errors = await submit(value(form, 'new_password'), value(form, 'confirm_password'));
            if (errors) panel.showErrors(errors);
            else modal.close();
          } catch (error) {
            panel.showProblem(describeError(error));
          }
        });
      });
    },
  };
}
