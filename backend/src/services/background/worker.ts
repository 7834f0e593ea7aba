import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/dialect.js';
import type { QueueName } from '../../db/work-queue.js';
import { enqueueDailyRuns, type DailyTask } from './daily.js';
import { runJobNow, runNextJob, type JobHandler, type NewJob } from './jobs.js';
import type { JobRow } from '../../db/types.js';
import type { Log } from './log.js';
import { deliverNext, type Deliverer } from './outbox.js';
import { onWork } from './wake.js';

export interface WorkerOptions {
  db: Db;
  log: Log;
  /** The clock every run reads (tests fix it). */
  now?: () => Date;
  /** How often an idle lane looks for work other processes enqueued. */
  pollMs?: number;
  /** How long a claim holds before another worker may take the row over. */
  leaseMs?: number;
}

/** How often the daily runs are looked at. */
const DAILY_CHECK_MS = 60_000;

/**
 * This process's background worker: one lane delivering the outbox, one running jobs (so a long
 * job never holds up a mail), and the daily runs enqueued on its ticks. Any number of processes
 * may run one on the same database; the claims keep each row to one of them.
 */
export class BackgroundWorker {
  private readonly deliverers = new Map<string, Deliverer>();
  private readonly handlers = new Map<string, JobHandler>();
  private readonly daily: DailyTask[] = [];
  /** The clock every run reads (tests fix it); routes that preview a run read it too. */
  readonly now: () => Date;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private lanes: Promise<void>[] = [];
  private stopping = false;
  private readonly wakers = new Map<QueueName, () => void>();
  private readonly woken = new Set<QueueName>();
  private unsubscribe: (() => void) | null = null;
  private lastDailyCheck = 0;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /** Who delivers messages of `kind` (the outbox). */
  deliver(kind: string, deliverer: Deliverer): void {
    this.deliverers.set(kind, deliverer);
  }

  /** Whether messages of `kind` have a deliverer here (whether mail is configured, say). */
  delivers(kind: string): boolean {
    return this.deliverers.has(kind);
  }

  /** Who runs jobs of `kind`. */
  handle<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler);
  }

  /** A job enqueued once a day (its handler registered with `handle`). */
  everyDay(task: DailyTask): void {
    this.daily.push(task);
  }

  get running(): boolean {
    return this.lanes.length > 0;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.unsubscribe = onWork((queue) => {
      // Kept until the lane looks, so a wake that comes while it is between its last look and
      // its sleep is not lost (it would otherwise sleep a whole poll with work waiting).
      this.woken.add(queue);
      this.wakers.get(queue)?.();
    });
    this.lanes = [this.lane('outbox', () => this.deliverOne()), this.lane('jobs', () => this.runOne())];
  }

  /** Stops taking work; a running job is let go at its next item for another worker to go on with. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    for (const wakeUp of this.wakers.values()) wakeUp();
    await Promise.all(this.lanes);
    this.lanes = [];
  }

  /**
   * Does every piece of due work, here and now, until none is left: today's daily runs, the
   * outbox, the jobs. For tests and scripts; a started worker does the same on its own.
   */
  async drain(): Promise<void> {
    await enqueueDailyRuns(this.options.db, this.daily, this.now());
    for (;;) {
      let did = false;
      while (await this.deliverOne()) did = true;
      while (await this.runOne()) did = true;
      if (!did) return;
    }
  }

  /**
   * Runs a job of a kind this worker handles here and now, within the caller's request (work of
   * a few items); it is claimed as any job is, so a crash leaves it to a worker to finish.
   */
  async runNow(job: NewJob): Promise<{ job: JobRow; created: boolean }> {
    const handler = this.handlers.get(job.kind);
    if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
    return runJobNow(this.options.db, job, handler, {
      claim: { ...this.claim(), kinds: [job.kind] },
      log: this.options.log,
      now: this.now,
      leaseMs: this.leaseMs,
      stopping: () => this.stopping,
    });
  }

  private claim() {
    const now = this.now();
    return { now, leaseUntil: new Date(now.getTime() + this.leaseMs), token: randomUUID() };
  }

  private deliverOne(): Promise<boolean> {
    const claim = { ...this.claim(), kinds: [...this.deliverers.keys()] };
    return deliverNext(this.options.db, this.deliverers, claim, this.options.log, this.now);
  }

  private async runOne(): Promise<boolean> {
    if (Date.now() - this.lastDailyCheck >= DAILY_CHECK_MS) {
      this.lastDailyCheck = Date.now();
      await enqueueDailyRuns(this.options.db, this.daily, this.now());
    }
    const claim = { ...this.claim(), kinds: [...this.handlers.keys()] };
    return runNextJob(this.options.db, this.handlers, {
      claim,
      log: this.options.log,
      now: this.now,
      leaseMs: this.leaseMs,
      stopping: () => this.stopping,
    });
  }

  /** Works while there is work, then sleeps until woken or the poll comes round. */
  private async lane(queue: QueueName, step: () => Promise<boolean>): Promise<void> {
    while (!this.stopping) {
      this.woken.delete(queue);
      let did = false;
      try {
        did = await step();
      } catch (error) {
        // The database may be away for a moment; the row's lease brings it back later.
        this.options.log.error({ err: error, queue }, 'background work failed');
      }
      if (did || this.stopping || this.woken.has(queue)) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollMs);
        timer.unref();
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wakers.set(queue, done);
      });
    }
  }
}
