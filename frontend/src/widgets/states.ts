import { fill, h, type Child } from '../dom.ts';
import { describeError, requestIdOf } from '../format.ts';
import { icon } from '../icons.ts';

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

/** A titled card, named for screen readers (a region they can jump to). */
export function card(title: string, ...body: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'card mb-3', 'aria-label': title },
    h('div', { class: 'card-header' }, h('h2', { class: 'h6 mb-0' }, title)),
    h('div', { class: 'card-body' }, ...body),
  );
}

/** What a list shows when nothing matches, with an optional way out. */
export function emptyState(text: string, ...after: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'text-center text-body-secondary py-5 border rounded', 'data-empty': '' },
    after.length > 0 ? h('p', { class: 'mb-2' }, text) : text,
    ...after,
  );
}

type SectionState<T> = { loading: true } | { error: unknown } | { value: T };

/** A section's body for each state: a spinner, the error with a retry, or the content. */
export function sectionBody<T>(
  body: HTMLElement,
  state: SectionState<T>,
  retry: () => void,
  content: (value: T) => Child,
): void {
  if ('loading' in state) fill(body, loadingState());
  else if ('error' in state) fill(body, errorState(state.error, retry));
  else fill(body, content(state.value));
}
