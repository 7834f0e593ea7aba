import { h, whileBusy } from '../../dom.ts';
import { icon } from '../../icons.ts';
import { DESCRIPTION_MAX } from '../../rules/group-rules.ts';
import { NAME_MAX } from '../../rules/user-rules.ts';
import type { Group, GroupInput } from '../../types.ts';
import { FormDialog } from '../../widgets/form-dialog.ts';
import { control, formAlert, inputField, textAreaField, value } from '../../widgets/forms.ts';
import type { GroupFormHandlers, GroupFormView } from './controller.ts';

/** The create and edit dialog, as a Bootstrap modal. */
export class GroupFormDialog extends FormDialog<GroupInput, GroupFormHandlers> implements GroupFormView {
  constructor(group: Group | undefined) {
    super({
      idPrefix: 'group-form',
      title: group ? `Edit ${group.name}` : 'New group',
      submitLabel: group ? 'Save changes' : 'Create group',
      fields: [
        inputField({
          label: 'Name',
          name: 'name',
          value: group?.name,
          help: 'Unique, whatever the case: "Editors" and "EDITORS" are one name.',
          attrs: { required: true, maxlength: NAME_MAX, autocomplete: 'off' },
        }),
        textAreaField({
          label: 'Description (optional)',
          name: 'description',
          value: group?.description ?? '',
          attrs: { maxlength: DESCRIPTION_MAX },
        }),
      ],
    });
  }

  protected input(): GroupInput {
    return { name: value(this.form, 'name'), description: value(this.form, 'description') };
  }

  showConflict(): void {
    const reload = h(
      'button',
      { type: 'button', class: 'btn btn-sm btn-warning', 'data-reload': '' },
      icon('arrowClockwise', 'me-1'),
      'Reload group',
    );
    reload.addEventListener('click', () => {
      if (this.handlers) void whileBusy(reload, this.handlers.reload);
    });
    this.problem.replaceChildren(
      formAlert(
        'warning',
        h(
          'p',
          { class: 'mb-2' },
          'Someone else changed this group while you were editing. Reload to see their changes; what you typed here will be replaced.',
        ),
        reload,
      ),
    );
    reload.focus();
  }

  showReloaded(group: Group): void {
    control(this.form, 'name').value = group.name;
    control(this.form, 'description').value = group.description ?? '';
    this.problem.replaceChildren(
      formAlert('info', 'Showing the latest saved version. Make your changes again and save.'),
    );
    control(this.form, 'name').focus();
  }
}
