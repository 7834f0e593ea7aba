import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, signedInInject, signIn, type Inject } from '../support/auth.js';

/**
 * A bulk change's dry run decides each item from the rows it reads, under the rules the real
 * run applies to the rows it locks (decision 0177). Here both run over the same mixed set of
 * users, for every action and for an admin and a manager, and the preview must have predicted
 * the real run item by item: the same counts, and every refused item with the same code and
 * message.
 */
describe(`a bulk change's preview predicts its real run on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  /** Users of every kind the rules tell apart, in an order that reaches the last admin. */
  async function mixedTargets(actorId: number) {
    const account = (role: 'admin' | 'manager' | 'viewer') => createAccount(t.app, role);
    const set = async (id: number, fields: { status?: 'disabled' | 'invited'; deleted_at?: string }) =>
      t.app.db.updateTable('users').set(fields).where('id', '=', id).execute();
    const [admin2, admin3, adminOff, manager, viewer, off, invited, binned, stale] = await Promise.all([
      account('admin'),
      account('admin'),
      account('admin'),
      account('manager'),
      account('viewer'),
      account('viewer'),
      account('viewer'),
      account('viewer'),
      account('viewer'),
    ]);
    await set(adminOff.id, { status: 'disabled' });
    await set(off.id, { status: 'disabled' });
    await set(invited.id, { status: 'invited' });
    await set(binned.id, { deleted_at: new Date().toISOString() });
    // A viewer with a session open, so ending sessions has something to end.
    const online = await signIn(t.app, 'viewer', `online-${actorId}@example.com`);
    return [
      { id: viewer.id },
      { id: online.id },
      { id: manager.id },
      { id: off.id },
      { id: invited.id },
      { id: binned.id },
      { id: 999_999 },
      { id: stale.id, version: 99 },
      { id: adminOff.id },
      { id: admin2.id },
      { id: actorId },
      { id: t.admin.id },
      { id: admin3.id },
    ];
  }

  interface Item {
    seq: number;
    ref: string;
    outcome: string;
    code: string | null;
    message: string | null;
  }

  const ACTIONS = [
    { action: 'disable' },
    { action: 'enable' },
    { action: 'set_role', role: 'viewer' },
    { action: 'set_role', role: 'admin' },
    { action: 'end_sessions' },
    { action: 'delete' },
  ];

  for (const actorRole of ['admin', 'manager'] as const) {
    for (const body of ACTIONS) {
      it(`${body.action}${body.role ? ` to ${body.role}` : ''}, by ${actorRole === 'admin' ? 'an admin' : 'a manager'}`, async () => {
        let as: Inject = t.inject;
        let actorId = t.admin.id;
        if (actorRole === 'manager') {
          const manager = await signIn(t.app, 'manager', 'acting-manager@example.com');
          as = signedInInject(t.app, manager.token);
          actorId = manager.id;
        }
        const ids = await mixedTargets(actorId);
        const post = (payload: object) => as({ method: 'POST', url: '/api/v1/users/bulk', payload });

        const preview = await post({ ...body, ids, dry_run: true });
        const real = await post({ ...body, ids });

        expect(preview.statusCode, preview.body).toBe(real.statusCode);
        if (real.statusCode !== 200) return; // refused whole (a manager may not delete): no items
        const planned = preview.json<{ data: { counts: object; items: Item[] } }>().data;
        const done = real.json<{ data: { counts: object; items: Item[] } }>().data;
        expect(planned.counts).toEqual(done.counts);
        const refused = (items: Item[]) =>
          items
            .filter((item) => item.outcome === 'skipped' || item.outcome === 'failed')
            .map(({ seq, ref, outcome, code, message }) => ({ seq, ref, outcome, code, message }));
        expect(planned.items).toEqual(refused(done.items));
        // The case is not empty: every action here refuses some item and carries out another,
        // but for a manager granting admin, which is refused on every user.
        expect(refused(done.items).length).toBeGreaterThan(0);
        const grantsAdmin = actorRole === 'manager' && body.role === 'admin';
        expect(done.items.some((item) => item.outcome === 'changed')).toBe(!grantsAdmin);
      });
    }
  }

  it('answers a preview of thousands of users without changing any, the last admin found across pages', async () => {
    const admins = await Promise.all(Array.from({ length: 3 }, () => createAccount(t.app, 'admin')));
    const values = Array.from({ length: 1200 }, (_, i) => ({
      name: `P ${i}`,
      email: `p${i}@preview.example`,
      search_key: `p ${i} p${i}@preview.example`,
      role: 'admin' as const,
      status: 'active' as const,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      last_login_at: null,
      password_hash: null,
    }));
    await t.app.db.insertInto('users').values(values).execute();
    const before = await t.app.db
      .selectFrom('users')
      .select(['id', 'role', 'version'])
      .orderBy('id')
      .execute();

    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/users/bulk',
      payload: { action: 'set_role', role: 'manager', filter: { role: 'admin' }, dry_run: true },
    });

    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    // 1,204 admins in id order: every one goes but the last, which would be the last admin.
    expect(data.counts).toEqual({ total: 1204, changed: 1203, unchanged: 0, skipped: 1, failed: 0 });
    const lastId = Math.max(...before.map((row) => row.id));
    expect(data.items).toEqual([
      expect.objectContaining({ seq: 1203, ref: String(lastId), code: 'last_admin' }),
    ]);
    expect(admins.every((a) => a.id < lastId)).toBe(true);
    expect(
      await t.app.db.selectFrom('users').select(['id', 'role', 'version']).orderBy('id').execute(),
    ).toEqual(before);
  });
});
