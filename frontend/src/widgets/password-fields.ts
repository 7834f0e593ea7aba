import { h } from '../dom.ts';
import type { PasswordPolicy } from '../types.ts';
import { inputField } from './forms.ts';

/** A new password and its confirmation, with the policy spelled out under the first. */
export function newPasswordFields(policy: PasswordPolicy, label = 'New password'): HTMLElement {
  const { min_length: min, max_length: max } = policy;
  return h(
    'div',
    {},
    inputField({
      label,
      name: 'new_password',
      type: 'password',
      help: `${min} to ${max} characters. A passphrase of a few words works well; common passwords and repeated characters are refused.`,
      attrs: {
        autocomplete: 'new-password',
        required: true,
        minlength: min,
        maxlength: max,
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
