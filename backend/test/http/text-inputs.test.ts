import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { operationsOf } from '../support/openapi-operations.js';

/**
 * PostgreSQL text cannot hold NUL (U+0000): a filter carrying one failed in the driver, a 500 on
 * PostgreSQL and an empty page on SQLite. Text that reaches SQL refuses it with a 422 naming the
 * parameter, on both databases.
 */

describe(`text filters with NUL on ${dialect}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['action', '%00'],
    ['target_id', 'user%00'],
  ])('refuses %s with a NUL in the audit log with 422 naming it', async (name, value) => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/audit-events?${name}=${value}` });
    expect(res.statusCode, res.body).toBe(422);
    expect(Object.keys(res.json().errors)).toEqual([name]);
  });

  it('refuses a NUL in every string query parameter the OpenAPI document lists', async () => {
    const document = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const parameters = operationsOf(document)
      .filter((op) => op.documented && op.method === 'GET')
      .flatMap((op) =>
        op.parameters
          .filter((p) => p.in === 'query' && p.schema.type === 'string' && !p.schema.enum)
          .map((p) => ({ path: op.path, name: p.name })),
      );
    expect(parameters.length).toBeGreaterThan(0);
    for (const { path, name } of parameters) {
      // A path's own parameters (a job's {id}) take a valid value, so only the query is refused.
      const url = `${path.replace(/\{[^}]+\}/g, '1')}?${name}=a%00b`;
      const res = await t.inject({ method: 'GET', url });
      expect(res.statusCode, `${path}?${name}: ${res.body}`).toBe(422);
      expect(Object.keys(res.json().errors), `${path}?${name}`).toEqual([name]);
    }
  });
});
