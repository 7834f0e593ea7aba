import { describe, expect, it } from 'vitest';
import {
  DormantController,
  readLimit,
  type DormantHandlers,
  type DormantShown,
  type DormantView,
} from '../../src/screens/dormant/controller.ts';
import type { DormantPreview } from '../../src/types/lifecycle.ts';
import { fakeContext, requests, routes, settle, type FakeContext, type Seen } from './fake-context.ts';

class FakeDormantView implements DormantView {
  handlers!: DormantHandlers;
  shown: string[] = [];
  preview: DormantShown | null = null;
  limit = '';
  problem: string | null = null;
  runYes: (() => Promise<void>) | null = null;

  bind(handlers: DormantHandlers): void {
    this.handlers = handlers;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  showLimit(days: string): void {
    this.limit = days;
  }
  showLimitProblem(message: string | null): void {
    this.problem = message;
  }
  showPreview(shown: DormantShown): void {
    this.preview = shown;
    this.shown.push(`preview: ${shown.sentence}`);
  }
  showError(): void {
    this.shown.push('error');
  }
  confirmRun(run: () => Promise<void>): void {
    this.runYes = run;
  }
  showProgress(done: number, total: number | null): void {
    this.shown.push(`progress ${done}/${total}`);
  }
  showRunResult(sentence: string, failed: boolean): void {
    this.shown.push(`${failed ? 'failed' : 'result'}: ${sentence}`);
  }
}

const ADA = {
  id: 7,
  name: 'Ada',
  email: 'ada@example.com',
  role: 'viewer',
  last_login_at: null,
  created_at: '2026-01-01T00:00:00.000Z',
  disable_on: '2026-04-01T00:00:00.000Z',
};

function preview(over: Partial<DormantPreview> = {}): DormantPreview {
  return {
    enabled: true,
    after_days: 90,
    warn_days: 14,
    mail: true,
    as_of: '2026-12-06T00:00:00.000Z',
    counts: { disable: 1, warn: 0, kept_admins: 0 },
    disable: [ADA],
    warn: [],
    ...over,
  };
}

const job = (state: string, done: number) => ({
  id: 31,
  kind: 'dormant',
  state,
  requested_by: 1,
  progress: { done, total: 2 },
  cancel_requested: false,
  result: state === 'succeeded' ? { disabled: 1, warned: 1, skipped: 0 } : null,
  error: null,
  created_at: '2026-12-06T00:00:00.000Z',
  started_at: null,
  finished_at: null,
});

function open(ctx: FakeContext, search = '') {
  const view = new FakeDormantView();
  const controller = new DormantController(ctx, view, new URLSearchParams(search), 0);
  return { view, controller, started: controller.start() };
}

describe('the dormant-account policy screen', () => {
  it('previews with the server’s limit, then with a limit tried in the box, kept in the URL', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/policies/dormant/preview': (r: Seen) =>
          r.query.after_days
            ? { data: preview({ after_days: 30, counts: { disable: 4, warn: 2, kept_admins: 1 } }) }
            : { data: preview() },
      }),
    });
    const { view, started } = open(ctx);
    await started;
    expect(view.preview).toMatchObject({
      trial: false,
      sentence: '1 account would be disabled now; 0 people would be warned.',
    });
    view.handlers.tryLimit(' 30 ');
    await settle();
    expect(requests(ctx).at(-1)).toBe('GET /api/v1/policies/dormant/preview?after_days=30');
    expect(ctx.recorded).toEqual([{ url: '/console/policies/dormant?after_days=30', replace: false }]);
    expect(view.preview?.trial).toBe(true);
    expect(view.preview?.sentence).toMatch(
      /^4 accounts would be disabled now; 2 people would be warned; 1 admin is kept/,
    );
  });

  it('refuses a limit the API would, without asking it', async () => {
    const ctx = fakeContext({
      handler: routes({ 'GET /api/v1/policies/dormant/preview': () => ({ data: preview() }) }),
    });
    const { view, started } = open(ctx, '?after_days=abc');
    await started;
    expect(view.limit).toBe('');
    expect(requests(ctx)).toEqual(['GET /api/v1/policies/dormant/preview']);
    for (const text of ['0', '2.5', '-3', '36501', 'ninety']) {
      view.handlers.tryLimit(text);
      expect(view.problem).toMatch(/whole number of days from 1 to 36,500/);
    }
    expect(requests(ctx)).toHaveLength(1);
    expect(readLimit('36500')).toEqual({ days: 36500 });
    expect(readLimit('')).toEqual({ days: null });
  });

  it('runs the policy after the question, follows its job to the end and shows the preview again', async () => {
    let polls = 0;
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/policies/dormant/preview': () => ({ data: preview() }),
        'POST /api/v1/policies/dormant/run': () => ({ status: 202, data: job('queued', 0) }),
        'GET /api/v1/jobs/31': () => ({ data: ++polls < 2 ? job('running', 1) : job('succeeded', 2) }),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    view.handlers.run();
    expect(requests(ctx)).not.toContain('POST /api/v1/policies/dormant/run');
    await view.runYes!();
    await expect.poll(() => view.shown.at(-1)).toMatch(/^preview:/);
    expect(view.shown).toContain('progress 0/2');
    expect(view.shown).toContain('progress 1/2');
    expect(view.shown).toContain('result: Done: 1 account disabled, 1 person warned.');
    expect(requests(ctx).filter((r) => r.includes('preview'))).toHaveLength(2);
  });

  it('lets the question show why a run is refused (the policy is off)', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/policies/dormant/preview': () => ({
          data: preview({ enabled: false, after_days: null }),
        }),
        'POST /api/v1/policies/dormant/run': () => ({
          status: 409,
          message: 'The dormant-account policy is off',
        }),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    view.handlers.run();
    await expect(view.runYes!()).rejects.toThrow(/policy is off/);
    expect(view.shown.some((s) => s.startsWith('progress'))).toBe(false);
  });
});
