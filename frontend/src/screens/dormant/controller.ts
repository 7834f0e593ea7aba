import type { Context } from '../../context.ts';
import { DORMANT_POLICY } from '../../paths.ts';
import { previewSentence, runSentence } from '../../rules/lifecycle-rules.ts';
import type { DormantPreview, DormantRunResult } from '../../types/lifecycle.ts';
import { followJob, POLL_MS } from '../follow-job.ts';
import { Latest } from '../latest.ts';

/** What the dormant-policy screen shows; screens/dormant/view.ts draws it. */
export interface DormantView {
  bind(handlers: DormantHandlers): void;
  showLoading(): void;
  /** The limit being tried in the box ('' for the configured one). */
  showLimit(days: string): void;
  showLimitProblem(message: string | null): void;
  showPreview(shown: DormantShown): void;
  showError(error: unknown): void;
  /**
   * Asks before a run, which uses the server's limit whatever is tried in the box; on yes runs
   * `run` (the dialog closes once the job is queued, or shows why not).
   */
  confirmRun(run: () => Promise<void>): void;
  showProgress(done: number, total: number | null): void;
  showRunResult(sentence: string, failed: boolean): void;
}

export interface DormantShown {
  preview: DormantPreview;
  sentence: string;
  /** A limit tried in the box rather than the server's DORMANT_AFTER_DAYS. */
  trial: boolean;
}

export interface DormantHandlers {
  /** Preview with the limit typed in the box; empty for the configured one. */
  tryLimit: (text: string) => void;
  run: () => void;
  retry: () => void;
}

const MAX_DAYS = 36_500;

/** The limit a URL or the box asks to try: whole days the API takes, else a problem to show. */
export function readLimit(text: string): { days: number | null } | { problem: string } {
  const typed = text.trim();
  if (typed === '') return { days: null };
  if (!/^\d{1,5}$/.test(typed) || Number(typed) < 1 || Number(typed) > MAX_DAYS) {
    return { problem: `Enter a whole number of days from 1 to ${MAX_DAYS.toLocaleString('en')}.` };
  }
  return { days: Number(typed) };
}

/**
 * The dormant-account policy: who it would disable now and who it would warn, with a limit to
 * try before DORMANT_AFTER_DAYS is set; and a run now, as a job whose progress shows.
 */
export class DormantController {
  private days: number | null;
  private readonly latest = new Latest();
  private stopped = false;
  private running = false;

  constructor(
    private readonly ctx: Context,
    private readonly view: DormantView,
    params: URLSearchParams,
    private readonly pollMs = POLL_MS,
  ) {
    const asked = readLimit(params.get('after_days') ?? '');
    this.days = 'days' in asked ? asked.days : null;
    view.bind({
      tryLimit: (text) => this.tryLimit(text),
      run: () => this.confirmRun(),
      retry: () => void this.load(),
    });
  }

  start(): Promise<void> {
    this.view.showLimit(this.days === null ? '' : String(this.days));
    return this.load();
  }

  update(params: URLSearchParams): Promise<void> {
    const asked = readLimit(params.get('after_days') ?? '');
    this.days = 'days' in asked ? asked.days : null;
    return this.start();
  }

  destroy(): void {
    this.stopped = true;
    this.latest.abort();
  }

  private tryLimit(text: string): void {
    const asked = readLimit(text);
    if ('problem' in asked) {
      this.view.showLimitProblem(asked.problem);
      return;
    }
    this.view.showLimitProblem(null);
    this.days = asked.days;
    this.ctx.record(`${DORMANT_POLICY}${asked.days === null ? '' : `?after_days=${asked.days}`}`);
    void this.load();
  }

  private async load(): Promise<void> {
    const days = this.days;
    this.view.showLoading();
    try {
      const answer = await this.latest.run((signal) =>
        this.ctx.client.lifecycle.dormantPreview(days ?? undefined, signal),
      );
      if (!answer) return;
      const preview = answer.value;
      this.view.showPreview({ preview, sentence: previewSentence(preview), trial: days !== null });
    } catch (error) {
      this.view.showError(error);
    }
  }

  private confirmRun(): void {
    if (this.running) return;
    this.view.confirmRun(async () => {
      const job = await this.ctx.client.lifecycle.runDormant();
      void this.follow(job);
    });
  }

  private async follow(first: Parameters<typeof followJob>[1]): Promise<void> {
    this.running = true;
    try {
      const job = await followJob(this.ctx.client, first, {
        pollMs: this.pollMs,
        progress: (done, total) => this.view.showProgress(done, total),
        stopped: () => this.stopped,
      });
      if (!job) return;
      if (job.state === 'succeeded')
        this.view.showRunResult(runSentence(job.result as DormantRunResult), false);
      else this.view.showRunResult(job.error ?? `The run was ${job.state}.`, true);
      // Who is left to disable or warn, now.
      await this.load();
    } catch (error) {
      this.view.showError(error);
    } finally {
      this.running = false;
    }
  }
}
