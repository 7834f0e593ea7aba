/**
 * `npm run bench:bulk`: seeds users, starts the production build and disables every one of them
 * with one bulk request (a dry run first), following the job's progress; reports the preview's
 * time and the job's rate. The same options as `npm run bench`. See docs/performance.md.
 */
import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './database.js';
import { benchMain, type Cleanups } from './main.js';
import type { BenchOptions } from './options.js';
import { startSeededServer } from './setup.js';
import { sampleRss } from './processes.js';

const log = (line: string) => console.log(`[bench:bulk] ${line}`);

interface Counts {
  total: number;
  changed: number;
  unchanged: number;
  skipped: number;
  failed: number;
}
interface JobView {
  id: number;
  state: string;
  progress: { done: number; total: number | null };
  result: Counts | null;
  started_at: string | null;
  finished_at: string | null;
}

async function run(options: BenchOptions, cleanups: Cleanups) {
  const { database, server, api } = await startSeededServer(options, cleanups, log);
  const stopSampling = sampleRss(server.child.pid!);
  const request = { action: 'disable', filter: {} };

  log('dry run of disabling every user');
  let started = performance.now();
  // Through node:http: fetch gives up on an answer that takes over 300 s, as a dry run of
  // 100,000 users can on a busy machine.
  const preview = (
    await postLong<{ data: { counts: Counts } }>(server.url, api.authorization, { ...request, dry_run: true })
  ).data.counts;
  const dryRunSeconds = (performance.now() - started) / 1000;
  log(`dry run: ${JSON.stringify(preview)} in ${dryRunSeconds.toFixed(1)} s`);

  started = performance.now();
  const queued = (await api.ok<{ data: JobView }>('POST', '/api/v1/users/bulk', request)).body.data;
  const answerMs = performance.now() - started;
  const samples: { seconds: number; done: number }[] = [];
  let job = queued;
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    job = (await api.ok<{ data: JobView }>('GET', `/api/v1/jobs/${queued.id}`)).body.data;
    samples.push({ seconds: (performance.now() - started) / 1000, done: job.progress.done });
    log(`progress ${job.progress.done.toLocaleString('en')} / ${job.progress.total?.toLocaleString('en')}`);
  }
  const jobSeconds = (Date.parse(job.finished_at!) - Date.parse(job.started_at!)) / 1000;
  const rssMiB = stopSampling();
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpus: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus().length,
      database: database.version,
    },
    users: options.users,
    db: options.db,
    dryRun: { seconds: dryRunSeconds, counts: preview },
    job: {
      state: job.state,
      answerMs,
      seconds: jobSeconds,
      counts: job.result,
      itemsPerSecond: (job.result?.total ?? 0) / jobSeconds,
      progressSamples: samples.length,
    },
    highestRssMiB: rssMiB,
  };
}

/** A POST answered whenever it is answered, however long that takes. */
function postLong<T>(baseUrl: string, headers: Record<string, string>, body: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${baseUrl}/api/v1/users/bulk`,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(text) as T)
            : reject(new Error(`dry run answered ${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

await benchMain(run, (report, options) => {
  mkdirSync(options.out, { recursive: true });
  const file = join(options.out, `${report.date}-${options.db}-${options.users}-bulk.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `bulk disable of ${report.job.counts?.total.toLocaleString('en')} users on ${options.db}: ` +
      `${report.job.itemsPerSecond.toFixed(0)} users/s (${report.job.seconds.toFixed(1)} s); ` +
      `dry run ${report.dryRun.seconds.toFixed(1)} s; written to ${file.replace(ROOT, '')}`,
  );
  if (report.job.state !== 'succeeded') process.exitCode = 1;
});
