import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportController, POLL_MS, type ImportView } from '../../src/screens/import/controller.ts';
import type { ImportMode, ImportReport, Job } from '../../src/types/jobs.ts';
import { fakeContext, routes, settle } from './fake-context.ts';

class FakeImportView implements ImportView {
  handlers!: { check: (file: File | null, mode: ImportMode) => void; confirm: () => void };
  shown: string[] = [];
  report: ImportReport | null = null;
  canConfirm = false;
  bind(handlers: FakeImportView['handlers']): void {
    this.handlers = handlers;
  }
  showBusy(label: string): void {
    this.shown.push(`busy: ${label}`);
  }
  showProblem(message: string): void {
    this.shown.push(`problem: ${message}`);
  }
  showReport(report: ImportReport, canConfirm: boolean): void {
    this.shown.push('report');
    this.report = report;
    this.canConfirm = canConfirm;
  }
  showProgress(job: Job): void {
    this.shown.push(`progress: ${job.progress.done}/${job.progress.total}`);
  }
  showDone(job: Job): void {
    this.shown.push(`done: ${job.state}`);
  }
}

const report = (over: Partial<ImportReport['counts']> = {}): ImportReport => ({
  mode: 'create',
  dry_run: true,
  counts: {
    rows: 3,
    created: 2,
    updated: 0,
    unchanged: 0,
    exists: 0,
    invalid: 1,
    without_password: 2,
    invited: 0,
    ...over,
  },
  rows: [
    { row: 4, outcome: 'invalid', email: null, column: 'email', message: 'email: is not an e-mail address' },
  ],
  rows_omitted: 0,
  notes: [],
});

const job = (state: Job['state'], done: number): Job => ({
  id: 9,
  kind: 'users.import',
  state,
  requested_by: 1,
  progress: { done, total: 3 },
  cancel_requested: false,
  result: null,
  error: null,
  created_at: '2026-12-06T00:00:00.000Z',
  started_at: null,
  finished_at: null,
});

describe('the import screen', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the file for a dry run, as CSV or NDJSON by its name, and shows the report', async () => {
    const ctx = fakeContext({
      handler: routes({ 'POST /api/v1/users/import': () => ({ data: { report: report(), job: null } }) }),
    });
    const view = new FakeImportView();
    new ImportController(ctx, view);
    view.handlers.check(new File(['email\n'], 'people.ndjson'), 'upsert');
    await settle();
    const [sent] = ctx.seen.filter((r) => r.path === '/api/v1/users/import');
    expect(sent?.query).toEqual({ mode: 'upsert', dry_run: 'true' });
    expect(sent?.headers['Content-Type']).toBe('application/x-ndjson');
    expect(view.shown).toEqual(['busy: Checking every row…', 'report']);
    expect(view.canConfirm).toBe(true);
  });

  it('asks for a file first, and shows a refused file in the server’s words', async () => {
    const ctx = fakeContext({
      handler: routes({
        'POST /api/v1/users/import': () => ({ status: 422, message: 'The file has no "email" column' }),
      }),
    });
    const view = new FakeImportView();
    new ImportController(ctx, view);
    view.handlers.check(null, 'create');
    view.handlers.check(new File(['name\n'], 'people.csv'), 'create');
    await settle();
    expect(view.shown).toEqual([
      'problem: Choose a CSV or NDJSON file first.',
      'busy: Checking every row…',
      'problem: The file has no "email" column',
    ]);
  });

  it('on confirm starts the job and follows its progress to the end', async () => {
    vi.useFakeTimers();
    const states = [job('running', 2), job('succeeded', 3)];
    const ctx = fakeContext({
      handler: routes({
        'POST /api/v1/users/import': (request) =>
          request.query.dry_run === 'true'
            ? { data: { report: report(), job: null } }
            : { status: 202, data: { report: report(), job: job('queued', 0) } },
        'GET /api/v1/jobs/9': () => ({ data: states.shift() }),
      }),
    });
    const view = new FakeImportView();
    new ImportController(ctx, view);
    view.handlers.check(new File(['x'], 'people.csv'), 'create');
    await vi.runAllTimersAsync();
    view.handlers.confirm();
    for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(view.shown.slice(2)).toEqual([
      'busy: Starting the import…',
      'progress: 0/3',
      'progress: 2/3',
      'done: succeeded',
    ]);
  });
});
