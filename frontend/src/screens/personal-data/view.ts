import { h } from '../../dom.ts';
import { icon } from '../../icons.ts';
import { openFieldsDialog } from '../../widgets/fields-dialog.ts';
import { inputField, value } from '../../widgets/forms.ts';
import { saveFile } from '../../widgets/save-file.ts';
import type { PersonalDataOffer, PersonalDataPort } from './controller.ts';

/** The download and the erasure dialog, as the browser shows them. */
export function personalDataPort(): PersonalDataPort {
  return {
    saveJson(data, name) {
      saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), name);
    },
    askErasure(user, submit) {
      openFieldsDialog({
        title: 'Erase user',
        submitLabel: 'Erase for good',
        danger: true,
        intro: [
          'Erase ',
          h('strong', { class: 'text-break-any' }, user.name),
          ' for good? Their account and sessions are removed, and every audit event about them keeps ' +
            'only what happened and when: their name, e-mail and addresses are replaced. This cannot be undone.',
        ],
        fields: [
          inputField({
            label: `Type ${user.email} to confirm`,
            name: 'confirm',
            type: 'text',
            attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: 300, required: true },
          }),
        ],
        submit: (form) => submit(value(form, 'confirm')),
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
