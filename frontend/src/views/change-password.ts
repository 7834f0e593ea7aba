import { ApiError } from '../api.ts';
import type { ViewFactory } from '../context.ts';
import { h, whileBusy } from '../dom.ts';
import { formAlert, inputField, showFieldErrors, value } from '../widgets/forms.ts';
import { safeNext } from '../router.ts';
import { toast } from '../widgets/toast.ts';
import { newPasswordErrors, newPasswordFields } from '../widgets/password-fields.ts';
import { centeredCard, describeError } from '../widgets/states.ts';

/** The forced change: an account flagged `must_change_password` sees only this until it is done. */
export const changePasswordView: ViewFactory = (ctx, _params, query) => {
  const alertArea = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Change password');
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Change password' },
    inputField({
      label: 'Current password',
      name: 'current_password',
      type: 'password',
      attrs: { autocomplete: 'current-password', required: true, autofocus: true },
    }),
    newPasswordFields(ctx.settings.password_policy),
    submit,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    alertArea.replaceChildren();
    const errors = newPasswordErrors(form, ctx.settings.password_policy, ctx.session.user?.email ?? '');
    if (!value(form, 'current_password')) errors.current_password = ['Enter your current password.'];
    if (Object.keys(errors).length > 0) {
      showFieldErrors(form, errors)?.focus();
      return;
    }
    void whileBusy(submit, async () => {
      try {
        await ctx.client.changeMyPassword(value(form, 'current_password'), value(form, 'new_password'));
        toast('Password changed.');
        await ctx.signedIn(safeNext(query.get('next')));
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) {
          showFieldErrors(form, error.fieldErrors)?.focus();
          if (Object.keys(error.fieldErrors).length === 0)
            alertArea.replaceChildren(formAlert('danger', error.message));
          return;
        }
        alertArea.replaceChildren(formAlert('danger', describeError(error)));
      }
    });
  });

  const element = centeredCard(
    'Choose a new password',
    formAlert('info', 'Your account needs a new password before you can go on.'),
    alertArea,
    form,
  );
  return { element, title: 'Change password' };
};
