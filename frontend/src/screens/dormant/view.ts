import { fill, h } from '../../dom.ts';
import { userPath } from '../../paths.ts';
import type { Settings } from '../../types.ts';
import type { DormantPreview, DormantUser } from '../../types/lifecycle.ts';
import { roleBadge, timeText } from '../../widgets/badges.ts';
import { confirmAction } from '../../widgets/confirm.ts';
import { dataTable } from '../../widgets/data-table.ts';
import { clearFieldErrors, inputField, showFieldErrors, value } from '../../widgets/forms.ts';
import { showProgress } from '../../widgets/progress.ts';
import { Results } from '../../widgets/results.ts';
import { card, emptyState, pageHeading } from '../../widgets/states.ts';
import type { DormantHandlers, DormantShown, DormantView } from './controller.ts';

/** The policy as the server has it, in words. */
function policyState(preview: DormantPreview, trial: boolean): HTMLElement {
  const state = preview.enabled
    ? h('span', { class: 'badge text-bg-success', 'data-policy': 'on' }, 'On')
    : h('span', { class: 'badge text-bg-secondary', 'data-policy': 'off' }, 'Off');
  const limit = trial
    ? `Previewing a limit of ${preview.after_days} days without a sign-in (a run uses the server's limit).`
    : preview.enabled
      ? `Disables active accounts after ${preview.after_days} days without a sign-in (or since creation, for those who never signed in).`
      : 'DORMANT_AFTER_DAYS is not set on the server, so nobody is disabled. Try a limit to see what it would do.';
  const warn = preview.mail
    ? `Warns each person by e-mail ${preview.warn_days} days before.`
    : 'No mail is configured: nobody is warned.';
  return h('p', { class: 'mb-0' }, 'Policy: ', state, ' ', limit, ' ', warn);
}

/** Who the policy would disable or warn: the first 100, each linking to their page. */
function peopleTable(
  label: string,
  none: string,
  people: DormantUser[],
  count: number,
  roles: readonly string[],
) {
  if (count === 0) return emptyState(none);
  return [
    dataTable<DormantUser>({
      label,
      rows: people,
      rowId: (user) => user.id,
      columns: [
        {
          label: 'Name',
          cell: (user) =>
            h('a', { href: userPath(user.id), class: 'text-break', 'data-name': '' }, user.name),
        },
        {
          label: 'E-mail',
          className: 'd-none d-md-table-cell',
          cellClass: 'email-cell',
          cell: (user) => h('span', { title: user.email }, user.email),
        },
        { label: 'Role', cell: (user) => roleBadge(user.role, roles) },
        { label: 'Last sign-in', cellClass: 'text-nowrap', cell: (user) => timeText(user.last_login_at) },
        {
          label: 'Disable date',
          className: 'd-none d-sm-table-cell',
          cellClass: 'text-nowrap',
          cell: (user) => timeText(user.disable_on),
        },
      ],
    }),
    count > people.length
      ? h('p', { class: 'small text-body-secondary' }, `The first ${people.length} of ${count} are listed.`)
      : null,
  ];
}

/** The dormant-account policy on screen: its state, a limit to try, the preview, a run. */
export class DormantPage implements DormantView {
  readonly element: HTMLElement;
  private readonly form = h('form', {
    class: 'row g-2 align-items-end',
    novalidate: true,
    'aria-label': 'Try a limit',
  });
  private readonly results: Results;
  private readonly runPanel = h('div', { class: 'mt-3', 'aria-live': 'polite', 'data-run-panel': '' });
  private readonly runButton = h(
    'button',
    { type: 'button', class: 'btn btn-quiet-danger', 'data-action': 'run', hidden: true },
    'Run now',
  );
  private handlers!: DormantHandlers;

  constructor(private readonly settings: Settings) {
    this.form.append(
      h(
        'div',
        { class: 'col-sm-6 col-lg-4' },
        inputField({
          label: 'Days without a sign-in',
          name: 'after_days',
          type: 'number',
          help: "Empty: the server's limit (DORMANT_AFTER_DAYS).",
          attrs: { min: 1, max: 36500, inputmode: 'numeric' },
        }),
      ),
      h(
        'div',
        { class: 'col-auto mb-3' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, 'Preview'),
      ),
    );
    this.element = h(
      'section',
      {},
      pageHeading('Dormant accounts', this.runButton),
      h(
        'p',
        { class: 'text-body-secondary' },
        'Accounts nobody has signed in to for a long time. Once a day the policy disables them, ' +
          'never the last active admin, and warns each person beforehand. Each disable is in the audit log.',
      ),
      this.form,
      this.runPanel,
    );
    this.results = new Results(this.element, 'Loading the preview…');
    this.element.append(this.results.element);
  }

  bind(handlers: DormantHandlers): void {
    this.handlers = handlers;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      handlers.tryLimit(value(this.form, 'after_days'));
    });
    this.runButton.addEventListener('click', () => handlers.run());
  }

  showLoading(): void {
    this.results.loading();
  }

  showLimit(days: string): void {
    (this.form.elements.namedItem('after_days') as HTMLInputElement).value = days;
  }

  showLimitProblem(message: string | null): void {
    if (message) showFieldErrors(this.form, { after_days: [message] })?.focus();
    else clearFieldErrors(this.form);
  }

  showPreview({ preview, sentence, trial }: DormantShown): void {
    const roles = this.settings.roles;
    this.runButton.hidden = !preview.enabled;
    this.results.show(
      card('The policy', policyState(preview, trial)),
      h('p', { class: 'fw-semibold', 'data-preview-sentence': '' }, sentence),
      h(
        'h2',
        { class: 'h5 mt-4' },
        'Would be disabled now ',
        h('span', { class: 'badge text-bg-danger', 'data-count': 'disable' }, String(preview.counts.disable)),
      ),
      peopleTable('To disable', 'Nobody would be disabled.', preview.disable, preview.counts.disable, roles),
      h(
        'h2',
        { class: 'h5 mt-4' },
        'Would be warned ',
        h('span', { class: 'badge text-bg-warning', 'data-count': 'warn' }, String(preview.counts.warn)),
      ),
      peopleTable('To warn', 'Nobody would be warned.', preview.warn, preview.counts.warn, roles),
    );
  }

  showError(error: unknown): void {
    this.results.failed(error, () => this.handlers.retry());
  }

  confirmRun(run: () => Promise<void>): void {
    confirmAction({
      title: 'Run the dormant-account policy',
      message:
        "Disable now every active account past the server's limit, and warn those close to it? " +
        'It runs as a job; its progress shows here.',
      confirmLabel: 'Run now',
      danger: true,
      run,
    });
  }

  showProgress(done: number, total: number | null): void {
    this.runButton.disabled = true;
    showProgress(this.runPanel, 'Dormant-account run progress', done, total, (...content) =>
      fill(this.runPanel, ...content),
    );
  }

  showRunResult(sentence: string, failed: boolean): void {
    this.runButton.disabled = false;
    const result = h(
      'div',
      {
        class: `alert ${failed ? 'alert-danger' : 'alert-success'} mb-0`,
        tabindex: '-1',
        'data-run-result': '',
      },
      sentence,
    );
    fill(this.runPanel, result);
    result.focus();
  }
}
