import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options.js';
import { floor, judge } from '../src/report.js';
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
});
