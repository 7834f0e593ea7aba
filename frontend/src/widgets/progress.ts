import { h } from '../dom.ts';

/**
 * A job's progress bar with its "n of m done" line: drawn once in `into`, then moved on as the
 * job reports, so a screen reader hears the value change rather than a new bar each second.
 * Focus goes to the bar when it first shows, so a keyboard user is not left on a gone button.
 */
export function showProgress(
  into: HTMLElement,
  label: string,
  done: number,
  total: number | null,
  draw: (...content: HTMLElement[]) => void,
): void {
  const existing = into.querySelector<HTMLElement>('[role="progressbar"]');
  const percent = total ? Math.round((done / total) * 100) : 0;
  const text =
    total === null ? 'Starting…' : `${done.toLocaleString('en')} of ${total.toLocaleString('en')} done`;
  if (existing) {
    existing.setAttribute('aria-valuenow', String(percent));
    existing.setAttribute('aria-valuetext', text);
    (existing.firstElementChild as HTMLElement).style.width = `${percent}%`;
    into.querySelector('[data-progress-text]')!.textContent = text;
    return;
  }
  draw(
    h(
      'div',
      {
        class: 'progress',
        role: 'progressbar',
        'aria-label': label,
        'aria-valuemin': 0,
        'aria-valuemax': 100,
        'aria-valuenow': percent,
        'aria-valuetext': text,
        tabindex: '-1',
      },
      h('div', { class: 'progress-bar', style: `width: ${percent}%` }),
    ),
    h('p', { class: 'small mt-1 mb-0', 'data-progress-text': '' }, text),
  );
  into.querySelector<HTMLElement>('[role="progressbar"]')!.focus();
}
