import autocannon from 'autocannon';
import type { EventEmitter } from 'node:events';

/** One request as a scenario makes it; `context` lives as long as its connection. */
export interface Request {
  method?: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Workload {
  /** the next request of a connection */
  next: (context: Record<string, unknown>) => Request;
  /** sees each answer (status and body) before the same connection's next request */
  answered?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface Measured {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** answers other than 2xx, socket errors and timeouts */
  errors: number;
  statuses: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Drives `baseUrl` with `connections` connections for `seconds`, one request at a time per
 * connection, and measures every answer's latency itself (autocannon's histogram has whole
 * milliseconds and no p95).
 */
export async function drive(
  baseUrl: string,
  workload: Workload,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<Measured> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  // Without a callback autocannon answers its tracker: an event emitter that is also a promise.
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    headers,
    requests: [
      {
        setupRequest: (request, context) => {
          const next = workload.next(context as Record<string, unknown>);
          return {
            ...request,
            method: next.method ?? 'GET',
            path: next.path,
            headers: { ...request.headers, ...next.headers },
            body: next.body,
          };
        },
        onResponse: workload.answered
          ? (status, body, context) => workload.answered!(status, body, context as Record<string, unknown>)
          : undefined,
      },
    ],
  }) as unknown as EventEmitter & Promise<autocannon.Result>;
  void instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const answered = latencies.length;
  const ok = Object.entries(statuses)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: answered,
    rps: answered / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: answered - ok + result.errors + result.timeouts,
    statuses,
  };
}

const SETTLED_IN_A_ROW = 3;
const SETTLE_LIMIT_MS = 60_000;

async function answerTime(url: string): Promise<number> {
  const started = performance.now();
  await (await fetch(url)).arrayBuffer();
  return performance.now() - started;
}

/**
 * How long `GET url` takes on a quiet server: the median of a few. Pass a route that reaches
 * the database (`/readyz`), so that work queued for the pool shows in the time.
 */
export async function quietAnswerTime(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) times.push(await answerTime(url));
  return times.sort((a, b) => a - b)[3]!;
}

/**
 * Waits until `GET url` answers within three times its quiet time three times in a row, and
 * answers how long that took (at most a minute). A scenario ends with its connections' last
 * requests unanswered; the server and the database still do that work (a deep OFFSET page
 * runs for seconds), and without this wait the next scenario is measured beside it.
 */
export async function settle(url: string, quietMs: number): Promise<number> {
  const started = performance.now();
  let inARow = 0;
  while (inARow < SETTLED_IN_A_ROW && performance.now() - started < SETTLE_LIMIT_MS) {
    inARow = (await answerTime(url)) <= 3 * quietMs ? inARow + 1 : 0;
    if (inARow === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}
