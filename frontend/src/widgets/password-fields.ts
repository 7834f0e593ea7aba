import type { FieldErrors } from '../api.ts';
import { h } from '../dom.ts';
import { inputField, value } from './forms.ts';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '../rules/user-rules.ts';

/** A new password and its confirmation, with the policy spelled out under the first. */
export function newPasswordFields(label = 'New password'): HTMLElement {
  return h(
    'div',
    {},
    inputField({
      label,
      name: 'new_password',
      type: 'password',
      help: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase of a few words works well; common passwords and repeated characters are refused.`,
      attrs: {
        autocomplete: 'new-password',
        required: true,
        minlength: PASSWORD_MIN,
        maxlength: PASSWORD_MAX,
      },
    }),
    inputField({
      label: 'Repeat the new password',
      name: 'confirm_password',
      type: 'password',
      attrs: { autocomplete: 'new-password', required: true },
    }),
  );
}

/** Problems with the two fields above, in the API's `errors` shape. */
export function newPasswordErrors(form: HTMLFormElement, email: string): FieldErrors {
  const password = value(form, 'new_password');
  const problem = passwordProblem(password, email);
  if (problem) return { new_password: [problem] };
  if (value(form, 'confirm_password') !== password)
    return { confirm_password: ['The two passwords differ.'] };
  return {};
}
