import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { UserSchema, type User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, failure, success } from '../support/http.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  err?: { message: string; stack: string };
}

describe(`internal errors and response shapes on ${dialect}`, () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('answers a bug with the bare 500 envelope and logs it whole with the request id', async () => {
    const lines: LogLine[] = [];
    t = await buildTestApp({
      logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } },
      beforeReady: (app) => {
        // A real driver error: the SQL and the database's message must stay in the log.
        app.get('/boom/sql', { schema: {} }, async () => {
          await sql`select secret_column from no_such_table`.execute(app.db);
        });
        app.get('/boom/throw', () => {
          throw new TypeError('Cannot read properties of undefined (reading "password_hash")');
        });
      },
    });

    for (const url of ['/boom/sql', '/boom/throw']) {
      const res = await t.inject({ method: 'GET', url, headers: { 'x-request-id': `req-${url.slice(6)}` } });
      expect(failure(res, 500)).toEqual({
        status: 'error',
        data: null,
        message: 'Internal server error',
        code: 'internal_error',
      });
      expect(res.body).not.toMatch(/no_such_table|secret_column|select|password_hash|TypeError|at \//i);
    }

    const sqlLog = lines.find((l) => l.reqId === 'req-sql' && l.err);
    expect(sqlLog?.level).toBe(50);
    expect(sqlLog?.err?.message).toMatch(/no_such_table/);
    expect(sqlLog?.err?.stack).toMatch(/\n\s+at /);
    expect(lines.find((l) => l.reqId === 'req-throw' && l.err)?.err?.message).toMatch(/password_hash/);
  });

  it('answers a 503 from a handler as service_unavailable, never a 500', async () => {
    t = await buildTestApp({
      beforeReady: (app) => {
        app.get('/busy', () => {
          throw Object.assign(new Error('pool exhausted at 10.0.0.5'), { statusCode: 503 });
        });
      },
    });
    const res = await t.inject({ method: 'GET', url: '/busy' });
    expect(failure(res, 503).code).toBe('service_unavailable');
    expect(res.body).not.toContain('10.0.0.5');
  });

  it('drops whatever a handler returns outside the response schema', async () => {
    t = await buildTestApp({
      beforeReady: (app) => {
        const schema = { response: { 200: Type.Object({ id: Type.Integer() }) } };
        app.get('/leaky', { schema }, () => ({ id: 1, password_hash: 'x', search_key: 'y' }));
      },
    });
    expect((await t.inject({ method: 'GET', url: '/leaky' })).json()).toEqual({ id: 1 });
  });

  it('answers users with exactly the fields of the User schema, never search_key', async () => {
    t = await buildTestApp();
    const fields = Object.keys(UserSchema.properties).sort();
    const user = await createUser(t, { name: 'Shape', email: 'shape@example.com' });
    const answers = [
      await t.inject({ method: 'GET', url: '/api/v1/users' }),
      await t.inject({ method: 'GET', url: `/api/v1/users/${user.id}` }),
      await t.inject({ method: 'PUT', url: `/api/v1/users/${user.id}`, payload: { name: 'Shaped' } }),
      await t.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { role: 'admin' } }),
      await t.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}` }),
      await t.inject({
        method: 'POST',
        url: '/users/',
        payload: { name: 'Seed', email: 'seed@example.com' },
      }),
    ];
    for (const res of answers) {
      expect(res.body).not.toContain('search_key');
      const body = success<User | User[]>(res);
      const envelope = Array.isArray(body.data)
        ? ['data', 'message', 'meta', 'status']
        : ['data', 'message', 'status'];
      expect(Object.keys(body).sort()).toEqual(envelope);
      for (const item of [body.data].flat()) expect(Object.keys(item).sort()).toEqual(fields);
    }
  });
});
