import { ApiError, type FieldErrors } from '../api.ts';
import type { Context, ViewFactory } from '../context.ts';
import { fill, h, whileBusy } from '../dom.ts';
import { clearFieldErrors, formAlert, inputField, showFieldErrors, value } from '../widgets/forms.ts';
import { toast } from '../widgets/toast.ts';
import type { Session } from '../types.ts';
import { newPasswordErrors, newPasswordFields } from '../widgets/password-fields.ts';
import { sessionsTable } from './user-detail.ts';
import { nameProblem, NAME_MAX } from '../rules/user-rules.ts';
import { describeError, errorState, loadingState, pageHeading } from '../widgets/states.ts';
import { roleBadge } from './users-table.ts';

function card(title: string, ...body: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'card mb-3', 'aria-label': title },
    h('div', { class: 'card-header' }, h('h2', { class: 'h6 mb-0' }, title)),
    h('div', { class: 'card-body' }, ...body),
  );
}

/** Runs a form's submit: stops the page load, shows field errors from the server under fields. */
function onSubmit(
  form: HTMLFormElement,
  problem: HTMLElement,
  check: () => FieldErrors,
  send: () => Promise<void>,
): void {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.replaceChildren();
    const errors = check();
    if (Object.keys(errors).length > 0) {
      showFieldErrors(form, errors)?.focus();
      return;
    }
    clearFieldErrors(form);
    if (!button) return;
    void whileBusy(button, async () => {
      try {
        await send();
      } catch (error) {
        if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0)
          showFieldErrors(form, error.fieldErrors)?.focus();
        else problem.replaceChildren(formAlert('danger', describeError(error)));
      }
    });
  });
}

function profileForm(ctx: Context): HTMLElement {
  const user = ctx.session.user;
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Profile' },
    problem,
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
      user ? roleBadge(user.role, ctx.settings.roles) : null,
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save name'),
  );
  onSubmit(
    form,
    problem,
    (): FieldErrors => {
      const problemText = nameProblem(value(form, 'name'));
      return problemText ? { name: [problemText] } : {};
    },
    async () => {
      await ctx.client.updateMe(value(form, 'name').trim());
      await ctx.reloadMe();
      toast('Name saved.');
    },
  );
  return card('Profile', form);
}

function passwordForm(ctx: Context): HTMLElement {
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Change password' },
    problem,
    inputField({
      label: 'Current password',
      name: 'current_password',
      type: 'password',
      attrs: { autocomplete: 'current-password', required: true },
    }),
    newPasswordFields(ctx.settings.password_policy),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Change password'),
  );
  onSubmit(
    form,
    problem,
    () => {
      const errors = newPasswordErrors(form, ctx.settings.password_policy, ctx.session.user?.email ?? '');
      if (!value(form, 'current_password')) errors.current_password = ['Enter your current password.'];
      return errors;
    },
    async () => {
      const message = await ctx.client.changeMyPassword(
        value(form, 'current_password'),
        value(form, 'new_password'),
      );
      form.reset();
      toast(message ?? 'Password changed. Your other sessions have ended.');
    },
  );
  return card(
    'Password',
    h('p', { class: 'text-body-secondary' }, 'Changing it signs you out everywhere else.'),
    form,
  );
}

function sessionsCard(ctx: Context): HTMLElement {
  const body = h('div', { 'aria-live': 'polite' }, loadingState());
  const endButton = (session: Session) =>
    session.current
      ? h('span', { class: 'small text-body-secondary' }, 'Use Sign out')
      : h(
          'button',
          {
            type: 'button',
            class: 'btn btn-sm btn-quiet-danger',
            'data-action': 'end-session',
            onclick: (event: Event) =>
              void whileBusy(event.currentTarget as HTMLButtonElement, async () => {
                try {
                  await ctx.client.endMySession(session.id);
                  toast('Session ended.');
                  await load();
                } catch (error) {
                  toast(describeError(error), 'danger');
                }
              }),
          },
          'End',
        );
  const load = async () => {
    try {
      fill(body, sessionsTable(await ctx.client.mySessions(), endButton));
    } catch (error) {
      fill(
        body,
        errorState(error, () => void load()),
      );
    }
  };
  void load();
  return card('My sessions', body);
}

/** My account: my name, my password, my sessions. */
export const accountView: ViewFactory = (ctx) => {
  const element = h(
    'section',
    { style: 'max-width: 48rem' },
    pageHeading('My account'),
    profileForm(ctx),
    passwordForm(ctx),
    sessionsCard(ctx),
  );
  return { element, title: 'My account' };
};
