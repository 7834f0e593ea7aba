import { ApiError, isAbort } from '../../api.ts';
import type { Context } from '../../context.ts';
import { importType, isRunning } from '../../rules/import-report.ts';
import type { ImportMode, ImportReport, Job } from '../../types/jobs.ts';

export interface ImportView {
  bind(handlers: { check: (file: File | null, mode: ImportMode) => void; confirm: () => void }): void;
  showBusy(label: string): void;
  /** A problem with the file as a whole, or a failed request, in the server's words. */
  showProblem(message: string): void;
  showReport(report: ImportReport, canConfirm: boolean): void;
  showProgress(job: Job): void;
  showDone(job: Job): void;
}

/** How often a running import's job is read again. */
export const POLL_MS = 1000;

/**
 * The import screen: choose a file, read its dry run's report (refused rows first), confirm,
 * follow the job's progress to its end. Holds no DOM (decision 0138).
 */
export class ImportController {
  private chosen: { file: File; mode: ImportMode } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly ctx: Context,
    private readonly view: ImportView,
  ) {
    view.bind({ check: (file, mode) => void this.check(file, mode), confirm: () => void this.confirm() });
  }

  async check(file: File | null, mode: ImportMode): Promise<void> {
    if (!file) return this.view.showProblem('Choose a CSV or NDJSON file first.');
    this.chosen = { file, mode };
    this.view.showBusy('Checking every row…');
    try {
      const { report } = await this.ctx.client.transfer.importUsers(file, importType(file.name), {
        mode,
        dryRun: true,
      });
      this.view.showReport(report, report.counts.created + report.counts.updated > 0);
    } catch (error) {
      this.failed(error);
    }
  }

  async confirm(): Promise<void> {
    if (!this.chosen) return;
    const { file, mode } = this.chosen;
    this.view.showBusy('Starting the import…');
    try {
      const { job } = await this.ctx.client.transfer.importUsers(file, importType(file.name), {
        mode,
        dryRun: false,
      });
      if (job) await this.follow(job);
    } catch (error) {
      this.failed(error);
    }
  }

  private async follow(job: Job): Promise<void> {
    if (!isRunning(job)) {
      this.view.showDone(job);
      return;
    }
    this.view.showProgress(job);
    await new Promise<void>((resolve) => (this.timer = setTimeout(resolve, POLL_MS)));
    if (this.abort.signal.aborted) return;
    try {
      await this.follow(await this.ctx.client.transfer.getJob(job.id, this.abort.signal));
    } catch (error) {
      if (!isAbort(error)) this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.view.showProblem(error instanceof ApiError ? error.message : 'The import could not be sent.');
  }

  destroy(): void {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
  }
}
