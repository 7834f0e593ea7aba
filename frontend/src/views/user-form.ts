import { ApiError, type FieldErrors } from '../api.ts';
import type { Context } from '../context.ts';
import { h, whileBusy } from '../dom.ts';
import {
  clearFieldErrors,
  control,
  formAlert,
  inputField,
  otherErrors,
  selectField,
  showFieldErrors,
  value,
} from '../widgets/forms.ts';
import { nameLabel } from '../format.ts';
import { icon } from '../icons.ts';
import { openModal } from '../widgets/modal.ts';
import { toast } from '../widgets/toast.ts';
import type { User, UserInput } from '../types.ts';
import { describeError } from '../widgets/states.ts';
import {
  assignableRoles,
  changedFields,
  EMAIL_MAX,
  NAME_MAX,
  validateUserInput,
} from '../rules/user-rules.ts';

let counter = 0;

export interface UserFormOptions {
  /** The user to edit; a new user when absent. */
  user?: User;
  onSaved: (user: User) => void;
}

function fields(ctx: Context, user: User | undefined): HTMLElement[] {
  const roles = assignableRoles(ctx.settings.roles, (p) => ctx.session.can(p));
  const self = user !== undefined && user.id === ctx.session.user?.id;
  return [
    inputField({
      label: 'Name',
      name: 'name',
      value: user?.name,
      attrs: { required: true, maxlength: NAME_MAX, autocomplete: 'off' },
    }),
    inputField({
      label: 'E-mail',
      name: 'email',
      type: 'email',
      value: user?.email,
      attrs: { required: true, maxlength: EMAIL_MAX, autocomplete: 'off', spellcheck: 'false' },
    }),
    selectField({
      label: 'Role',
      name: 'role',
      value: user?.role ?? 'viewer',
      choices: roles.map((r) => ({ value: r, label: nameLabel(r) })),
      help: roles.includes('admin') ? undefined : 'Only an admin can make someone an admin.',
    }),
    self
      ? h('div')
      : selectField({
          label: 'Status',
          name: 'status',
          value: user?.status ?? 'active',
          choices: ctx.settings.statuses.map((s) => ({ value: s, label: nameLabel(s) })),
          help: 'A disabled user cannot sign in; their sessions end at once.',
        }),
    user
      ? h('div')
      : inputField({
          label: 'Password (optional)',
          name: 'password',
          type: 'password',
          help: 'Without one the user cannot sign in until an admin sets a password.',
          attrs: { autocomplete: 'new-password', maxlength: ctx.settings.password_policy.max_length },
        }),
  ];
}

function readInput(form: HTMLFormElement, creating: boolean): UserInput {
  const input: UserInput = {
    name: value(form, 'name'),
    email: value(form, 'email'),
    role: value(form, 'role'),
  };
  if (form.elements.namedItem('status')) input.status = value(form, 'status');
  if (creating && value(form, 'password') !== '') input.password = value(form, 'password');
  return input;
}

/** The create and edit dialog: checks as the server would, shows the server's field errors. */
export function openUserForm(ctx: Context, options: UserFormOptions): void {
  let user = options.user;
  const creating = user === undefined;
  const formId = `user-form-${++counter}`;
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h('form', { id: formId, novalidate: true }, problem, fields(ctx, user));
  const submit = h(
    'button',
    { type: 'submit', form: formId, class: 'btn btn-primary' },
    creating ? 'Create user' : 'Save changes',
  );
  const modal = openModal({
    title: creating ? 'New user' : `Edit ${user?.name ?? ''}`,
    body: form,
    footer: [
      h('button', { type: 'button', class: 'btn btn-quiet', 'data-bs-dismiss': 'modal' }, 'Cancel'),
      submit,
    ],
    focus: () => control(form, 'name'),
    backdrop: 'static',
  });

  const check = (input: UserInput): FieldErrors => validateUserInput(input, creating, ctx.settings);
  // Once a field has been marked, it is re-checked as the user types, so the mark goes away when fixed.
  form.addEventListener('input', () => {
    if (!form.querySelector('.is-invalid')) return;
    showFieldErrors(form, check(readInput(form, creating)));
  });

  const reloadUser = async (id: number) => {
    const latest = await ctx.client.getUser(id);
    user = latest;
    for (const name of ['name', 'email', 'role', 'status'] as const) {
      if (form.elements.namedItem(name)) control(form, name).value = latest[name];
    }
    clearFieldErrors(form);
    problem.replaceChildren(
      formAlert('info', 'Showing the latest saved version. Make your changes again and save.'),
    );
    control(form, 'name').focus();
  };

  const showConflict = (id: number) => {
    const reload = h(
      'button',
      { type: 'button', class: 'btn btn-sm btn-warning', 'data-reload': '' },
      icon('arrowClockwise', 'me-1'),
      'Reload user',
    );
    reload.addEventListener(
      'click',
      () =>
        void whileBusy(reload, () =>
          reloadUser(id).catch((e: unknown) =>
            problem.replaceChildren(formAlert('danger', describeError(e))),
          ),
        ),
    );
    problem.replaceChildren(
      formAlert(
        'warning',
        h(
          'p',
          { class: 'mb-2' },
          'Someone else changed this user while you were editing. Reload to see their changes; what you typed here will be replaced.',
        ),
        reload,
      ),
    );
    reload.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.replaceChildren();
    const input = readInput(form, creating);
    const changes = user ? changedFields(user, input) : input;
    const errors = check(changes);
    if (Object.keys(errors).length > 0) {
      showFieldErrors(form, errors)?.focus();
      return;
    }
    clearFieldErrors(form);
    if (user && Object.keys(changes).length === 0) {
      modal.close();
      return;
    }
    void whileBusy(submit, async () => {
      try {
        const saved = user
          ? await ctx.client.updateUser(user.id, changes, user.version)
          : await ctx.client.createUser(changes);
        modal.close();
        toast(creating ? `Created ${saved.name}.` : `Saved ${saved.name}.`);
        options.onSaved(saved);
      } catch (error) {
        if (error instanceof ApiError && error.status === 412 && user) return showConflict(user.id);
        // The API reports a taken address as a 409 conflict; it belongs under the e-mail field.
        if (error instanceof ApiError && error.status === 409 && /e-?mail/i.test(error.message)) {
          showFieldErrors(form, { email: [error.message] })?.focus();
          return;
        }
        if (error instanceof ApiError && error.status === 422) {
          showFieldErrors(form, error.fieldErrors)?.focus();
          const rest = otherErrors(form, error.fieldErrors);
          if (rest.length > 0 || Object.keys(error.fieldErrors).length === 0) {
            problem.replaceChildren(formAlert('danger', error.message, ...rest.map((r) => h('div', {}, r))));
          }
          return;
        }
        problem.replaceChildren(formAlert('danger', describeError(error)));
      }
    });
  });
}
