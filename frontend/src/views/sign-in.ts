import { ApiError } from '../api.ts';
import type { ViewFactory } from '../context.ts';
import { h, whileBusy } from '../dom.ts';
import { formAlert, inputField, showFieldErrors, value } from '../widgets/forms.ts';
import { formatWait } from '../format.ts';
import { safeNext } from '../router.ts';
import { centeredCard, describeError } from '../widgets/states.ts';

/** Sign in with e-mail and password; a lockout says how long to wait and counts down. */
export const signInView: ViewFactory = (ctx, _params, query) => {
  const alertArea = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary w-100' }, 'Sign in');
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Sign in' },
    inputField({
      label: 'E-mail',
      name: 'email',
      type: 'email',
      attrs: { autocomplete: 'username', required: true, autofocus: true, spellcheck: 'false' },
    }),
    inputField({
      label: 'Password',
      name: 'password',
      type: 'password',
      attrs: { autocomplete: 'current-password', required: true },
    }),
    submit,
  );
  let timer: ReturnType<typeof setInterval> | undefined;

  const showLockout = (seconds: number) => {
    const until = Date.now() + seconds * 1000;
    const wait = h('strong');
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(timer);
        submit.disabled = false;
        alertArea.replaceChildren(formAlert('info', 'You can try again now.'));
        return;
      }
      wait.textContent = formatWait(left);
    };
    clearInterval(timer);
    submit.disabled = true;
    // The server's message counts seconds once; this one counts down.
    alertArea.replaceChildren(formAlert('warning', 'Too many sign-in attempts. Try again in ', wait, '.'));
    tick();
    timer = setInterval(tick, 1000);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    alertArea.replaceChildren();
    form.classList.add('was-validated');
    if (!form.checkValidity()) {
      form.querySelector<HTMLInputElement>(':invalid')?.focus();
      return;
    }
    void whileBusy(submit, async () => {
      try {
        const result = await ctx.client.signIn(value(form, 'email').trim(), value(form, 'password'));
        ctx.session.mustChangePassword = result.must_change_password ?? false;
        await ctx.signedIn(safeNext(query.get('next')));
      } catch (error) {
        form.classList.remove('was-validated');
        if (error instanceof ApiError && error.status === 429) {
          showLockout(error.retryAfter ?? 60);
          return;
        }
        if (error instanceof ApiError && error.status === 422) {
          showFieldErrors(form, error.fieldErrors)?.focus();
          return;
        }
        alertArea.replaceChildren(formAlert('danger', describeError(error)));
        const password = form.elements.namedItem('password');
        if (password instanceof HTMLInputElement) {
          password.select();
          password.focus();
        }
      }
    }).finally(() => {
      // A lockout keeps the button disabled until it ends.
      if (timer !== undefined && alertArea.querySelector('.alert-warning')) submit.disabled = true;
    });
  });

  const ended = query.get('ended') === '1';
  const element = centeredCard(
    'Sign in',
    ended ? formAlert('info', 'Your session has ended. Sign in again to continue.') : null,
    alertArea,
    form,
  );
  return { element, title: 'Sign in', destroy: () => clearInterval(timer) };
};
