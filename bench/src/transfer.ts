/**
 * `npm run bench:transfer`: the import and export at scale (docs/performance.md). Seeds users,
 * starts the production build as the main harness does, then:
 * - exports every user as CSV and as NDJSON, reading the stream as a client would, with the
 *   server's RSS sampled throughout (the target: under 200 MB at a million users);
 * - imports a file of 100,000 new users (argon2id hashes supplied, so hashing does not dominate):
 *   a dry run, then the real run, timed until its job has succeeded, with the latency of ordinary
 *   requests measured while the job runs and, for comparison, before it.
 * Takes the main harness's options (--users, --db, --no-build, --port, --out, --postgres-url), and
 * --import-rows N (100,000 by default) and --no-export (the import alone).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Api, UserPage } from './api.js';
import { benchMain, type Cleanups } from './main.js';
import type { BenchOptions } from './options.js';
import { probeFor, startProbe, type ProbeResult } from './probe.js';
import { memoryOf, sampleRss, type Started } from './processes.js';
import { startSeededServer } from './setup.js';

// One argon2id hash (of "bench import password") for every row: the import stores hashes as given.
const HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$Jw6TMJhucdZR1h+NYjNVaA$xtjc7Ihn75Y7u3HZfnMH8wYYaYxAMWqHNIuOUoGtgCk';
const log = (line: string) => console.log(`[bench:transfer] ${line}`);

interface ExportResult {
  format: string;
  rows: number;
  mebibytes: number;
  seconds: number;
  rssMiB: number;
}

async function exportAll(server: Started, api: Api, format: 'csv' | 'ndjson'): Promise<ExportResult> {
  const stop = sampleRss(server.child.pid!);
  const started = performance.now();
  const response = await fetch(`${server.url}/api/v1/users/export?format=${format}`, {
    headers: api.authorization,
  });
  if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
  let bytes = 0;
  let lines = 0;
  // Read as it arrives, counting lines, so the client holds nothing either.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    format,
    rows: format === 'csv' ? lines - 1 : lines,
    mebibytes: bytes / 2 ** 20,
    seconds,
    rssMiB: stop(),
  };
}

function importFile(runId: string, rows: number): Buffer {
  const lines = ['email,name,role,status,password_hash'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `import-${runId}-${i}@example.com,Imported Person ${i},${i % 10 === 0 ? 'manager' : 'viewer'},active,"${HASH}"`,
    );
  }
  return Buffer.from(lines.join('\n') + '\n');
}

async function postImport(server: Started, api: Api, file: Buffer, dryRun: boolean) {
  const response = await fetch(`${server.url}/api/v1/users/import?dry_run=${dryRun}`, {
    method: 'POST',
    headers: { ...api.authorization, 'content-type': 'text/csv' },
    body: file,
  });
  const body = (await response.json()) as {
    data: { report: { counts: Record<string, number> }; job: { id: number } | null };
  };
  if (response.status >= 300) throw new Error(`import answered ${response.status}: ${JSON.stringify(body)}`);
  return body.data;
}

async function untilDone(api: Api, jobId: number): Promise<{ state: string; result: unknown }> {
  for (;;) {
    const { body } = await api.ok<{ data: { state: string; result: unknown } }>(
      'GET',
      `/api/v1/jobs/${jobId}`,
    );
    if (!['queued', 'running'].includes(body.data.state)) return body.data;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const describe = (p: ProbeResult) =>
  `${p.requests} requests, p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(0)} ms, ${p.errors} errors`;

async function run(options: BenchOptions, cleanups: Cleanups) {
  const runId = randomBytes(3).toString('hex');
  const { database, server, api } = await startSeededServer(options, cleanups, log);
  const exports: ExportResult[] = [];
  for (const format of options.exports ? (['csv', 'ndjson'] as const) : []) {
    log(`export of every user as ${format}`);
    const result = await exportAll(server, api, format);
    exports.push(result);
    log(
      `  ${result.rows} rows, ${result.mebibytes.toFixed(0)} MiB in ${result.seconds.toFixed(1)} s, server RSS at most ${result.rssMiB.toFixed(0)} MiB`,
    );
  }
  const exportPeak = memoryOf(server.child.pid!).peak;
  const file = importFile(runId, options.importRows);
  log(
    `import of ${options.importRows.toLocaleString('en')} rows (${(file.length / 2 ** 20).toFixed(1)} MiB): dry run`,
  );
  let started = performance.now();
  const dry = await postImport(server, api, file, true);
  const drySeconds = (performance.now() - started) / 1000;
  log(`  dry run: ${drySeconds.toFixed(1)} s, ${JSON.stringify(dry.report.counts)}`);
  const probeUser = (await api.ok<UserPage>('GET', '/api/v1/users?per_page=1')).body.data[0]!.id;
  const idle = await probeFor(server.url, api, probeUser, 10);
  log(`  requests one at a time, idle: ${describe(idle)}`);
  log('import: the real run, until its job has succeeded');
  const stopSampling = sampleRss(server.child.pid!);
  started = performance.now();
  const real = await postImport(server, api, file, false);
  const acceptedSeconds = (performance.now() - started) / 1000;
  log(`  checked and staged in ${acceptedSeconds.toFixed(1)} s; job ${real.job!.id} running`);
  const stopProbe = startProbe(server.url, api, probeUser);
  const job = await untilDone(api, real.job!.id);
  const importSeconds = (performance.now() - started) / 1000;
  const busy = await stopProbe();
  log(
    `  ${job.state} in ${importSeconds.toFixed(1)} s: ${(options.importRows / importSeconds).toFixed(0)} rows/s`,
  );
  log(`  requests one at a time while the job ran: ${describe(busy)}`);
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpus: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      node: process.versions.node,
    },
    database: database.version,
    users: options.users,
    exports,
    exportPeakRssMiB: exportPeak,
    exportPass: exports.every((e) => e.rssMiB * 2 ** 20 <= 200e6),
    import: {
      rows: options.importRows,
      rowsPerSecond: options.importRows / importSeconds,
      fileMiB: file.length / 2 ** 20,
      dryRun: { seconds: drySeconds, counts: dry.report.counts },
      realRun: {
        acceptedSeconds,
        seconds: importSeconds,
        state: job.state,
        result: job.result,
        rssMiB: stopSampling(),
      },
      /** GET /users/:id and the list's page 1, one at a time, 10 a second at most (bench/src/probe.ts) */
      latency: { idle, duringJob: busy },
    },
  };
}

await benchMain(run, (report, options) => {
  mkdirSync(options.out, { recursive: true });
  const file = join(
    options.out,
    `${report.date}-transfer-${options.db}-${options.users}-${options.importRows}.json`,
  );
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
  if (!report.exportPass) console.log('target missed: export RSS above 200 MB');
  if (report.import.realRun.state !== 'succeeded') process.exitCode = 1;
});
