import { h } from '../dom.ts';
import { icon, type IconName } from '../icons.ts';

/** A control for one thing a person may do to an item: its words, its icon, what it does. */
export interface ActionButton {
  /** The `data-action` the tests find it by (`edit`, `remove-member`). */
  action: string;
  label: string;
  icon: IconName;
  /** Red, for what cannot be undone. */
  danger?: boolean;
  run: () => void;
}

const buttonClass = (button: ActionButton) =>
  `btn btn-sm ${button.danger ? 'btn-quiet-danger' : 'btn-quiet'}`;

/**
 * Icon buttons for a table row, each named for screen readers with the item it acts on
 * ("Edit Editors"), since the icon alone says nothing to them.
 */
export function rowButtons(itemName: string, buttons: readonly ActionButton[]): HTMLElement {
  return h(
    'div',
    { class: 'btn-group', role: 'group', 'aria-label': `Actions for ${itemName}` },
    buttons.map((button) => {
      const label = `${button.label} ${itemName}`;
      return h(
        'button',
        {
          type: 'button',
          class: buttonClass(button),
          title: label,
          'aria-label': label,
          'data-action': button.action,
          onclick: () => button.run(),
        },
        icon(button.icon),
      );
    }),
  );
}

/** Labelled buttons for an item's own page, where the heading already names the item. */
export function pageButtons(buttons: readonly ActionButton[]): HTMLElement {
  return h(
    'div',
    { class: 'd-flex flex-wrap gap-2' },
    buttons.map((button) =>
      h(
        'button',
        {
          type: 'button',
          class: buttonClass(button),
          'data-action': button.action,
          onclick: () => button.run(),
        },
        icon(button.icon, 'me-1'),
        button.label,
      ),
    ),
  );
}
