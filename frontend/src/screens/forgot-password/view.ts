import { h } from '../../dom.ts';
import { SIGN_IN } from '../../paths.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { formAlert, inputField, value } from '../../widgets/forms.ts';
import { centeredCard } from '../../widgets/states.ts';
import type { ForgotPasswordView } from './controller.ts';

export class ForgotPasswordPage extends FormPanel implements ForgotPasswordView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor() {
    super(
      h('form', { novalidate: true, 'aria-label': 'Ask for a password reset link' }),
      h('button', { type: 'submit', class: 'btn btn-primary w-100' }, 'Send me a link'),
    );
    this.form.append(
      inputField({
        label: 'E-mail',
        name: 'email',
        type: 'email',
        attrs: { autocomplete: 'username', required: true, autofocus: true, spellcheck: 'false' },
      }),
      this.submit,
    );
    this.body = h(
      'div',
      {},
      h('p', {}, 'Give the address of your account; a link to choose a new password will be mailed to it.'),
      this.problem,
      this.form,
      h('p', { class: 'mt-3 mb-0' }, h('a', { href: SIGN_IN }, 'Back to sign-in')),
    );
    this.element = centeredCard('Forgot your password?', this.body);
  }

  bind(handlers: { submit: (email: string) => void }): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.form.classList.add('was-validated');
      if (!this.form.checkValidity()) {
        this.form.querySelector<HTMLInputElement>(':invalid')?.focus();
        return;
      }
      handlers.submit(value(this.form, 'email'));
    });
  }

  showSent(message: string): void {
    this.body.replaceChildren(
      formAlert('info', message),
      h('a', { href: SIGN_IN, class: 'btn btn-outline-primary' }, 'Back to sign-in'),
    );
  }
}
