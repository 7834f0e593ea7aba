import { fill, h } from '../../dom.ts';
import { jobSummary, progressText, reportCsv, reportRows, reportSummary } from '../../rules/import-report.ts';
import type { ImportMode, ImportReport, ImportReportRow, Job } from '../../types/jobs.ts';
import { dataTable } from '../../widgets/data-table.ts';
import { formAlert, inputField, selectField, value } from '../../widgets/forms.ts';
import { loadingState, pageHeading } from '../../widgets/states.ts';
import type { ImportView } from './controller.ts';

const MODES = [
  { value: 'create', label: 'Create new users; leave existing emails alone' },
  { value: 'upsert', label: 'Create new users and update existing ones (by email)' },
];

const OUTCOME_LABEL: Record<ImportReportRow['outcome'], string> = {
  invalid: 'Refused',
  exists: 'Left alone',
  created: 'Create',
  updated: 'Update',
  unchanged: 'Unchanged',
};

/** The import page: the form, then the report or the progress in the place below it. */
export class ImportPage implements ImportView {
  readonly element: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly result = h('div', { 'aria-live': 'polite', 'data-import-result': '' });
  private confirmHandler: () => void = () => undefined;
  private download: string | null = null;

  constructor() {
    this.form = h(
      'form',
      { novalidate: true, 'aria-label': 'Import file', class: 'mb-4' },
      inputField({
        label: 'File',
        name: 'file',
        type: 'file',
        help: 'CSV with a header row (email, name, role, status, password_hash, must_change_password), or NDJSON; up to 50 MB.',
        attrs: { accept: '.csv,.ndjson,.jsonl,text/csv,application/x-ndjson', required: true },
      }),
      selectField({ label: 'Mode', name: 'mode', choices: MODES }),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Check file'),
    );
    this.element = h(
      'div',
      {},
      pageHeading('Import users'),
      h(
        'p',
        { class: 'text-body-secondary' },
        'Every row is checked first, by the same rules as adding a user one at a time; nothing changes until you confirm.',
      ),
      this.form,
      this.result,
    );
  }

  bind(handlers: { check: (file: File | null, mode: ImportMode) => void; confirm: () => void }): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = this.form.elements.namedItem('file') as HTMLInputElement;
      handlers.check(input.files?.[0] ?? null, value(this.form, 'mode') as ImportMode);
    });
    this.confirmHandler = handlers.confirm;
  }

  showBusy(label: string): void {
    fill(this.result, loadingState(label));
  }

  showProblem(message: string): void {
    fill(this.result, h('div', { class: 'alert alert-danger', role: 'alert' }, message));
  }

  showReport(report: ImportReport, canConfirm: boolean): void {
    const rows = reportRows(report);
    if (this.download) URL.revokeObjectURL(this.download);
    this.download = URL.createObjectURL(new Blob([reportCsv(report)], { type: 'text/csv' }));
    fill(
      this.result,
      h('h2', { class: 'h5' }, 'Dry run'),
      h('p', { 'data-summary': '' }, reportSummary(report)),
      report.notes.map((note) => formAlert('info', note)),
      rows.length > 0
        ? dataTable({
            label: 'Rows refused or left alone',
            caption: 'Rows refused or left alone, refused first, by row number',
            columns: [
              { label: 'Row', cell: (r) => r.row },
              { label: 'Outcome', cell: (r) => OUTCOME_LABEL[r.outcome] },
              { label: 'Email', cell: (r) => r.email ?? '' },
              { label: 'Column', cell: (r) => r.column ?? '' },
              { label: 'Reason', cell: (r) => r.message },
            ],
            rows,
            rowId: (r) => r.row,
            rowClass: (r) => (r.outcome === 'invalid' ? 'table-danger' : null),
          })
        : null,
      report.rows_omitted > 0
        ? h('p', { class: 'small' }, `${report.rows_omitted} more rows not listed.`)
        : null,
      h(
        'div',
        { class: 'd-flex flex-wrap gap-2 mt-3' },
        canConfirm
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn btn-primary',
                'data-confirm': '',
                onclick: () => this.confirmHandler(),
              },
              `Import ${(report.counts.created + report.counts.updated).toLocaleString('en')} rows`,
            )
          : h('p', { class: 'mb-0' }, 'Nothing to import: fix the file and check it again.'),
        h(
          'a',
          { class: 'btn btn-outline-secondary', href: this.download, download: 'import-report.csv' },
          'Download report',
        ),
      ),
    );
  }

  showProgress(job: Job): void {
    const { done, total } = job.progress;
    const percent = total ? Math.round((done / total) * 100) : 0;
    const bar = h('div', { class: 'progress-bar' });
    // Through the style object, which the console's CSP allows (a style attribute it does not).
    bar.style.width = `${percent}%`;
    fill(
      this.result,
      h('p', {}, progressText(job)),
      h(
        'div',
        {
          class: 'progress',
          role: 'progressbar',
          'aria-label': 'Import progress',
          'aria-valuemin': 0,
          'aria-valuemax': 100,
          'aria-valuenow': percent,
        },
        bar,
      ),
    );
  }

  showDone(job: Job): void {
    const ok = job.state === 'succeeded';
    fill(
      this.result,
      h(
        'div',
        {
          class: `alert ${ok ? 'alert-success' : 'alert-danger'}`,
          role: ok ? 'status' : 'alert',
          'data-done': '',
        },
        jobSummary(job),
      ),
    );
  }
}
