import { h, whileBusy } from '../../dom.ts';
import { icon } from '../../icons.ts';
import { DESCRIPTION_MAX } from '../../rules/group-rules.ts';
import { NAME_MAX } from '../../rules/user-rules.ts';
import type { Group, GroupInput } from '../../types.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { control, formAlert, inputField, textAreaField, value } from '../../widgets/forms.ts';
import { openModal, type ModalHandle } from '../../widgets/modal.ts';
import type { GroupFormHandlers, GroupFormView } from './controller.ts';

let counter = 0;

/** The create and edit dialog, as a Bootstrap modal. */
export class GroupFormDialog extends FormPanel implements GroupFormView {
  private readonly modal: ModalHandle;
  private handlers: GroupFormHandlers | null = null;

  constructor(group: Group | undefined) {
    const formId = `group-form-${++counter}`;
    const submit = h(
      'button',
      { type: 'submit', form: formId, class: 'btn btn-primary' },
      group ? 'Save changes' : 'Create group',
    );
    super(h('form', { id: formId, novalidate: true }), submit);
    this.form.append(
      this.problem,
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
    );
    this.modal = openModal({
      title: group ? `Edit ${group.name}` : 'New group',
      body: this.form,
      footer: [
        h('button', { type: 'button', class: 'btn btn-quiet', 'data-bs-dismiss': 'modal' }, 'Cancel'),
        submit,
      ],
      focus: () => control(this.form, 'name'),
      backdrop: 'static',
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.handlers?.submit(this.input());
    });
    this.form.addEventListener('input', () => this.handlers?.edited(this.input()));
  }

  bind(handlers: GroupFormHandlers): void {
    this.handlers = handlers;
  }

  private input(): GroupInput {
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

  close(): void {
    this.modal.close();
  }
}
