import type { FieldErrors } from '../../api.ts';
import { h } from '../../dom.ts';
import type { PasswordPolicy } from '../../types.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { value } from '../../widgets/forms.ts';
import { newPasswordFields } from '../../widgets/password-fields.ts';
import type { FormPort } from '../submit.ts';

/** A new password chosen through a mailed link: what the invitation and reset pages share. */
export interface NewPasswordPort extends FormPort {
  bind(handlers: {
    submit: (next: string, repeated: string) => void;
    typing: (next: string, repeated: string) => void;
  }): void;
}

/** The form: a new password and its repeat, checked against the policy as the person types. */
export class NewPasswordForm extends FormPanel implements NewPasswordPort {
  constructor(policy: PasswordPolicy, label: string, button: string) {
    super(
      h('form', { novalidate: true, 'aria-label': label }),
      h('button', { type: 'submit', class: 'btn btn-primary w-100' }, button),
    );
    this.form.append(newPasswordFields(policy), this.submit);
  }

  bind(handlers: {
    submit: (next: string, repeated: string) => void;
    typing: (next: string, repeated: string) => void;
  }): void {
    const read = () => [value(this.form, 'new_password'), value(this.form, 'confirm_password')] as const;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      handlers.submit(...read());
    });
    this.form.addEventListener('input', () => handlers.typing(...read()));
  }
}

/** The server names the field `password`; the form calls it `new_password`. */
export function asFormErrors(errors: FieldErrors): FieldErrors {
  const { password, ...rest } = errors;
  return password ? { ...rest, new_password: password } : rest;
}
