import { fill, h, spinner } from '../../dom.ts';
import { describeError, plural } from '../../format.ts';
import { userPath } from '../../paths.ts';
import { reasonText, type BulkActionChoice } from '../../rules/bulk-rules.ts';
import type { JobItem } from '../../types/jobs.ts';
import { showProgress } from '../../widgets/progress.ts';
import { saveFile } from '../../widgets/save-file.ts';
import type { BulkHandlers, BulkView, SelectionState } from './bulk-controller.ts';

/**
 * The bulk bar over the users table: how many are chosen, "Select all N matching", the actions
 * the signed-in role may take, and one panel below it for the preview (with Confirm), the
 * progress and the result. Focus follows each step, so a keyboard user is never left behind.
 */
export class BulkBar implements BulkView {
  readonly element: HTMLElement;
  private readonly count = h('span', { class: 'fw-semibold', 'data-bulk-count': '' });
  private readonly selectAll = h('button', {
    type: 'button',
    class: 'btn btn-link p-0',
    'data-bulk-all': '',
  });
  private readonly actions = h('div', {
    class: 'd-flex flex-wrap gap-2',
    role: 'group',
    'aria-label': 'Bulk actions',
  });
  private readonly panel = h('div', { class: 'mt-3', 'data-bulk-panel': '', hidden: true });
  private readonly bar: HTMLElement;
  private handlers!: BulkHandlers;

  constructor() {
    this.bar = h(
      'div',
      { class: 'd-flex flex-wrap align-items-center gap-3' },
      h('span', { 'aria-live': 'polite' }, this.count),
      this.selectAll,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-quiet btn-sm',
          'data-bulk-clear': '',
          onclick: () => this.handlers.clear(),
        },
        'Clear selection',
      ),
      this.actions,
    );
    this.element = h(
      'section',
      {
        class: 'card card-body mb-3 bulk-bar',
        'aria-label': 'Selected users',
        'data-bulk-bar': '',
        hidden: true,
      },
      this.bar,
      this.panel,
    );
  }

  bind(handlers: BulkHandlers): void {
    this.handlers = handlers;
    this.selectAll.addEventListener('click', () => handlers.selectAllMatching());
  }

  showActions(choices: BulkActionChoice[]): void {
    fill(
      this.actions,
      choices.map((choice, index) =>
        h(
          'button',
          {
            type: 'button',
            class: `btn btn-sm ${choice.danger ? 'btn-outline-danger' : 'btn-outline-secondary'}`,
            'data-bulk-action': choice.role ? `${choice.action}:${choice.role}` : choice.action,
            onclick: () => this.handlers.choose(index),
          },
          choice.label,
        ),
      ),
    );
  }

  showSelection({ count, allMatching, offerAll }: SelectionState): void {
    // The result of the last change stays in view after the selection is cleared.
    this.element.hidden = count === 0 && this.panel.hidden;
    this.bar.hidden = count === 0;
    this.count.textContent = allMatching
      ? `All ${plural(count, 'matching user')} selected`
      : `${plural(count, 'user')} selected`;
    this.selectAll.hidden = offerAll === null;
    if (offerAll !== null)
      this.selectAll.textContent = `Select all ${offerAll.toLocaleString('en')} matching`;
    for (const button of this.actions.querySelectorAll('button')) button.disabled = count === 0;
  }

  showPreviewLoading(choice: BulkActionChoice): void {
    this.open(spinner(`Checking what “${choice.label}” would do…`));
  }

  showPreview(choice: BulkActionChoice, sentence: string, problems: JobItem[], omitted: number): void {
    const confirm = h(
      'button',
      {
        type: 'button',
        class: `btn ${choice.danger ? 'btn-danger' : 'btn-primary'}`,
        'data-bulk-confirm': '',
        onclick: () => this.handlers.confirm(),
      },
      `Confirm: ${choice.label}`,
    );
    this.open(
      h('p', { class: 'mb-2', 'data-bulk-preview': '', tabindex: '-1' }, sentence),
      problems.length > 0 && problemTable('Users that would be skipped', problems, omitted),
      h(
        'div',
        { class: 'd-flex gap-2 mt-2' },
        confirm,
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-quiet',
            'data-bulk-cancel': '',
            onclick: () => this.handlers.cancel(),
          },
          'Cancel',
        ),
      ),
    );
    confirm.focus();
  }

  showProgress(done: number, total: number | null): void {
    showProgress(this.panel, 'Bulk change progress', done, total, (...content) => this.open(...content));
  }

  showResult(sentence: string, problems: JobItem[], jobId: number | null): void {
    const heading = h(
      'p',
      { class: 'mb-2 fw-semibold', 'data-bulk-result': '', tabindex: '-1' },
      `Done: ${sentence}`,
    );
    this.open(
      heading,
      problems.length > 0 && problemTable('Users not changed', problems, 0),
      h(
        'div',
        { class: 'd-flex gap-2 mt-2' },
        jobId !== null &&
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-outline-secondary btn-sm',
              'data-bulk-download': '',
              onclick: () => this.handlers.download(jobId),
            },
            'Download report (CSV)',
          ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-quiet btn-sm',
            'data-bulk-close': '',
            onclick: () => this.handlers.cancel(),
          },
          'Close',
        ),
      ),
    );
    heading.focus();
  }

  showFailure(message: string): void {
    this.open(
      h('div', { class: 'alert alert-danger mb-0', role: 'alert', 'data-bulk-failure': '' }, message),
    );
  }

  showError(error: unknown): void {
    this.open(h('div', { class: 'alert alert-danger mb-0', role: 'alert' }, describeError(error)));
  }

  closePanel(): void {
    fill(this.panel);
    this.panel.hidden = true;
    if (this.bar.hidden) this.element.hidden = true;
  }

  save(file: Blob, name: string): void {
    saveFile(file, name);
  }

  private open(...content: Parameters<typeof fill>[1][]): void {
    this.element.hidden = false;
    this.panel.hidden = false;
    fill(this.panel, ...content);
  }
}

/** The skipped and failed users: the failures first, each with its reason. */
function problemTable(caption: string, problems: JobItem[], omitted: number): HTMLElement {
  return h(
    'div',
    { class: 'table-responsive' },
    h(
      'table',
      { class: 'table table-sm mb-1', 'data-bulk-problems': '' },
      h('caption', { class: 'caption-top' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'User'),
          h('th', { scope: 'col' }, 'Outcome'),
          h('th', { scope: 'col' }, 'Why'),
        ),
      ),
      h(
        'tbody',
        {},
        problems.map((item) =>
          h(
            'tr',
            { 'data-id': item.ref ?? '' },
            h('td', {}, item.ref ? h('a', { href: userPath(Number(item.ref)) }, `User ${item.ref}`) : '—'),
            h('td', {}, item.outcome),
            h(
              'td',
              {},
              item.outcome === 'skipped' ? reasonText(item.code) : (item.message ?? item.code ?? ''),
            ),
          ),
        ),
      ),
    ),
    omitted > 0 && h('p', { class: 'small text-body-secondary' }, `and ${plural(omitted, 'more')}`),
  );
}
