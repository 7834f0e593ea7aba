import type { Measured } from './drive.js';
import type { BenchOptions } from './options.js';

export interface ScenarioResult extends Measured {
  name: string;
  /** the highest RSS of the server sampled during the scenario */
  rssMiB: number;
  /** throughput over the reference's (or over `against`, for the deep page) */
  ratio: number;
  against: string;
  target: number | null;
  pass: boolean | null;
  note?: string;
}

/** The issue's targets: single server process, ratios to the reference in the same run. */
const TARGETS: Record<string, { sqlite: number; postgres: number; against?: string }> = {
  'GET /users/:id': { sqlite: 0.4, postgres: 0.25 },
  'list page 1': { sqlite: 0.25, postgres: 0.15 },
  'search, rare': { sqlite: 0.1, postgres: 0.05 },
  'filter + sort': { sqlite: 0.2, postgres: 0.1 },
  'deep page (cursor)': { sqlite: 0.8, postgres: 0.8, against: 'list page 1' },
  // Issue 17, item 8: previous and last cost what a cursor costs; a page number anywhere at
  // least a tenth of page 1.
  'previous page (cursor)': { sqlite: 0.8, postgres: 0.8, against: 'list page 1' },
  'last page (cursor)': { sqlite: 0.8, postgres: 0.8, against: 'list page 1' },
  'page number, random': { sqlite: 0.1, postgres: 0.1, against: 'list page 1' },
  'page number, deepest': { sqlite: 0.1, postgres: 0.1, against: 'list page 1' },
  'PATCH with If-Match': { sqlite: 0.1, postgres: 0.05 },
};

export function judge(
  name: string,
  measured: Measured & { rssMiB: number },
  reference: number,
  db: BenchOptions['db'],
  others: ScenarioResult[],
): ScenarioResult {
  const target = TARGETS[name];
  const base = target?.against ? others.find((o) => o.name === target.against)?.rps : reference;
  const ratio = base ? measured.rps / base : NaN;
  const goal = target ? target[db] : null;
  return {
    name,
    ...measured,
    ratio,
    against: target?.against ?? 'reference',
    target: goal,
    pass: goal === null ? null : ratio >= goal,
  };
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** A floor: the same workload against bare Fastify doing the database work alone. */
export interface FloorResult extends Measured {
  /** throughput over the reference's */
  ratio: number;
  /** the server scenario measured against this floor, and the share of it the server reaches */
  scenario: string;
  share: number;
}

/** Measures a floor beside its server scenario. */
export function floor(
  measured: Measured,
  reference: number,
  scenario: ScenarioResult | undefined,
): FloorResult {
  return {
    ...measured,
    ratio: measured.rps / reference,
    scenario: scenario?.name ?? '',
    share: scenario ? scenario.rps / measured.rps : NaN,
  };
}

export interface Report {
  date: string;
  machine: { cpus: string; cores: number; memoryGiB: number; node: string; database: string };
  /** `reuse` says only whether a database was reused: its URL may carry a password or a local path */
  options: Omit<BenchOptions, 'out' | 'postgresUrl' | 'reuse' | 'importRows' | 'exports'> & {
    reuse: boolean;
  };
  /** NaN (null in the JSON) when the run reused a database */
  seedSeconds: number;
  /** the common and the rare search, and how many users each matched */
  searches: { q: string; total: number; exact: boolean }[];
  reference: { start: number; end: number; mean: number; p99: number };
  scenarios: ScenarioResult[];
  /** bare Fastify with one read by id, and with one rename in a transaction (bench/floor-server.mjs) */
  floors: { read: FloorResult; rename: FloorResult };
  signInLoad: { getP99Alone: number; getP99WithSignIns: number; factor: number; pass: boolean };
  /** GET /users/:id beside a client sending bodies of unknown keys to sign-in and PATCH /auth/me */
  hostileLoad: {
    perMinute: number;
    keys: number;
    bodyBytes: number;
    sent: number;
    statuses: Record<string, number>;
    /** the statuses the hostile client should get (422, 429); others are errors */
    expected: number[];
    /** the highest RSS of the server sampled meanwhile */
    rssMiB: number;
    getP99Alone: number;
    getP99WithHostile: number;
    factor: number;
    pass: boolean;
  };
  memory: { peakRssMiB: number; highestSampleMiB: number; pass: boolean };
  seedTarget: { seconds: number; pass: boolean } | null;
  errors: number;
}

export function describeHostile(h: Report['hostileLoad']): string {
  const answers = Object.entries(h.statuses)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
  return (
    `- GET /users/:id p99 while one client sends ${fixed(h.bodyBytes / 2 ** 20, 2)} MiB bodies of ` +
    `${h.keys.toLocaleString('en')} unknown keys to sign-in and to PATCH /auth/me, ${h.perMinute} a minute ` +
    `each: ${fixed(h.getP99WithHostile, 2)} ms, ${fixed(h.factor, 1)}× its ${fixed(h.getP99Alone, 2)} ms alone ` +
    `(target ≤ 2×: ${h.pass ? 'met' : '**missed**'}); the client's ${h.sent} requests were answered ` +
    `${answers || 'not at all'} (${h.expected.join(' and ')} expected); server RSS up to ${fixed(h.rssMiB)} MiB.`
  );
}

export function markdown(report: Report): string {
  const rows = report.scenarios.map(
    (s) =>
      `| ${s.name} | ${fixed(s.rps)} | ${fixed(s.p50, 2)} | ${fixed(s.p95, 2)} | ${fixed(s.p99, 2)} | ${s.errors} | ` +
      `${fixed(s.rssMiB)} | ` +
      `${fixed(s.ratio, 3)}${s.against === 'reference' ? '' : ` of ${s.against}`} | ` +
      `${s.target === null ? '' : `≥ ${s.target} ${s.pass ? 'met' : '**missed**'}`} |` +
      (s.note ? ` ${s.note}` : ''),
  );
  const { machine, options, reference, signInLoad, hostileLoad, memory, floors } = report;
  const describeFloor = (what: string, f: FloorResult) => {
    const target = report.scenarios.find((s) => s.name === f.scenario)?.target ?? null;
    const above = target !== null && f.ratio < target ? '; the target is above this floor' : '';
    return (
      `${what}: ${fixed(f.rps)} requests/s, ratio ${fixed(f.ratio, 3)}, p99 ${fixed(f.p99, 2)} ms, ` +
      `${f.errors} errors` +
      // With --only its scenario may not have run.
      (f.scenario ? ` (${f.scenario} reaches ${fixed(f.share * 100)}% of it${above})` : '')
    );
  };
  return [
    `### ${options.users.toLocaleString('en')} users${options.auditEvents ? ` and ${options.auditEvents.toLocaleString('en')} audit events` : ''} on ${machine.database}, ${report.date}`,
    '',
    `${machine.cores} × ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `${options.connections} connections, ${options.duration} s a scenario. ` +
      (options.reuse
        ? 'The database was one an earlier run seeded (--reuse). '
        : `Seeding took ${fixed(report.seedSeconds, 1)} s. `) +
      'Reference (bare Fastify): ' +
      `${fixed(reference.start)} and ${fixed(reference.end)} requests/s at the start and the end, ` +
      `mean ${fixed(reference.mean)}. Searches: ` +
      report.searches
        .map((s) => `"${s.q}" ${s.total.toLocaleString('en')}${s.exact ? '' : '+'} matches`)
        .join(', ') +
      '. The server ran with LOGIN_RATE_LIMIT=100000 (one address signs in all the time).',
    '',
    '| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | RSS MiB | ratio | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    `- Floor, bare Fastify doing only the database work (no sign-in, log or headers): ` +
      `${describeFloor('one read by id', floors.read)}; ${describeFloor('one rename in a transaction', floors.rename)}.`,
    `- GET /users/:id p99 while 32 sign-ins run: ${fixed(signInLoad.getP99WithSignIns, 2)} ms, ` +
      `${fixed(signInLoad.factor, 1)}× its ${fixed(signInLoad.getP99Alone, 2)} ms alone ` +
      `(target ≤ 5×: ${signInLoad.pass ? 'met' : '**missed**'}).`,
    describeHostile(hostileLoad),
    `- Peak RSS of the server: ${fixed(memory.peakRssMiB)} MiB (VmHWM; highest sample under load ` +
      `${fixed(memory.highestSampleMiB)} MiB; target ≤ 200 MB: ${memory.pass ? 'met' : '**missed**'}).`,
    report.seedTarget
      ? `- Seeding 1,000,000 users on SQLite: ${fixed(report.seedTarget.seconds, 1)} s (target ≤ 60 s: ` +
        `${report.seedTarget.pass ? 'met' : '**missed**'}).`
      : '',
    `- Errors in all scenarios: ${report.errors}.`,
    '',
  ].join('\n');
}
