import { h } from '../../dom.ts';
import { describeError } from '../../format.ts';
import { icon } from '../../icons.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { inputField, value } from '../../widgets/forms.ts';
import { openModal } from '../../widgets/modal.ts';
import { saveFile } from '../../widgets/progress.ts';
import type { PersonalDataOffer, PersonalDataPort } from './controller.ts';

/** The download and the erasure dialog, as the browser shows them. */
export function personalDataPort(): PersonalDataPort {
  return {
    saveJson(data, name) {
      saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), name);
    },
    askErasure(user, submit) {
      const formId = `erase-${user.id}`;
      const button = h('button', { type: 'submit', form: formId, class: 'btn btn-danger' }, 'Erase for good');
      const form = h('form', { id: formId, novalidate: true });
      const panel = new FormPanel(form, button);
      form.append(
        h(
          'p',
          {},
          'Erase ',
          h('strong', { class: 'text-break-any' }, user.name),
          ' for good? Their account and sessions are removed, and every audit event about them keeps ' +
            'only what happened and when: their name, e-mail and addresses are replaced. This cannot be undone.',
        ),
        panel.problem,
        inputField({
          label: `Type ${user.email} to confirm`,
          name: 'confirm',
          type: 'text',
          attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: 300, required: true },
        }),
      );
      const modal = openModal({
        title: 'Erase user',
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
            const errors = await submit(value(form, 'confirm'));
            if (errors) panel.showErrors(errors);
            else modal.close();
          } catch (error) {
            panel.showProblem(describeError(error));
          }
        });
      });
    },
  };
}

/** The user page's card: export the person's data, and (further away, in red) erase them. */
export function personalDataCard(
  offer: PersonalDataOffer,
  handlers: { exportData: () => void; erase: () => void },
): HTMLElement {
  return h(
    'div',
    { class: 'd-flex flex-wrap gap-2' },
    offer.export
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-sm btn-quiet',
            'data-action': 'export',
            onclick: handlers.exportData,
          },
          icon('download', 'me-1'),
          'Export data (JSON)',
        )
      : null,
    offer.erase
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-sm btn-quiet-danger',
            'data-action': 'erase',
            onclick: handlers.erase,
          },
          icon('eraser', 'me-1'),
          'Erase…',
        )
      : null,
  );
}
