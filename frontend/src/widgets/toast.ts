import Toast from 'bootstrap/js/dist/toast';
import { h } from '../dom.ts';
import { icon } from '../icons.ts';

export type ToastKind = 'success' | 'danger' | 'info';

export interface ToastMore {
  /** A second, smaller line. */
  detail?: string;
  /** A link to what the toast is about (the user just created); following it closes the toast. */
  link?: { href: string; label: string };
}

let region: HTMLElement | null = null;

function container(): HTMLElement {
  if (!region || !region.isConnected) {
    region = h('div', { class: 'toast-container position-fixed bottom-0 end-0 p-3' });
    document.body.append(region);
  }
  return region;
}

/** Shows the result of an action for a few seconds; errors stay until dismissed. */
export function toast(message: string, kind: ToastKind = 'success', more: ToastMore = {}): void {
  const { detail, link } = more;
  const element = h(
    'div',
    {
      class: `toast align-items-center border-0 text-bg-${kind}`,
      role: kind === 'danger' ? 'alert' : 'status',
      'aria-live': kind === 'danger' ? 'assertive' : 'polite',
      'aria-atomic': 'true',
    },
    h(
      'div',
      { class: 'd-flex' },
      h(
        'div',
        { class: 'toast-body' },
        icon(kind === 'danger' ? 'xCircle' : 'check', 'me-2'),
        message,
        detail ? h('div', { class: 'small opacity-75 mt-1' }, detail) : null,
        link
          ? h(
              'div',
              { class: 'mt-1' },
              h(
                'a',
                {
                  href: link.href,
                  class: 'fw-semibold text-reset',
                  'data-toast-link': '',
                  onclick: () => Toast.getInstance(element)?.hide(),
                },
                link.label,
              ),
            )
          : null,
      ),
      h('button', {
        type: 'button',
        class: 'btn-close btn-close-white me-2 m-auto',
        'data-bs-dismiss': 'toast',
        'aria-label': 'Close',
      }),
    ),
  );
  container().append(element);
  element.addEventListener('hidden.bs.toast', () => element.remove());
  // A toast with a link stays longer, so it can be reached; hovering or focusing it keeps it.
  const delay = link ? 10_000 : 5000;
  Toast.getOrCreateInstance(element, { autohide: kind !== 'danger', delay }).show();
}
