import { ApiError } from '../api.ts';
import type { Context } from '../context.ts';
import { h, whileBusy } from '../dom.ts';
import { formAlert, showFieldErrors, value } from '../widgets/forms.ts';
import { icon, type IconName } from '../icons.ts';
import { openModal } from '../widgets/modal.ts';
import { toast } from '../widgets/toast.ts';
import type { User } from '../types.ts';
import { confirmAction } from '../widgets/confirm.ts';
import { newPasswordErrors, newPasswordFields } from '../widgets/password-fields.ts';
import { describeError } from '../widgets/states.ts';
import { openUserForm } from './user-form.ts';
import { userActions, type UserActions } from '../rules/user-rules.ts';

/** The things one can do to a user, shared by the users table and the user's own page. */

const who = (user: User) => h('strong', { class: 'text-break-any' }, user.name);

export function deleteUser(ctx: Context, user: User, done: () => void): void {
  confirmAction({
    title: 'Delete user',
    message: ['Delete ', who(user), ` (${user.email})? This cannot be undone.`],
    confirmLabel: 'Delete',
    danger: true,
    run: async () => {
      await ctx.client.deleteUser(user.id, user.version);
      toast(`Deleted ${user.name}.`);
      done();
    },
  });
}

export function setStatus(ctx: Context, user: User, status: User['status'], done: () => void): void {
  const change = async () => {
    await ctx.client.updateUser(user.id, { status }, user.version);
    toast(status === 'active' ? `Enabled ${user.name}.` : `Disabled ${user.name}.`);
    done();
  };
  if (status === 'active') {
    change().catch((error: unknown) => toast(describeError(error), 'danger'));
    return;
  }
  confirmAction({
    title: 'Disable user',
    message: ['Disable ', who(user), '? They are signed out at once and cannot sign in until enabled again.'],
    confirmLabel: 'Disable',
    danger: true,
    run: change,
  });
}

export function endSessions(ctx: Context, user: User, done: () => void): void {
  confirmAction({
    title: 'End sessions',
    message: ['Sign ', who(user), ' out everywhere? Their next request is refused.'],
    confirmLabel: 'End all sessions',
    danger: true,
    run: async () => {
      toast((await ctx.client.endUserSessions(user.id)) ?? `Ended ${user.name}'s sessions.`);
      done();
    },
  });
}

export function setPassword(ctx: Context, user: User): void {
  const formId = `set-password-${user.id}`;
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { id: formId, novalidate: true },
    h(
      'p',
      {},
      'Set a new password for ',
      who(user),
      '. Their sessions end, and they sign in with the new password.',
    ),
    problem,
    newPasswordFields(ctx.settings.password_policy),
  );
  const submit = h('button', { type: 'submit', form: formId, class: 'btn btn-primary' }, 'Set password');
  const modal = openModal({
    title: 'Set password',
    body: form,
    footer: [
      h('button', { type: 'button', class: 'btn btn-quiet', 'data-bs-dismiss': 'modal' }, 'Cancel'),
      submit,
    ],
    focus: () => form.querySelector('input'),
    backdrop: 'static',
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.replaceChildren();
    const errors = newPasswordErrors(form, ctx.settings.password_policy, user.email);
    if (Object.keys(errors).length > 0) {
      showFieldErrors(form, errors)?.focus();
      return;
    }
    void whileBusy(submit, async () => {
      try {
        toast((await ctx.client.setPassword(user.id, value(form, 'new_password'))) ?? 'Password set.');
        modal.close();
      } catch (error) {
        if (error instanceof ApiError && error.fieldErrors.password) {
          showFieldErrors(form, { new_password: error.fieldErrors.password })?.focus();
          return;
        }
        problem.replaceChildren(formAlert('danger', describeError(error)));
      }
    });
  });
}

export function clearLockout(ctx: Context, user: User): void {
  ctx.client
    .clearLockout(user.id)
    .then((message) => toast(message ?? `${user.name} can sign in again.`))
    .catch((error: unknown) => toast(describeError(error), 'danger'));
}

interface Action {
  key: keyof UserActions;
  label: string;
  icon: IconName;
  run: () => void;
  danger?: boolean;
  /** Shown in the users table too, not only on the user's page. */
  inRow?: boolean;
}

function actionsFor(ctx: Context, user: User, done: () => void, deleted: () => void): Action[] {
  return [
    {
      key: 'edit',
      label: 'Edit',
      icon: 'pencil',
      inRow: true,
      run: () => openUserForm(ctx, { user, onSaved: done }),
    },
    {
      key: 'disable',
      label: 'Disable',
      icon: 'slash',
      inRow: true,
      run: () => setStatus(ctx, user, 'disabled', done),
    },
    {
      key: 'enable',
      label: 'Enable',
      icon: 'check',
      inRow: true,
      run: () => setStatus(ctx, user, 'active', done),
    },
    { key: 'setPassword', label: 'Set password', icon: 'key', run: () => setPassword(ctx, user) },
    {
      key: 'endSessions',
      label: 'End sessions',
      icon: 'boxArrowRight',
      run: () => endSessions(ctx, user, done),
    },
    { key: 'clearLockout', label: 'Clear lockout', icon: 'unlock', run: () => clearLockout(ctx, user) },
    {
      key: 'delete',
      label: 'Delete',
      icon: 'trash',
      danger: true,
      inRow: true,
      run: () => deleteUser(ctx, user, deleted),
    },
  ];
}

/** The actions the signed-in user may take on `user`; the server refuses the rest anyway. */
function allowedActions(ctx: Context, user: User, done: () => void, deleted: () => void): Action[] {
  const allowed = userActions((p) => ctx.session.can(p), ctx.session.user?.id ?? null, user);
  return actionsFor(ctx, user, done, deleted).filter((a) => allowed[a.key]);
}

const buttonClass = (a: Action) => `btn btn-sm ${a.danger ? 'btn-quiet-danger' : 'btn-quiet'}`;
const dataAction = (a: Action) => a.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Icon buttons for a row of the users table, each named for screen readers ("Edit Ada"). */
export function rowActions(ctx: Context, user: User, done: () => void): HTMLElement {
  return h(
    'div',
    { class: 'btn-group', role: 'group', 'aria-label': `Actions for ${user.name}` },
    allowedActions(ctx, user, done, done)
      .filter((a) => a.inRow)
      .map((a) => {
        const label = `${a.label} ${user.name}`;
        return h(
          'button',
          {
            type: 'button',
            class: buttonClass(a),
            title: label,
            'aria-label': label,
            'data-action': dataAction(a),
            onclick: a.run,
          },
          icon(a.icon),
        );
      }),
  );
}

/** Labelled buttons for the user's page; deleting the user leaves it through `deleted`. */
export function detailActions(ctx: Context, user: User, done: () => void, deleted: () => void): HTMLElement {
  return h(
    'div',
    { class: 'd-flex flex-wrap gap-2' },
    allowedActions(ctx, user, done, deleted).map((a) =>
      h(
        'button',
        { type: 'button', class: buttonClass(a), 'data-action': dataAction(a), onclick: a.run },
        icon(a.icon, 'me-1'),
        a.label,
      ),
    ),
  );
}
