import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { settle } from '../src/drive.js';
import { runHostileClient, schedule, unknownKeysBody } from '../src/hostile.js';
import { parseOptions } from '../src/options.js';
import { describeHostile, floor, judge } from '../src/report.js';
import { patchUsers } from '../src/scenarios.js';

const measured = (rps: number) => ({
  requests: rps,
  rps,
  p50: 1,
  p95: 2,
  p99: 3,
  errors: 0,
  statuses: {},
  rssMiB: 100,
});

describe('the benchmark harness', () => {
  it('reads its options and refuses bad ones with the option named', () => {
    expect(parseOptions([])).toMatchObject({
      users: 100_000,
      db: 'sqlite',
      duration: 5,
      connections: 16,
      check: false,
    });
    expect(parseOptions(['--users', '1000000', '--db', 'postgres', '--strict'])).toMatchObject({
      users: 1_000_000,
      db: 'postgres',
      check: true,
      strict: true,
    });
    expect(() => parseOptions(['--db', 'mysql'])).toThrow(/--db "mysql"/);
    expect(() => parseOptions(['--users', '12abc'])).toThrow(/--users "12abc"/);
    expect(() => parseOptions(['--bogus'])).toThrow();
  });

  it('reads --keep, --reuse and --only, and refuses a database of the other kind', () => {
    expect(parseOptions([])).toMatchObject({ keep: false, reuse: null, only: [] });
    expect(
      parseOptions(['--db', 'postgres', '--keep', '--reuse', 'postgres://h/db', '--only', 'overview, page']),
    ).toMatchObject({ keep: true, reuse: 'postgres://h/db', only: ['overview', 'page'] });
    expect(parseOptions(['--reuse', 'sqlite:/tmp/x.db'])).toMatchObject({ reuse: 'sqlite:/tmp/x.db' });
    expect(() => parseOptions(['--reuse', 'postgres://h/db'])).toThrow(/--reuse .* is not a sqlite database/);
    expect(() => parseOptions(['--reuse', 'mysql://h/db'])).toThrow(/--reuse "mysql:\/\/h\/db" is invalid/);
  });

  it('waits for the server to answer quickly three times in a row before the next scenario', async () => {
    // The first four answers are slow, as when a scenario left work behind; then quick.
    let answered = 0;
    const server = createServer((_req, res) => {
      answered += 1;
      setTimeout(() => res.end('ok'), answered <= 4 ? 300 : 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await settle(`http://127.0.0.1:${port}/readyz`, 30);
      expect(answered).toBeGreaterThanOrEqual(4 + 3);
    } finally {
      server.close();
    }
  });

  it("judges a scenario by its ratio to the reference, and the deep page by page 1's", () => {
    const first = judge('list page 1', measured(3000), 10_000, 'sqlite', []);
    expect(first).toMatchObject({ ratio: 0.3, target: 0.25, pass: true });
    expect(judge('list page 1', measured(1400), 10_000, 'postgres', [])).toMatchObject({
      target: 0.15,
      pass: false,
    });
    expect(judge('deep page (cursor)', measured(2500), 10_000, 'sqlite', [first])).toMatchObject({
      ratio: 2500 / 3000,
      against: 'list page 1',
      pass: true,
    });
    // A page number anywhere: a tenth of page 1 on both databases (issue 17, item 8).
    expect(judge('page number, deepest', measured(290), 10_000, 'postgres', [first])).toMatchObject({
      against: 'list page 1',
      target: 0.1,
      pass: false,
    });
    expect(judge('previous page (cursor)', measured(2500), 10_000, 'sqlite', [first])).toMatchObject({
      target: 0.8,
      pass: true,
    });
    expect(judge('POST create', measured(10), 10_000, 'sqlite', [])).toMatchObject({
      target: null,
      pass: null,
    });
  });

  it('measures a floor against the reference, and the share of it its server scenario reaches', () => {
    const get = judge('GET /users/:id', measured(2000), 10_000, 'postgres', []);
    const read = floor(measured(1600), 10_000, get);
    // A floor below the target: no server doing more than the floor could meet it.
    expect(read).toMatchObject({ ratio: 0.16, scenario: 'GET /users/:id', share: 1.25 });
    expect(read.ratio).toBeLessThan(get.target!);
    expect(floor(measured(4000), 10_000, undefined).share).toBeNaN();
  });

  it('never has two PATCHes of one user in flight, and sends the version the last answer gave', () => {
    const workload = patchUsers([1, 3]);
    const contexts = [{}, {}, {}] as Record<string, unknown>[];
    const requests = contexts.map((c) => workload.next(c));
    expect(new Set(contexts.map((c) => c.id)).size).toBe(3);
    expect(requests.every((r) => r.headers?.['if-match'] === '"1"')).toBe(true);
    const [first] = contexts;
    workload.answered!(200, JSON.stringify({ data: { id: first!.id, version: 2 } }), first!);
    const again = {};
    const next = workload.next(again);
    expect((again as { id: number }).id).toBe(first!.id);
    expect(next.headers?.['if-match']).toBe('"2"');
  });

  it('builds the hostile body: valid JSON of 90,000 unknown keys, about 1 MB and under the 1 MiB limit', () => {
    const body = unknownKeysBody();
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(Object.keys(parsed)).toHaveLength(90_000);
    expect(Object.keys(parsed).some((k) => ['email', 'password', 'name'].includes(k))).toBe(false);
    expect(Buffer.byteLength(body)).toBeGreaterThan(900_000);
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
  });

  it('paces the hostile client at the rate given, the two routes half an interval apart', () => {
    expect(schedule(30, 5)).toEqual([
      { at: 0, route: 'sign-in' },
      { at: 1000, route: 'me' },
      { at: 2000, route: 'sign-in' },
      { at: 3000, route: 'me' },
      { at: 4000, route: 'sign-in' },
    ]);
  });

  it("counts the hostile client's 422 and 429 answers as expected and anything else as an error", async () => {
    const answers = [422, 429, 500];
    const seen: { method?: string; url?: string; authorization?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      req.resume();
      req.on('end', () => res.writeHead(answers[seen.length - 1] ?? 200).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // 60 a minute each: sign-in at 0 and 1 s, PATCH at 0.5 s.
      const result = await runHostileClient({
        baseUrl: `http://127.0.0.1:${port}`,
        signedIn: { authorization: 'Bearer t' },
        perMinute: 60,
        seconds: 1.5,
        body: '{"k":0}',
      });
      expect(result).toEqual({ sent: 3, statuses: { 422: 1, 429: 1, 500: 1 }, errors: 1 });
      const login = { method: 'POST', url: '/api/v1/auth/login', authorization: undefined };
      const me = { method: 'PATCH', url: '/api/v1/auth/me', authorization: 'Bearer t' };
      expect(seen).toHaveLength(3);
      expect(seen).toEqual(expect.arrayContaining([login, login, me]));
    } finally {
      server.close();
    }
  });

  it('reports the hostile scenario against its 2x target', () => {
    const line = describeHostile({
      perMinute: 30,
      keys: 90_000,
      bodyBytes: 990_001,
      sent: 5,
      statuses: { 422: 4, 429: 1 },
      expected: [422, 429],
      rssMiB: 180,
      getP99Alone: 10,
      getP99WithHostile: 25,
      factor: 2.5,
      pass: false,
    });
    expect(line).toContain('25.00 ms, 2.5× its 10.00 ms alone (target ≤ 2×: **missed**)');
    expect(line).toContain('answered 4 × 422, 1 × 429');
  });
});
