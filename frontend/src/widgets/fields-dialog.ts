import type { FieldErrors } from '../api.ts';
import { h, type Child } from '../dom.ts';
import { describeError } from '../format.ts';
import { FormPanel } from './form-panel.ts';
import { openModal } from './modal.ts';

let counter = 0;

/**
 * A one-off question with fields in a Bootstrap modal (set a password, confirm an erasure): the
 * intro, the fields, Cancel and the submit button. `submit` reads the form and answers the field
 * errors to show (the dialog stays) or null (it closes); anything it throws shows above the
 * fields. Closed only by Cancel or a successful submit.
 */
export function openFieldsDialog(options: {
  title: string;
  submitLabel: string;
  danger?: boolean;
  intro: Child;
  fields: Node[];
  submit: (form: HTMLFormElement) => Promise<FieldErrors | null>;
}): void {
  const formId = `fields-dialog-${++counter}`;
  const button = h(
    'button',
    { type: 'submit', form: formId, class: `btn ${options.danger ? 'btn-danger' : 'btn-primary'}` },
    options.submitLabel,
  );
  const form = h('form', { id: formId, novalidate: true });
  const panel = new FormPanel(form, button);
  form.append(h('p', {}, options.intro), panel.problem, ...options.fields);
  const modal = openModal({
    title: options.title,
    body: form,
    footer: [
      h('button', { type: 'button', class: 'btn btn-quiet', 'data-bs-dismiss': 'modal' }, 'Cancel'),
      button,
    ],
    focus: () => form.querySelector('input'),
    backdrop: 'static',
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    panel.clearProblem();
    panel.clearErrors();
    void panel.busy(async () => {
      try {
        const errors = await options.submit(form);
        if (errors) panel.showErrors(errors);
        else modal.close();
      } catch (error) {
        panel.showProblem(describeError(error));
      }
    });
  });
}
