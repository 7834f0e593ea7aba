import { ApiError } from '../api.ts';
import type { Context } from '../context.ts';
import { h, whileBusy } from '../dom.ts';
import { formAlert, showFieldErrors, value } from '../forms.ts';
import { icon, type IconName } from '../icons.ts';
import { openModal } from '../modal.ts';
import { toast } from '../toast.ts';
import type { User } from '../types.ts';
import { confirmAction } from './confirm.ts';
import { newPasswordErrors, newPasswordFields } from './password-fields.ts';
import { describeError } from './states.ts';
import { openUserForm } from './user-form.ts';
import { userActions } from './user-rules.ts';

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
    newPasswordFields(),
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
    const errors = newPasswordErrors(form, user.email);
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

function iconButton(
  label: string,
  iconName: IconName,
  action: string,
  onclick: () => void,
  danger = false,
): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: `btn btn-sm ${danger ? 'btn-quiet-danger' : 'btn-quiet'}`,
      title: label,
      'aria-label': label,
      'data-action': action,
      onclick,
    },
    icon(iconName),
  );
}

/** The buttons in a user's row: only those the signed-in user may use. */
export function rowActions(ctx: Context, user: User, done: () => void): HTMLElement {
  const allowed = userActions((p) => ctx.session.can(p), ctx.session.user?.id ?? null, user);
  return h(
    'div',
    { class: 'btn-group', role: 'group', 'aria-label': `Actions for ${user.name}` },
    allowed.edit
      ? iconButton(`Edit ${user.name}`, 'pencil', 'edit', () => openUserForm(ctx, { user, onSaved: done }))
      : null,
    allowed.disable
      ? iconButton(`Disable ${user.name}`, 'slash', 'disable', () => setStatus(ctx, user, 'disabled', done))
      : null,
    allowed.enable
      ? iconButton(`Enable ${user.name}`, 'check', 'enable', () => setStatus(ctx, user, 'active', done))
      : null,
    allowed.delete
      ? iconButton(`Delete ${user.name}`, 'trash', 'delete', () => deleteUser(ctx, user, done), true)
      : null,
  );
}
