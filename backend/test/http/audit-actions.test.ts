import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/dialect.js';
import { auditRegistry } from '../../src/services/audit-actions.js';
import { recordEvent } from '../../src/services/audit.service.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { signedInInject, signIn } from '../support/auth.js';
import { userRow } from '../support/users.js';

const request = { ip: null, userAgent: null, requestId: null };

interface Catalog {
  actions: { name: string; label: string; target_type: string }[];
  target_types: { name: string; label: string }[];
}

describe(`the audit actions catalog on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const catalog = async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/audit/actions' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ status: string; data: Catalog; message: null }>();
  };

  it('answers every registered action with its label and target type, in the envelope', async () => {
    const body = await catalog();
    expect(body.status).toBe('success');
    expect(body.data.actions).toEqual(auditRegistry.actions());
    expect(body.data.target_types).toEqual(auditRegistry.targetTypes());
    expect(body.data.actions).toContainEqual({
      name: 'user.created',
      label: 'User created',
      target_type: 'user',
    });
    expect(body.data.target_types).toContainEqual({ name: 'user', label: 'User' });
  });

  it('names every action and target type that a day of work leaves in the log', async () => {
    const { actions, target_types } = (await catalog()).data;
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'Cat Alog', email: 'cat@example.com', password: 'a long and fine passphrase 1' },
    });
    const id = created.json().data.id;
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { role: 'manager' } });
    await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'cat@example.com', password: 'wrong' },
    });
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${id}/sessions` });
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${id}` });
    await t.inject({ method: 'POST', url: '/api/v1/auth/logout' });

    const events = await auditEvents(t.app);
    expect(events.length).toBeGreaterThanOrEqual(7);
    for (const event of events) {
      expect(actions.map((a) => a.name)).toContain(event.action);
      if (event.target_type !== null) expect(target_types.map((tt) => tt.name)).toContain(event.target_type);
    }
  });

  it('is for those who may read the audit log', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/audit/actions' });
    expect(anonymous.statusCode).toBe(401);
    for (const role of ['viewer', 'manager'] as const) {
      const { token } = await signIn(t.app, role);
      const res = await signedInInject(t.app, token)({ method: 'GET', url: '/api/v1/audit/actions' });
      expect(res.statusCode, role).toBe(403);
    }
  });

  it('is in the OpenAPI document with its answer described', async () => {
    const document = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const operation = document.paths['/api/v1/audit/actions']?.get;
    expect(operation?.tags).toEqual(['audit']);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(schema.properties.data.properties.actions.items.required).toEqual([
      'name',
      'label',
      'target_type',
    ]);
    expect(schema.properties.data.properties.target_types.items.required).toEqual(['name', 'label']);
  });

  it('refuses an unregistered action, and the change recorded with it does not happen', async () => {
    const before = await auditEvents(t.app);
    await expect(
      recordEvent(t.app.db, { action: 'user.craeted' as never, actor: null, request }),
    ).rejects.toThrow(/not registered/);
    await expect(
      inTransaction(t.app.db, async (trx) => {
        await trx
          .insertInto('users')
          .values(userRow({ name: 'Ghost', email: 'ghost@example.com' }))
          .execute();
        await recordEvent(trx, {
          action: 'user.created',
          actor: null,
          target: { type: 'ghost' as never, id: 1 },
          request,
        });
      }),
    ).rejects.toThrow(/"ghost" is not registered/);
    const ghost = await t.app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'ghost@example.com')
      .execute();
    expect(ghost).toEqual([]);
    expect(await auditEvents(t.app)).toEqual(before);
  });
});
