import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** The value of one sample line, e.g. `http_requests_in_flight 1`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe(`/metrics on ${dialect}`, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const scrape = (token = TOKEN) =>
    t!.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });

  it('is not served at all when METRICS_TOKEN is unset', async () => {
    t = await buildTestApp();
    const res = await scrape();
    expect(res.statusCode).toBe(404);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    t = await buildTestApp({ env: { METRICS_TOKEN: TOKEN } });
    const none = await t.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json()).toMatchObject({ status: 'error', code: 'unauthorized' });
    expect((await scrape(`${TOKEN}x`)).statusCode).toBe(401);
    expect((await scrape(TOKEN.slice(0, -1) + 'X')).statusCode).toBe(401);
  });

  it('counts requests by route pattern and status, with their durations', async () => {
    t = await buildTestApp({ env: { METRICS_TOKEN: TOKEN } });
    for (let i = 0; i < 3; i++) await t.inject({ method: 'GET', url: '/api/v1/users' });
    await t.inject({ method: 'GET', url: '/api/v1/users/999999' });
    await t.inject({ method: 'GET', url: '/no/such/path' });
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    const count = (labels: string) => sample(text, `http_request_duration_seconds_count{${labels}}`);
    expect(count('method="GET",route="/api/v1/users",status_code="200"')).toBe(3);
    expect(count('method="GET",route="/api/v1/users/:id",status_code="404"')).toBe(1);
    expect(count('method="GET",route="unmatched",status_code="404"')).toBe(1);
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET"');
  });

  it('reports requests in flight, database connections, event-loop lag and memory', async () => {
    t = await buildTestApp({ env: { METRICS_TOKEN: TOKEN } });
    await t.inject({ method: 'GET', url: '/readyz' });
    const text = (await scrape()).body;
    // The scrape itself is the one request in flight while the metrics are read.
    expect(sample(text, 'http_requests_in_flight')).toBe(1);
    expect(sample(text, 'db_pool_connections{state="max"}')).toBe(dialect === 'sqlite' ? 1 : 4);
    if (dialect === 'postgres') {
      expect(sample(text, 'db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'db_pool_connections{state="waiting"}')).toBe(0);
    } else {
      expect(sample(text, 'db_pool_connections{state="idle"}')).toBeUndefined();
    }
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
  });
});
