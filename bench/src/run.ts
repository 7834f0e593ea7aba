/**
 * `npm run bench`: seeds users, starts the production build, and drives each scenario beside a
 * bare Fastify reference in the same run, reporting throughput as a ratio to that reference.
 * See docs/performance.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Api, type UserPage } from './api.js';
import { ROOT } from './database.js';
import { drive, type Measured, type Workload } from './drive.js';
import { benchMain, type Cleanups } from './main.js';
import type { BenchOptions } from './options.js';
import { ADMIN, startSeededServer } from './setup.js';
import { memoryOf, sampleRss, startNode, type Started } from './processes.js';
import { EXPECTED_STATUSES, runHostileClient, unknownKeysBody } from './hostile.js';
import { floor, judge, markdown, type Report, type ScenarioResult } from './report.js';
import * as scenarios from './scenarios.js';

const SIGN_IN_ACCOUNTS = 32;
/** The default per-address sign-in limit: the most one hostile address gets through. */
const HOSTILE_PER_MINUTE = 30;
const HOSTILE_KEYS = 90_000;
const log = (line: string) => console.log(`[bench] ${line}`);

async function prepareData(api: Api, adminId: number, runId: string): Promise<scenarios.Dataset> {
  const first = (await api.ok<UserPage>('GET', '/api/v1/users?sort=id&per_page=1')).body.data[0]!.id;
  const ids: [number, number] = [first, adminId - 1];
  const middle = Math.floor((ids[0] + ids[1]) / 2);
  const email = (await api.ok<{ data: { email: string } }>('GET', `/api/v1/users/${middle}`)).body.data.email;
  // Seeded emails end in the user's number: "<number>@" matches that user (and few others).
  const rareSearch = `${/(\d+)@/.exec(email)?.[1] ?? middle}@`;
  const pages = (await api.ok<UserPage>('GET', '/api/v1/users?per_page=20')).body.meta.pages;
  const deep = Math.max(2, Math.floor(pages * 0.9));
  const started = performance.now();
  const deepPage = await api.ok<UserPage>('GET', `/api/v1/users?per_page=20&page=${deep}`);
  log(`page ${deep} of ${pages} by offset took ${(performance.now() - started).toFixed(0)} ms (done once)`);
  const signIns = [];
  for (let i = 0; i < SIGN_IN_ACCOUNTS; i++) {
    const account = { email: `bench-sign-in-${runId}-${i}@example.com`, password: `${ADMIN.password} ${i}` };
    await api.ok('POST', '/api/v1/users', { name: `Bench Sign-in ${i}`, ...account });
    signIns.push(account);
  }
  return {
    ids,
    commonSearch: 'smith',
    rareSearch,
    deepCursor: deepPage.body.meta.next_cursor ?? '',
    deepPrevCursor: deepPage.body.meta.prev_cursor ?? '',
    lastCursor: deepPage.body.meta.last_cursor ?? '',
    pages,
    signIns,
    runId,
  };
}

async function matches(api: Api, q: string): Promise<Report['searches'][number]> {
  const path = `/api/v1/users?per_page=1&q=${encodeURIComponent(q)}`;
  const { meta } = (await api.ok<UserPage>('GET', path)).body;
  return { q, total: meta.total, exact: meta.total_exact };
}

const describeSearch = (s: Report['searches'][number]) =>
  `"${s.q}": ${s.total.toLocaleString('en')}${s.exact ? '' : '+'} matches`;

async function run(options: BenchOptions, cleanups: Cleanups): Promise<Report> {
  const runId = randomBytes(3).toString('hex');
  const { database, seedSeconds, server, api } = await startSeededServer(options, cleanups, log);
  const stopSampling = sampleRss(server.child.pid!);
  const adminId = (await api.ok<{ data: { user: { id: number } } }>('GET', '/api/v1/auth/me')).body.data.user
    .id;
  const data = await prepareData(api, adminId, runId);
  const searches = [await matches(api, data.commonSearch), await matches(api, data.rareSearch)];
  log(`searches: ${searches.map(describeSearch).join(', ')}`);

  const sample = await api.ok('GET', `/api/v1/users/${data.ids[0]}`);
  const reference: Started = await startNode(['bench/reference-server.mjs'], options.port + 1, '/', {
    REFERENCE_BODY: sample.text,
  });
  cleanups.push(reference.stop);

  const { connections, duration } = options;
  const measure = (workload: Workload, target: Started = server, c = connections): Promise<Measured> =>
    drive(target.url, workload, c, duration, target === server ? api.authorization : {});
  log(`reference, ${duration} s`);
  const referenceStart = await measure(scenarios.constant('/'), reference);

  const half = Math.floor((data.ids[0] + data.ids[1]) / 2);
  const plan: [string, Workload][] = [
    ['GET /users/:id', scenarios.readUser(data)],
    ['list page 1', scenarios.constant('/api/v1/users?per_page=20')],
    ['deep page (cursor)', scenarios.constant(`/api/v1/users?per_page=20&cursor=${data.deepCursor}`)],
    ['previous page (cursor)', scenarios.constant(`/api/v1/users?per_page=20&cursor=${data.deepPrevCursor}`)],
    ['last page (cursor)', scenarios.constant(`/api/v1/users?per_page=20&cursor=${data.lastCursor}`)],
    ['page number, random', scenarios.randomPage(data)],
    ['page number, deepest', scenarios.constant(`/api/v1/users?per_page=20&page=${data.pages}`)],
    ['search, common', scenarios.constant(`/api/v1/users?q=${encodeURIComponent(data.commonSearch)}`)],
    ['search, rare', scenarios.constant(`/api/v1/users?q=${encodeURIComponent(data.rareSearch)}`)],
    ['filter + sort', scenarios.constant('/api/v1/users?role=manager&sort=-created_at')],
    ['inactive 90 days by last sign-in', scenarios.inactiveBySignIn(90)],
    ['PATCH with If-Match', scenarios.patchUsers([data.ids[0], half])],
    ['POST create', scenarios.createUsers(data, 'create')],
    ['mixed 80/15/5', scenarios.mixed(data, [half + 1, data.ids[1]])],
    ['sign-in', scenarios.signIn(data)],
    ['overview', scenarios.constant('/api/v1/overview')],
  ];
  const measured: [string, Measured & { rssMiB: number }][] = [];
  for (const [name, workload] of plan) {
    log(`${name}, ${duration} s`);
    const stopScenarioSampling = sampleRss(server.child.pid!);
    const result = await measure(workload);
    measured.push([name, { ...result, rssMiB: stopScenarioSampling() }]);
  }
  log(`GET /users/:id beside 32 sign-ins, ${duration} s`);
  const [withSignIns] = await Promise.all([
    measure(scenarios.readUser(data)),
    measure(scenarios.signIn(data), server, SIGN_IN_ACCOUNTS),
  ]);
  const peak = memoryOf(server.child.pid!).peak;
  const highestSample = stopSampling();
  // After the memory target's reading, so the hostile bodies (nearly a megabyte each) stay out of it.
  log(
    `GET /users/:id beside a client sending ${HOSTILE_KEYS.toLocaleString('en')}-key bodies, ${duration} s`,
  );
  const hostileBody = unknownKeysBody(HOSTILE_KEYS);
  const hostileAccount = await Api.signIn(server.url, data.signIns[0]!.email, data.signIns[0]!.password);
  const stopHostileSampling = sampleRss(server.child.pid!);
  const [withHostile, hostile] = await Promise.all([
    measure(scenarios.readUser(data)),
    runHostileClient({
      baseUrl: server.url,
      signedIn: hostileAccount.authorization,
      perMinute: HOSTILE_PER_MINUTE,
      seconds: duration,
      body: hostileBody,
    }),
  ]);
  const hostileRss = stopHostileSampling();
  // The floor, between the two reference runs: the same reads and renames with nothing around them.
  log(`floor: bare Fastify doing only the database work, ${duration} s each for a read and a rename`);
  const floorServer = await startNode(['bench/floor-server.mjs'], options.port + 2, '/', {
    DATABASE_URL: database.url,
  });
  cleanups.push(floorServer.stop);
  const floorRead = await measure(scenarios.readUser(data), floorServer);
  const floorRename = await measure(scenarios.patchUsers([data.ids[0], half]), floorServer);
  await floorServer.stop();
  log(`reference again, ${duration} s`);
  const referenceEnd = await measure(scenarios.constant('/'), reference);
  const referenceMean = (referenceStart.rps + referenceEnd.rps) / 2;

  const results: ScenarioResult[] = [];
  for (const [name, m] of measured) results.push(judge(name, m, referenceMean, options.db, results));
  const scenario = (name: string) => results.find((s) => s.name === name);
  const floors = {
    read: floor(floorRead, referenceMean, scenario('GET /users/:id')),
    rename: floor(floorRename, referenceMean, scenario('PATCH with If-Match')),
  };
  const alone = measured[0]![1].p99;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const { users, auditEvents, db, check, strict, build, port } = options;
  const shown = { users, auditEvents, db, duration, connections, check, strict, build, port };
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpus: cpu.trim(),
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.versions.node,
      database: database.version,
    },
    options: shown,
    seedSeconds,
    searches,
    reference: {
      start: referenceStart.rps,
      end: referenceEnd.rps,
      mean: referenceMean,
      p99: referenceStart.p99,
    },
    scenarios: results,
    floors,
    signInLoad: {
      getP99Alone: alone,
      getP99WithSignIns: withSignIns.p99,
      factor: withSignIns.p99 / alone,
      pass: withSignIns.p99 <= 5 * alone,
    },
    hostileLoad: {
      perMinute: HOSTILE_PER_MINUTE,
      keys: HOSTILE_KEYS,
      bodyBytes: Buffer.byteLength(hostileBody),
      sent: hostile.sent,
      statuses: hostile.statuses,
      expected: [...EXPECTED_STATUSES],
      rssMiB: hostileRss,
      getP99Alone: alone,
      getP99WithHostile: withHostile.p99,
      factor: withHostile.p99 / alone,
      pass: withHostile.p99 <= 2 * alone,
    },
    memory: { peakRssMiB: peak, highestSampleMiB: highestSample, pass: peak * 2 ** 20 <= 200e6 },
    seedTarget:
      options.db === 'sqlite' && options.users === 1_000_000
        ? { seconds: seedSeconds, pass: seedSeconds <= 60 }
        : null,
    errors:
      results.reduce((sum, s) => sum + s.errors, 0) +
      withSignIns.errors +
      withHostile.errors +
      hostile.errors +
      floorRead.errors +
      floorRename.errors,
  };
}

function missedTargets(report: Report): string[] {
  return [
    ...report.scenarios.filter((s) => s.pass === false).map((s) => s.name),
    ...(report.signInLoad.pass ? [] : ['GET p99 beside sign-ins']),
    ...(report.hostileLoad.pass ? [] : ['GET p99 beside hostile bodies']),
    ...(report.memory.pass ? [] : ['peak RSS']),
    ...(report.seedTarget && !report.seedTarget.pass ? ['seeding'] : []),
  ];
}

await benchMain(run, (report, options) => {
  mkdirSync(options.out, { recursive: true });
  const file = join(options.out, `${report.date}-${options.db}-${options.users}`);
  writeFileSync(`${file}.json`, JSON.stringify(report, null, 2) + '\n');
  const table = markdown(report);
  writeFileSync(`${file}.md`, table);
  console.log(`\n${table}\nwritten to ${file.replace(ROOT, '')}.{json,md}`);
  const missed = missedTargets(report);
  if (missed.length > 0) console.log(`targets missed: ${missed.join(', ')}`);
  if (options.check && report.errors > 0) {
    console.error(`${report.errors} requests failed`);
    process.exitCode = 1;
  }
  if (options.strict && missed.length > 0) process.exitCode = 1;
});
