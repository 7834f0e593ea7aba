import { h } from '../../dom.ts';
import { FORGOT_PASSWORD } from '../../paths.ts';
import type { PasswordPolicy } from '../../types.ts';
import { formAlert } from '../../widgets/forms.ts';
import { centeredCard } from '../../widgets/states.ts';
import { NewPasswordForm } from '../shared/new-password-form.ts';
import type { ResetPasswordView } from './controller.ts';

export class ResetPasswordPage extends NewPasswordForm implements ResetPasswordView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(policy: PasswordPolicy) {
    super(policy, 'Choose a new password', 'Set the new password');
    this.body = h(
      'div',
      {},
      h('p', {}, 'Choose a new password. You will be signed out everywhere, then sign in with it.'),
      this.problem,
      this.form,
    );
    this.element = centeredCard('Reset your password', this.body);
  }

  showEnded(message: string): void {
    this.body.replaceChildren(
      formAlert('warning', message),
      h('a', { href: FORGOT_PASSWORD, class: 'btn btn-outline-primary' }, 'Ask for a new link'),
    );
  }
}
