import { h } from '../../dom.ts';
import { FORGOT_PASSWORD } from '../../paths.ts';
import { formatWait } from '../../format.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { formAlert, inputField, value } from '../../widgets/forms.ts';
import { centeredCard } from '../../widgets/states.ts';
import type { SignInView } from './controller.ts';

/** The sign-in page: the browser's own checks first (`was-validated`), then the controller's. */
export class SignInPage extends FormPanel implements SignInView {
  readonly element: HTMLElement;
  private readonly wait = h('strong');
  private locked = false;

  /** `mailOn`: whether the server can mail a reset link (settings); else who to ask instead. */
  constructor(ended: boolean, mailOn: boolean) {
    super(
      h('form', { novalidate: true, 'aria-label': 'Sign in' }),
      h('button', { type: 'submit', class: 'btn btn-primary w-100' }, 'Sign in'),
    );
    this.form.append(
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
      this.submit,
    );
    this.element = centeredCard(
      'Sign in',
      ended ? formAlert('info', 'Your session has ended. Sign in again to continue.') : null,
      this.problem,
      this.form,
      h(
        'p',
        { class: 'mt-3 mb-0 text-center' },
        mailOn
          ? h('a', { href: FORGOT_PASSWORD }, 'Forgot your password?')
          : h(
              'span',
              { class: 'small text-body-secondary' },
              'Forgot your password? Ask an administrator to set a new one.',
            ),
      ),
    );
  }

  bind(handlers: { submit: (email: string, password: string) => void }): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.form.classList.add('was-validated');
      if (!this.form.checkValidity()) {
        this.form.querySelector<HTMLInputElement>(':invalid')?.focus();
        return;
      }
      handlers.submit(value(this.form, 'email'), value(this.form, 'password'));
    });
  }

  override async busy(task: () => Promise<void>): Promise<void> {
    await super.busy(task);
    this.form.classList.remove('was-validated');
    // A lockout keeps the button disabled until it ends.
    this.submit.disabled = this.locked;
  }

  showLockout(secondsLeft: number): void {
    this.wait.textContent = formatWait(secondsLeft);
    if (this.locked) return;
    this.locked = true;
    this.submit.disabled = true;
    // The server's message counts seconds once; this one counts down.
    this.problem.replaceChildren(
      formAlert('warning', 'Too many sign-in attempts. Try again in ', this.wait, '.'),
    );
  }

  lockoutOver(): void {
    this.locked = false;
    this.submit.disabled = false;
    this.problem.replaceChildren(formAlert('info', 'You can try again now.'));
  }

  retryPassword(): void {
    const password = this.form.elements.namedItem('password');
    if (password instanceof HTMLInputElement) {
      password.select();
      password.focus();
    }
  }
}
