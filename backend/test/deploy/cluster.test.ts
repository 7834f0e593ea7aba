import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { httpRequest } from '../support/http-client.js';
import {
  ADMIN,
  processDatabase,
  startServer,
  testPort,
  type LogLine,
  type ServerProcess,
} from '../support/server-process.js';

const TOKEN = 'cluster-metrics-token-0123456789';

describe(`WEB_CONCURRENCY=2 on ${dialect}`, () => {
  let server: ServerProcess;
  let database: Awaited<ReturnType<typeof processDatabase>>;
  let workerPids: number[];
  let sequence = 0;
  let token: string;

  /** Sends a request tagged with its own request id and answers the pid that served it. */
  async function servedBy(path = '/healthz', init: { method?: string; body?: unknown } = {}) {
    const id = `cluster-${++sequence}`;
    const res = await httpRequest(`${server.url}${path}`, {
      method: init.method,
      headers: {
        'x-request-id': id,
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const line = await server.waitForLog((l) => l.reqId === id && l.msg === 'request completed', id);
    return { res, pid: line.pid! };
  }

  const listening = (pid?: number) => (l: LogLine) =>
    l.msg === 'worker listening' && (pid === undefined || l.workerPid === pid);

  beforeAll(async () => {
    database = await processDatabase();
    server = startServer(
      {
        WEB_CONCURRENCY: '2',
        PORT: String(testPort('cluster')),
        DATABASE_URL: database.url,
        METRICS_TOKEN: TOKEN,
      },
      database.dir,
    );
    await server.waitForLog(listening(), 'a first worker');
    await server.waitForLog(
      (l) => server.logs.filter(listening()).length === 2 && listening()(l),
      'two workers',
    );
    workerPids = server.logs.filter(listening()).map((l) => l.workerPid as number);
    const login = await httpRequest(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status, login.text()).toBe(200);
    token = login.json<{ data: { access_token: string } }>().data.access_token;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('migrates once, in the primary, and then runs two workers', () => {
    const start = server.logs.find((l) => l.msg === 'starting workers')!;
    expect(start.workers).toBe(2);
    const migrations = server.logs.filter((l) => l.msg === 'migration applied');
    expect(migrations.length).toBeGreaterThan(0);
    expect(new Set(migrations.map((l) => l.pid))).toEqual(new Set([start.primaryPid]));
    expect(new Set(workerPids).size).toBe(2);
    expect(workerPids).not.toContain(start.primaryPid);
  });

  it('answers from both worker processes', async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const { res, pid } = await servedBy();
      expect(res.status).toBe(200);
      pids.add(pid);
    }
    expect([...pids].sort()).toEqual([...workerPids].sort());
  });

  it('loses no write when both workers write to the database at once', async () => {
    const total = 120;
    const acknowledged: string[] = [];
    const writers = new Set<number>();
    for (let batch = 0; batch < total / 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const email = `writer-${batch}-${i}@example.com`;
          return servedBy('/api/v1/users', { method: 'POST', body: { name: `Writer ${batch}-${i}`, email } });
        }),
      );
      for (const { res, pid } of answers) {
        expect(res.status, res.text()).toBe(201);
        acknowledged.push(res.json<{ data: { email: string } }>().data.email);
        writers.add(pid);
      }
    }
    expect(writers.size).toBe(2);
    const stored: string[] = [];
    for (let page = 1; stored.length < total && page <= 10; page++) {
      const res = await httpRequest(`${server.url}/api/v1/users?per_page=100&page=${page}&q=writer-`, {
        headers: { authorization: `Bearer ${token}` },
      });
      stored.push(...res.json<{ data: { email: string }[] }>().data.map((u) => u.email));
    }
    expect(stored.sort()).toEqual(acknowledged.sort());
  });

  it('sums the metrics of every worker in one scrape', async () => {
    const before = await scrapeCount();
    for (let i = 0; i < 6; i++) await servedBy('/readyz');
    expect((await scrapeCount()) - before).toBe(6);

    async function scrapeCount(): Promise<number> {
      const res = await httpRequest(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(200);
      const line = res
        .text()
        .split('\n')
        .find((l) => l.startsWith('http_request_duration_seconds_count{method="GET",route="/readyz"'));
      return line ? Number(line.split(' ').pop()) : 0;
    }
  });

  it('replaces a worker that dies', async () => {
    const [victim, survivor] = workerPids as [number, number];
    process.kill(victim, 'SIGKILL');
    const died = await server.waitForLog((l) => l.msg === 'worker died; replaced' && l.workerPid === victim);
    const replacement = died.replacementPid as number;
    expect(died.signal).toBe('SIGKILL');
    await server.waitForLog(listening(replacement), 'the replacement listening');
    const pids = new Set<number>();
    for (let i = 0; i < 10; i++) pids.add((await servedBy()).pid);
    expect([...pids].sort()).toEqual([replacement, survivor].sort());
    workerPids = [replacement, survivor];
  });

  it('stops every worker gracefully on SIGTERM and exits 0', async () => {
    expect(await server.stop()).toBe(0);
    const stopped = server.logs.filter((l) => l.msg === 'worker stopped');
    expect(stopped.map((l) => l.workerPid).sort()).toEqual([...workerPids].sort());
    expect(stopped.every((l) => l.code === 0)).toBe(true);
    for (const pid of workerPids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
