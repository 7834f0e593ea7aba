import Modal from 'bootstrap/js/dist/modal';
import { h, type Child } from '../dom.ts';

let counter = 0;

export interface ModalHandle {
  element: HTMLElement;
  body: HTMLElement;
  footer: HTMLElement;
  close(): void;
}

export interface ModalOptions {
  title: string;
  body: Child;
  footer?: Child;
  /** Where focus goes once the dialog is shown: the first field, or the safe button. */
  focus?: () => HTMLElement | null;
  /** `static`: a click outside does not close it (forms with typing in them). */
  backdrop?: 'static' | true;
  onHidden?: () => void;
}

/** A Bootstrap modal built for one use and removed from the page when closed. */
export function openModal(options: ModalOptions): ModalHandle {
  const titleId = `modal-title-${++counter}`;
  const body = h('div', { class: 'modal-body' }, options.body);
  const footer = h('div', { class: 'modal-footer' }, options.footer);
  const element = h(
    'div',
    { class: 'modal fade', tabindex: '-1', 'aria-labelledby': titleId, 'aria-modal': 'true', role: 'dialog' },
    h(
      'div',
      { class: 'modal-dialog modal-dialog-scrollable' },
      h(
        'div',
        { class: 'modal-content' },
        h(
          'div',
          { class: 'modal-header' },
          h('h2', { class: 'modal-title fs-5', id: titleId }, options.title),
          h('button', {
            type: 'button',
            class: 'btn-close',
            'data-bs-dismiss': 'modal',
            'aria-label': 'Close',
          }),
        ),
        body,
        footer,
      ),
    ),
  );
  document.body.append(element);
  const modal = new Modal(element, { backdrop: options.backdrop ?? true });
  element.addEventListener('shown.bs.modal', () => options.focus?.()?.focus());
  element.addEventListener('hidden.bs.modal', () => {
    modal.dispose();
    element.remove();
    options.onHidden?.();
  });
  modal.show();
  return { element, body, footer, close: () => modal.hide() };
}

/** Closes every open dialog: leaving a screen must not leave its dialog behind. */
export function closeAllModals(): void {
  for (const element of document.querySelectorAll('.modal.show')) Modal.getInstance(element)?.hide();
}
