import { h } from '../../dom.ts';
import type { PasswordPolicy } from '../../types.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { formAlert, inputField, value } from '../../widgets/forms.ts';
import { newPasswordFields } from '../../widgets/password-fields.ts';
import { centeredCard } from '../../widgets/states.ts';
import type { PasswordChange } from '../account/controller.ts';
import type { ChangePasswordView } from './controller.ts';

export class ChangePasswordPage extends FormPanel implements ChangePasswordView {
  readonly element: HTMLElement;

  constructor(policy: PasswordPolicy) {
    super(
      h('form', { novalidate: true, 'aria-label': 'Change password' }),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Change password'),
    );
    this.form.append(
      inputField({
        label: 'Current password',
        name: 'current_password',
        type: 'password',
        attrs: { autocomplete: 'current-password', required: true, autofocus: true },
      }),
      newPasswordFields(policy),
      this.submit,
    );
    this.element = centeredCard(
      'Choose a new password',
      formAlert('info', 'Your account needs a new password before you can go on.'),
      this.problem,
      this.form,
    );
  }

  bind(handlers: { submit: (change: PasswordChange) => void }): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      handlers.submit({
        current: value(this.form, 'current_password'),
        next: value(this.form, 'new_password'),
        repeated: value(this.form, 'confirm_password'),
      });
    });
  }
}
