import { h, whileBusy, type Child } from '../dom.ts';
import { openModal } from './modal.ts';
import { errorState } from './states.ts';

export interface ConfirmOptions {
  title: string;
  message: Child;
  confirmLabel: string;
  /** Red button for what cannot be undone. */
  danger?: boolean;
  /** Runs on confirm; the dialog closes when it succeeds and shows the error when it fails. */
  run: () => Promise<void>;
}

/** A confirmation dialog (never `window.confirm`): focus starts on Cancel, the safe choice. */
export function confirmAction(options: ConfirmOptions): void {
  const problem = h('div', { 'aria-live': 'polite' });
  const cancel = h(
    'button',
    { type: 'button', class: 'btn btn-quiet', 'data-bs-dismiss': 'modal' },
    'Cancel',
  );
  const confirm = h(
    'button',
    { type: 'button', class: `btn ${options.danger ? 'btn-danger' : 'btn-primary'}`, 'data-confirm': '' },
    options.confirmLabel,
  );
  const modal = openModal({
    title: options.title,
    body: [h('p', { class: 'mb-0' }, options.message), problem],
    footer: [cancel, confirm],
    focus: () => cancel,
  });
  confirm.addEventListener('click', () => {
    problem.replaceChildren();
    void whileBusy(confirm, async () => {
      try {
        await options.run();
        modal.close();
      } catch (error) {
        problem.replaceChildren(h('div', { class: 'mt-3' }, errorState(error)));
      }
    });
  });
}
