import { ApiError } from '../api.ts';
import { h, type Child } from '../dom.ts';
import { icon } from '../icons.ts';

/** The words for a failure, for a person: the server's message when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong in the console. Reload the page and try again.';
}

/** A request id to quote to whoever reads the server's logs. */
export function requestIdOf(error: unknown): string | null {
  return error instanceof ApiError ? error.requestId : null;
}

/** The error state of a screen or a section: what failed, and a way to try again. */
export function errorState(error: unknown, retry?: () => void): HTMLElement {
  const requestId = requestIdOf(error);
  return h(
    'div',
    { class: 'alert alert-danger d-flex flex-wrap align-items-center gap-2', role: 'alert' },
    icon('xCircle'),
    h('span', { class: 'flex-grow-1' }, describeError(error)),
    requestId ? h('small', { class: 'text-body-secondary w-100' }, `Request id: ${requestId}`) : null,
    retry
      ? h(
          'button',
          { type: 'button', class: 'btn btn-sm btn-quiet-danger', onclick: () => retry() },
          icon('arrowClockwise', 'me-1'),
          'Try again',
        )
      : null,
  );
}

export function loadingState(label = 'Loading…'): HTMLElement {
  return h(
    'div',
    { class: 'd-flex align-items-center gap-2 text-body-secondary py-4', role: 'status' },
    h('span', { class: 'spinner-border spinner-border-sm', 'aria-hidden': 'true' }),
    label,
  );
}

export function pageHeading(text: string, ...after: (Node | null)[]): HTMLElement {
  return h(
    'div',
    { class: 'd-flex flex-wrap align-items-center gap-2 mb-3' },
    h('h1', { class: 'h3 mb-0 me-auto', tabindex: '-1' }, text),
    ...after,
  );
}

/** The narrow card the sign-in and password pages sit in. */
export function centeredCard(title: string, ...body: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'd-flex justify-content-center py-4' },
    h(
      'div',
      { class: 'card shadow-sm w-100 sign-in-card' },
      h('div', { class: 'card-body p-4' }, h('h1', { class: 'h4 mb-3', tabindex: '-1' }, title), ...body),
    ),
  );
}
