import { describe, expect, it } from 'vitest';
import type { BulkActionChoice } from '../../src/rules/bulk-rules.ts';
import {
  BulkController,
  type BulkHandlers,
  type BulkView,
  type SelectionState,
} from '../../src/screens/users/bulk-controller.ts';
import type { UserListQuery } from '../../src/types.ts';
import type { JobItem } from '../../src/types/jobs.ts';
import { fakeContext, routes, settle, type FakeContext, type Seen } from './fake-context.ts';

class FakeBulkView implements BulkView {
  handlers!: BulkHandlers;
  actions: string[] = [];
  selection: SelectionState | null = null;
  shown: string[] = [];
  problems: JobItem[] = [];
  saved: string | null = null;

  bind(handlers: BulkHandlers): void {
    this.handlers = handlers;
  }
  showActions(choices: BulkActionChoice[]): void {
    this.actions = choices.map((c) => c.label);
  }
  showSelection(selection: SelectionState): void {
    this.selection = selection;
  }
  showPreviewLoading(choice: BulkActionChoice): void {
    this.shown.push(`checking ${choice.label}`);
  }
  showPreview(_choice: BulkActionChoice, sentence: string, problems: JobItem[]): void {
    this.shown.push(`preview: ${sentence}`);
    this.problems = problems;
  }
  showProgress(done: number, total: number | null): void {
    this.shown.push(`progress ${done}/${total}`);
  }
  showResult(sentence: string, problems: JobItem[], jobId: number | null): void {
    this.shown.push(`result: ${sentence} (job ${jobId})`);
    this.problems = problems;
  }
  showFailure(message: string): void {
    this.shown.push(`failure: ${message}`);
  }
  showError(): void {
    this.shown.push('error');
  }
  closePanel(): void {
    this.shown.push('closed');
  }
  save(_file: Blob, name: string): void {
    this.saved = name;
  }
}

const QUERY: UserListQuery = {
  page: 1,
  per_page: 2,
  q: 'acme',
  role: '',
  status: 'active',
  sort: 'id',
  group: '',
  email_verified: '',
  cursor: '',
  activity: '',
};
const COUNTS = { total: 420, changed: 418, unchanged: 0, skipped: 2, failed: 0 };
const SKIPS: JobItem[] = [
  { seq: 0, ref: '1', outcome: 'skipped', code: 'yourself', message: 'You cannot disable your own account' },
  {
    seq: 5,
    ref: '9',
    outcome: 'skipped',
    code: 'last_admin',
    message: 'There must always be at least one active admin',
  },
];
const job = (state: string, done: number) => ({
  id: 42,
  kind: 'users.bulk',
  state,
  requested_by: 1,
  progress: { done, total: 420 },
  cancel_requested: false,
  result: state === 'succeeded' ? COUNTS : null,
  error: null,
  created_at: '2026-12-06T00:00:00.000Z',
  started_at: null,
  finished_at: null,
});

function open(ctx: FakeContext) {
  const view = new FakeBulkView();
  let reloads = 0;
  const controller = new BulkController(ctx, view, () => reloads++, 0);
  controller.shown([1, 2], 420, QUERY);
  return { view, controller, reloads: () => reloads };
}

describe('the bulk bar’s controller', () => {
  it('offers a manager only what a manager may do', () => {
    const { view } = open(fakeContext({ role: 'manager' }));
    expect(view.actions).toEqual(['Disable', 'Enable', 'Make viewer', 'Make manager']);
  });

  it('names "all matching" under a sign-in filter by the same instant the list was asked for', async () => {
    const bodies: unknown[] = [];
    const ctx = fakeContext({
      handler: routes({
        'POST /api/v1/users/bulk': (request: Seen) => {
          bodies.push(request.body);
          return { data: { dry_run: true, job: null, counts: COUNTS, items: [], items_omitted: 0 } };
        },
      }),
    });
    const view = new FakeBulkView();
    const controller = new BulkController(ctx, view, () => undefined, 0);
    controller.shown([1, 2], 420, { ...QUERY, q: '', status: '', activity: 'never' });
    controller.togglePage(true);
    view.handlers.selectAllMatching();
    view.handlers.choose(0);
    await settle();
    expect(bodies).toEqual([{ action: 'disable', filter: { never_signed_in: true }, dry_run: true }]);
  });

  it('offers "select all N matching" once the whole page is ticked, and previews every matching user', async () => {
    const bodies: unknown[] = [];
    const ctx = fakeContext({
      handler: routes({
        'POST /api/v1/users/bulk': (request: Seen) => {
          bodies.push(request.body);
          return { data: { dry_run: true, job: null, counts: COUNTS, items: SKIPS, items_omitted: 0 } };
        },
      }),
    });
    const { view, controller } = open(ctx);
    controller.toggle(1, true);
    expect(view.selection).toEqual({ count: 1, allMatching: false, offerAll: null });
    controller.togglePage(true);
    expect(view.selection).toEqual({ count: 2, allMatching: false, offerAll: 420 });
    view.handlers.selectAllMatching();
    expect(view.selection).toEqual({ count: 420, allMatching: true, offerAll: null });
    expect(controller.isSelected(99)).toBe(true);

    view.handlers.choose(0);
    await settle();

    expect(bodies).toEqual([{ action: 'disable', filter: { q: 'acme', status: 'active' }, dry_run: true }]);
    expect(view.shown.at(-1)).toBe('preview: 418 will be disabled; 2 skipped: yourself, the last admin');
  });

  it('runs the change with an idempotency key, follows the job and shows the problems first', async () => {
    const seen: Seen[] = [];
    let polls = 0;
    const ctx = fakeContext({
      handler: routes({
        'POST /api/v1/users/bulk': (request: Seen) => {
          seen.push(request);
          const body = request.body as { dry_run: boolean };
          return body.dry_run
            ? { data: { dry_run: true, job: null, counts: COUNTS, items: SKIPS, items_omitted: 0 } }
            : { status: 202, data: job('queued', 0) };
        },
        'GET /api/v1/jobs/42': () =>
          ++polls < 2 ? { data: job('running', 200) } : { data: job('succeeded', 420) },
        'GET /api/v1/jobs/42/items': () => ({ data: [...SKIPS].reverse(), meta: undefined }),
      }),
    });
    const { view, controller, reloads } = open(ctx);
    controller.togglePage(true);
    view.handlers.choose(0);
    await settle();
    view.handlers.confirm();
    // The job is polled on timers: wait for its end however busy the machine is.
    await expect.poll(() => view.shown.at(-1)).toMatch(/^result:/);

    expect(seen[1]!.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]!.body).toEqual({ action: 'disable', ids: [{ id: 1 }, { id: 2 }], dry_run: false });
    expect(view.shown).toContain('progress 200/420');
    expect(view.shown.at(-1)).toBe('result: 418 changed, 0 unchanged, 2 skipped, 0 failed (job 42)');
    expect(view.problems.map((p) => p.seq)).toEqual([0, 5]);
    expect(view.selection?.count).toBe(0);
    expect(reloads()).toBe(1);
  });
});
