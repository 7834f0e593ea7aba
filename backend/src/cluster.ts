import cluster, { type Worker } from 'node:cluster';
import { pino, type Logger } from 'pino';
import { bootstrapFirstAdmin } from './bootstrap.js';
import type { Config } from './config.js';
import { createDb } from './db/dialect.js';
import { migrateToLatest } from './db/migrate.js';
import { loggerOptions } from './logger.js';
import { answerWorkers } from './metrics/cluster-metrics.js';

/**
 * The primary of `WEB_CONCURRENCY=N`: node:cluster's counterpart of `gunicorn -w N`. It never
 * serves a request itself. It migrates once, forks N workers that each run server.ts and share
 * the port, replaces a worker that dies, and on SIGTERM or SIGINT stops them all gracefully.
 */

/** A worker gets this long to finish its requests in flight after SIGTERM before SIGKILL. */
const STOP_TIMEOUT_MS = 30_000;
/** More deaths than this within CRASH_WINDOW_MS is a crash loop: give up and let the supervisor act. */
const CRASH_WINDOW_MS = 60_000;

/** Start-up work done once for all workers: migrations (unless a deploy step does them), first admin. */
async function prepareDatabase(config: Config, log: Logger): Promise<void> {
  const db = createDb(config.database);
  try {
    if (config.migrateOnStart) {
      const { results } = await migrateToLatest(db);
      for (const result of results ?? []) {
        log.info({ migration: result.migrationName, status: result.status }, 'migration applied');
      }
    }
    await bootstrapFirstAdmin({ db, log }, config);
  } finally {
    await db.destroy();
  }
}

export async function runPrimary(config: Config): Promise<void> {
  const log = pino(loggerOptions(config) as object);
  const workers = config.webConcurrency;
  const maxDeaths = 2 * workers + 3;
  await prepareDatabase(config, log);
  answerWorkers();

  let stopping = false;
  const deaths: number[] = [];
  // Workers must not migrate: the primary has, and N processes racing to do it would collide.
  const fork = (): Worker => cluster.fork({ MIGRATE_ON_START: 'false' });

  cluster.on('listening', (worker, address) => {
    log.info({ workerPid: worker.process.pid, port: address.port }, 'worker listening');
  });

  cluster.on('exit', (worker, code, signal) => {
    const pid = worker.process.pid;
    if (stopping) {
      log.info({ workerPid: pid, code, signal }, 'worker stopped');
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        log.info('all workers stopped');
        process.exit(); // with process.exitCode: 1 after a crash loop, else 0
      }
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0]! < now - CRASH_WINDOW_MS) deaths.shift();
    if (deaths.length > maxDeaths) {
      log.fatal({ deaths: deaths.length }, 'workers keep dying; giving up');
      stopAll('crash loop', 1);
      return;
    }
    const replacement = fork();
    log.warn(
      { workerPid: pid, code, signal, replacementPid: replacement.process.pid },
      'worker died; replaced',
    );
  });

  function stopAll(reason: string, exitCode = 0): void {
    if (stopping) return;
    stopping = true;
    log.info({ reason, workers: Object.keys(cluster.workers ?? {}).length }, 'stopping workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) {
        log.error({ workerPid: worker?.process.pid }, 'worker did not stop in time; killing it');
        worker?.process.kill('SIGKILL');
      }
    }, STOP_TIMEOUT_MS).unref();
    process.exitCode = exitCode;
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  }

  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => stopAll('SIGINT'));

  log.info({ workers, primaryPid: process.pid }, 'starting workers');
  for (let i = 0; i < workers; i++) fork();
}
