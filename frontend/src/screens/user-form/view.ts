import { h, whileBusy } from '../../dom.ts';
import { nameLabel } from '../../format.ts';
import { icon } from '../../icons.ts';
import { ADMIN_ROLE, EMAIL_MAX, NAME_MAX } from '../../rules/user-rules.ts';
import type { User, UserInput } from '../../types.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { control, formAlert, inputField, selectField, value } from '../../widgets/forms.ts';
import { openModal, type ModalHandle } from '../../widgets/modal.ts';
import type { UserFormHandlers, UserFormSpec, UserFormView } from './controller.ts';

let counter = 0;

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
export class UserFormDialog extends FormPanel implements UserFormView {
  private readonly modal: ModalHandle;
  private handlers: UserFormHandlers | null = null;

  constructor(private readonly spec: UserFormSpec) {
    const formId = `user-form-${++counter}`;
    const submit = h('button', { type: 'submit', form: formId, class: 'btn btn-primary' }, spec.submitLabel);
    super(h('form', { id: formId, novalidate: true }), submit);
    this.form.append(this.problem, ...fields(spec));
    this.modal = openModal({
      title: spec.title,
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

  bind(handlers: UserFormHandlers): void {
    this.handlers = handlers;
  }

  private input(): UserInput {
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

  showConflict(): void {
    const reload = h(
      'button',
      { type: 'button', class: 'btn btn-sm btn-warning', 'data-reload': '' },
      icon('arrowClockwise', 'me-1'),
      'Reload user',
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
          'Someone else changed this user while you were editing. Reload to see their changes; what you typed here will be replaced.',
        ),
        reload,
      ),
    );
    reload.focus();
  }

  showReloaded(user: User): void {
    for (const name of ['name', 'email', 'role', 'status'] as const) {
      if (this.form.elements.namedItem(name)) control(this.form, name).value = user[name];
    }
    this.problem.replaceChildren(
      formAlert('info', 'Showing the latest saved version. Make your changes again and save.'),
    );
    control(this.form, 'name').focus();
  }

  close(): void {
    this.modal.close();
  }
}
