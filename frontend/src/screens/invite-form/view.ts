import { nameLabel } from '../../format.ts';
import { ADMIN_ROLE, EMAIL_MAX, NAME_MAX } from '../../rules/user-rules.ts';
import { FormDialog } from '../../widgets/form-dialog.ts';
import { inputField, selectField, value } from '../../widgets/forms.ts';
import type { InviteFormHandlers, InviteFormView, InviteInput } from './controller.ts';

/** The invite dialog: name, e-mail and role; the invitee chooses their own password. */
export class InviteFormDialog extends FormDialog<InviteInput, InviteFormHandlers> implements InviteFormView {
  constructor(roles: string[]) {
    super({
      idPrefix: 'invite-form',
      title: 'Invite a user',
      submitLabel: 'Send invitation',
      fields: [
        inputField({
          label: 'Name',
          name: 'name',
          attrs: { required: true, maxlength: NAME_MAX, autocomplete: 'off' },
        }),
        inputField({
          label: 'E-mail',
          name: 'email',
          type: 'email',
          help: 'A link to choose a password is mailed here; it works once, for a limited time.',
          attrs: { required: true, maxlength: EMAIL_MAX, autocomplete: 'off', spellcheck: 'false' },
        }),
        selectField({
          label: 'Role',
          name: 'role',
          value: roles.at(-1),
          choices: roles.map((r) => ({ value: r, label: nameLabel(r) })),
          help: roles.includes(ADMIN_ROLE) ? undefined : 'Only an admin can invite an admin.',
        }),
      ],
    });
  }

  protected input(): InviteInput {
    return {
      name: value(this.form, 'name'),
      email: value(this.form, 'email'),
      role: value(this.form, 'role'),
    };
  }
}
