import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';

describe(`listing audit events over HTTP on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers events with their before and after values, whatever their types', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'Ada', email: 'ada@example.com' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id as number;
    const renamed = await t.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      payload: { name: 'Ada L.' },
    });
    expect(renamed.statusCode).toBe(200);

    const res = await t.inject({ method: 'GET', url: `/api/v1/audit-events?target_id=${id}` });
    expect(res.statusCode).toBe(200);
    const events = res.json().data as { action: string; changes: Record<string, unknown[]> | null }[];
    expect(events.map((e) => e.action)).toEqual(['user.updated', 'user.created']);
    expect(events[0]?.changes).toEqual({ name: ['Ada', 'Ada L.'] });
    expect(events[1]?.changes).toMatchObject({ name: [null, 'Ada'], email: [null, 'ada@example.com'] });
  });
});
