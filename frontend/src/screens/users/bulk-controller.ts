import type { Context } from '../../context.ts';
import {
  bulkActionsFor,
  bulkRequest,
  previewSentence,
  problemsFirst,
  resultSentence,
  type BulkActionChoice,
  type Selection,
} from '../../rules/bulk-rules.ts';
import type { UserListQuery } from '../../types.ts';
import type { BulkCounts, JobItem } from '../../types/jobs.ts';
import { NO_FILTERS } from '../../rules/users-query.ts';
import { followJob, POLL_MS } from '../follow-job.ts';

/** What the bulk bar shows; screens/users/bulk-view.ts draws it. */
export interface BulkView {
  bind(handlers: BulkHandlers): void;
  showActions(choices: BulkActionChoice[]): void;
  /** How many are chosen, and whether to offer every user the list's filters match. */
  showSelection(selection: SelectionState): void;
  showPreviewLoading(choice: BulkActionChoice): void;
  showPreview(choice: BulkActionChoice, sentence: string, problems: JobItem[], omitted: number): void;
  showProgress(done: number, total: number | null): void;
  showResult(sentence: string, problems: JobItem[], jobId: number | null): void;
  showFailure(message: string): void;
  showError(error: unknown): void;
  closePanel(): void;
  save(file: Blob, name: string): void;
}

export interface SelectionState {
  /** how many users are chosen (all matching: the list's total) */
  count: number;
  allMatching: boolean;
  /** "Select all N matching": offered when the whole page is chosen and more match */
  offerAll: number | null;
}

export interface BulkHandlers {
  choose: (index: number) => void;
  confirm: () => void;
  cancel: () => void;
  selectAllMatching: () => void;
  clear: () => void;
  download: (jobId: number) => void;
}

const PROBLEMS_SHOWN = 100;

/** The users list's selection and its bulk changes: preview, confirm, progress, result. */
export class BulkController {
  private readonly selected = new Set<number>();
  private allMatching = false;
  private page: { ids: number[]; total: number; query: UserListQuery } | null = null;
  private choices: BulkActionChoice[];
  private pending: { choice: BulkActionChoice; selection: Selection; key: string } | null = null;
  private stopped = false;
  /** Called whenever the selection changes, for the table's checkboxes to follow. */
  onSelection: () => void = () => undefined;

  constructor(
    private readonly ctx: Context,
    private readonly view: BulkView,
    /** The list shows its users again (after a change). */
    private readonly changed: () => void,
    private readonly pollMs = POLL_MS,
  ) {
    this.choices = bulkActionsFor((p) => ctx.session.can(p), ctx.settings.roles);
    view.bind({
      choose: (index) => void this.preview(index),
      confirm: () => void this.run(),
      cancel: () => {
        this.pending = null;
        view.closePanel();
      },
      selectAllMatching: () => {
        this.allMatching = true;
        this.show();
      },
      clear: () => this.clear(),
      download: (jobId) => void this.download(jobId),
    });
    view.showActions(this.choices);
  }

  /** Whether anyone signed in here may take a bulk action (no checkboxes otherwise). */
  get offered(): boolean {
    return this.choices.length > 0;
  }

  isSelected(id: number): boolean {
    return this.allMatching || this.selected.has(id);
  }

  /** The list shows a new page: what the selection is now measured against. */
  shown(ids: number[], total: number, query: UserListQuery): void {
    const sameList = this.page && sameFilters(this.page.query, query);
    // Another search or filter is another set of users: "all matching" no longer means them.
    if (!sameList) {
      this.allMatching = false;
      this.selected.clear();
    }
    this.page = { ids, total, query };
    this.show();
  }

  toggle(id: number, on: boolean): void {
    this.leaveAllMatching();
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.show();
  }

  togglePage(on: boolean): void {
    this.leaveAllMatching();
    for (const id of this.page?.ids ?? []) {
      if (on) this.selected.add(id);
      else this.selected.delete(id);
    }
    this.show();
  }

  destroy(): void {
    this.stopped = true;
  }

  /** Unticking one user of "all matching" keeps the page's others ticked, by id. */
  private leaveAllMatching(): void {
    if (!this.allMatching) return;
    this.allMatching = false;
    for (const id of this.page?.ids ?? []) this.selected.add(id);
  }

  private clear(): void {
    this.allMatching = false;
    this.selected.clear();
    this.pending = null;
    this.view.closePanel();
    this.show();
    this.changed();
  }

  private show(): void {
    this.onSelection();
    const page = this.page;
    const wholePage = !!page && page.ids.length > 0 && page.ids.every((id) => this.selected.has(id));
    this.view.showSelection({
      count: this.allMatching ? (page?.total ?? 0) : this.selected.size,
      allMatching: this.allMatching,
      offerAll: !this.allMatching && wholePage && page.total > page.ids.length ? page.total : null,
    });
  }

  private selection(): Selection | null {
    if (this.allMatching && this.page) return { matching: this.page.query };
    return this.selected.size > 0 ? { ids: [...this.selected] } : null;
  }

  private async preview(index: number): Promise<void> {
    const choice = this.choices[index];
    const selection = this.selection();
    if (!choice || !selection) return;
    // One key per confirmed change: sending it again after a lost answer starts nothing new.
    this.pending = { choice, selection, key: crypto.randomUUID() };
    this.view.showPreviewLoading(choice);
    try {
      const answer = await this.ctx.client.transfer.bulkUsers(bulkRequest(choice, selection, true));
      if (!('result' in answer) || this.pending?.choice !== choice) return;
      const { counts, items, items_omitted } = answer.result;
      this.view.showPreview(
        choice,
        previewSentence(counts, items, choice),
        problemsFirst(items),
        items_omitted,
      );
    } catch (error) {
      this.view.showError(error);
    }
  }

  private async run(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.view.showProgress(0, null);
    try {
      const answer = await this.ctx.client.transfer.bulkUsers(
        bulkRequest(pending.choice, pending.selection, false),
        pending.key,
      );
      if ('result' in answer) {
        const { counts, items, job } = answer.result;
        this.finish(counts, items, job?.id ?? null);
        return;
      }
      const job = await followJob(this.ctx.client, answer.job, {
        pollMs: this.pollMs,
        progress: (done, total) => this.view.showProgress(done, total),
        stopped: () => this.stopped,
      });
      if (!job) return;
      if (job.state !== 'succeeded') {
        this.view.showFailure(job.error ?? `The change was ${job.state}`);
        this.changed();
        return;
      }
      const problems = await this.ctx.client.transfer.jobItems(job.id, {
        outcome: 'failed,skipped',
        per_page: PROBLEMS_SHOWN,
      });
      this.finish(job.result as BulkCounts, problems, job.id);
    } catch (error) {
      this.view.showError(error);
    }
  }

  private finish(counts: BulkCounts, items: JobItem[], jobId: number | null): void {
    this.pending = null;
    this.allMatching = false;
    this.selected.clear();
    const problems = problemsFirst(items.filter((i) => i.outcome === 'failed' || i.outcome === 'skipped'));
    this.view.showResult(resultSentence(counts), problems, jobId);
    this.show();
    this.changed();
  }

  private async download(jobId: number): Promise<void> {
    try {
      const report = await this.ctx.client.transfer.jobReport(jobId);
      this.view.save(report.blob, report.filename ?? `job-${jobId}-report.csv`);
    } catch (error) {
      this.view.showError(error);
    }
  }
}

function sameFilters(a: UserListQuery, b: UserListQuery): boolean {
  return (Object.keys(NO_FILTERS) as (keyof typeof NO_FILTERS)[]).every((key) => a[key] === b[key]);
}
