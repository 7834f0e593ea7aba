import { h } from '../dom.ts';
import { control } from './forms.ts';
import { FormPanel } from './form-panel.ts';
import { openModal, type ModalHandle } from './modal.ts';

let counter = 0;

/** What a form dialog tells its controller: each submit, and each edit as it is typed. */
export interface FormDialogHandlers<I> {
  submit: (input: I) => void;
  edited: (input: I) => void;
}

export interface FormDialogOptions {
  /** Prefix of the form's id, unique per page: `user-form` becomes `user-form-3`. */
  idPrefix: string;
  title: string;
  submitLabel: string;
  fields: Node[];
}

/**
 * A create or edit form in a Bootstrap modal: Cancel and the submit button below it, focus on
 * the name, closed only by Cancel or the controller. Each screen's dialog says what its fields
 * are and how to read them (`input`).
 */
export abstract class FormDialog<I, H extends FormDialogHandlers<I>> extends FormPanel {
  protected readonly modal: ModalHandle;
  protected handlers: H | null = null;

  constructor(options: FormDialogOptions) {
    const formId = `${options.idPrefix}-${++counter}`;
    const submit = h(
      'button',
      { type: 'submit', form: formId, class: 'btn btn-primary' },
      options.submitLabel,
    );
    super(h('form', { id: formId, novalidate: true }), submit);
    this.form.append(this.problem, ...options.fields);
    this.modal = openModal({
      title: options.title,
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

  bind(handlers: H): void {
    this.handlers = handlers;
  }

  close(): void {
    this.modal.close();
  }

  /** What the form holds now, as the controller takes it. */
  protected abstract input(): I;
}
