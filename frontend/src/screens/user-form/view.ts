import { h } from '../../dom.ts';
import { nameLabel } from '../../format.ts';
import {
  ADMIN_ROLE,
  EMAIL_MAX,
  NAME_MAX,
  type EditedField,
  type RebasedEdit,
} from '../../rules/user-rules.ts';
import type { UserInput } from '../../types.ts';
import { FormDialog } from '../../widgets/form-dialog.ts';
import { control, formAlert, inputField, selectField, value } from '../../widgets/forms.ts';
import type { UserFormHandlers, UserFormSpec, UserFormView } from './controller.ts';

const LABELS: Record<EditedField, string> = { name: 'Name', email: 'E-mail', role: 'Role', status: 'Status' };

function fields(spec: UserFormSpec): HTMLElement[] {
  const { user } = spec;
  return [
    inputField({
      label: 'Name',
      name: 'name',
      value: user?.name,
      attrs: { required: true, maxlength: NAME_MAX, autocomplete: 'off' },
    }),
    inputField({
      label: 'E-mail',
      name: 'email',
      type: 'email',
      value: user?.email,
      attrs: { required: true, maxlength: EMAIL_MAX, autocomplete: 'off', spellcheck: 'false' },
    }),
    selectField({
      label: 'Role',
      name: 'role',
      // A new user gets the lowest role unless someone picks another.
      value: user?.role ?? spec.roles.at(-1),
      choices: spec.roles.map((r) => ({ value: r, label: nameLabel(r) })),
      help: spec.roles.includes(ADMIN_ROLE) ? undefined : 'Only an admin can make someone an admin.',
    }),
    spec.statuses
      ? selectField({
          label: 'Status',
          name: 'status',
          value: user?.status ?? spec.statuses[0],
          choices: spec.statuses.map((s) => ({ value: s, label: nameLabel(s) })),
          help: 'A disabled user cannot sign in; their sessions end at once.',
        })
      : h('div'),
    spec.password
      ? inputField({
          label: 'Password (optional)',
          name: 'password',
          type: 'password',
          help: 'Without one the user cannot sign in until an admin sets a password.',
          attrs: { autocomplete: 'new-password', maxlength: spec.password.max_length },
        })
      : h('div'),
  ];
}

/** The create and edit dialog, as a Bootstrap modal. */
export class UserFormDialog extends FormDialog<UserInput, UserFormHandlers> implements UserFormView {
  constructor(private readonly spec: UserFormSpec) {
    super({ idPrefix: 'user-form', title: spec.title, submitLabel: spec.submitLabel, fields: fields(spec) });
  }

  protected input(): UserInput {
    const form = this.form;
    const input: UserInput = {
      name: value(form, 'name'),
      email: value(form, 'email'),
      role: value(form, 'role'),
    };
    if (this.spec.statuses) input.status = value(form, 'status');
    if (this.spec.password && value(form, 'password') !== '') input.password = value(form, 'password');
    return input;
  }

  showConflict({ values, taken, conflicts }: RebasedEdit): void {
    for (const note of this.form.querySelectorAll('[data-theirs-for]')) this.forget(note);
    for (const { field } of taken) control(this.form, field).value = values[field] ?? '';
    const names = (fields: { field: EditedField }[]) => fields.map(({ field }) => LABELS[field]).join(', ');
    this.problem.replaceChildren(
      formAlert(
        'warning',
        h('p', { class: 'fw-semibold mb-1' }, 'Someone else saved this user while you were editing.'),
        taken.length > 0
          ? h(
              'p',
              { class: 'mb-1' },
              `Their changes to what you had left alone are in the form: ${names(taken)}.`,
            )
          : null,
        h(
          'p',
          { class: 'mb-0' },
          conflicts.length > 0
            ? `You both changed ${names(conflicts)}: what you typed is kept, and theirs is shown under it. Save to keep yours, or use theirs.`
            : 'What you typed is kept. Save again to apply it.',
        ),
      ),
    );
    for (const conflict of conflicts) this.showTheirs(conflict.field, conflict.theirs);
    // On to the first field to decide, else straight to Save.
    (conflicts[0] ? control(this.form, conflicts[0].field) : this.submit).focus();
  }

  /** Under a field both changed: the value the other person saved, and a way to take it. */
  private showTheirs(field: EditedField, theirs: string): void {
    const input = control(this.form, field);
    const id = `${input.id}-theirs`;
    const shown = field === 'role' || field === 'status' ? nameLabel(theirs) : theirs;
    const note = h(
      'div',
      { class: 'form-text text-warning-emphasis text-break-any', id, 'data-theirs-for': field },
      'Saved meanwhile by someone else: ',
      h('strong', {}, shown),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-link btn-sm p-0 align-baseline',
          onclick: () => {
            input.value = theirs;
            this.forget(note);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            input.focus();
          },
        },
        `Use theirs (${LABELS[field]})`,
      ),
    );
    input.closest('.mb-3')?.append(note);
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
  }

  private forget(note: Element): void {
    const input = control(this.form, note.getAttribute('data-theirs-for') ?? '');
    const left = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id !== note.id);
    input.setAttribute('aria-describedby', left.join(' '));
    note.remove();
  }
}
