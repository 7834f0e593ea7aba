import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { dialect } from '../support/app.js';
import { auditDisagreements } from '../support/audit-replay.js';
import { httpRequest, type HttpAnswer } from '../support/http-client.js';
import { processCluster, signInAdmin, type ProcessCluster } from '../support/process-cluster.js';
import type { ServerProcess } from '../support/server-process.js';

/** A user as the writes made it: absent, or these fields. */
type Shape = { name: string; role: string; status: string } | null;

interface Write {
  requestId: string;
  action: 'user.created' | 'user.updated' | 'user.deleted';
  email: string;
  /** The user after this write. */
  after: Shape;
}

/**
 * Several clients create, rename, promote and delete users through a real server process, which
 * is killed with SIGKILL once a set number of writes have been answered (never after some
 * time), and started again on the same database. Then every write answered 2xx must be in the
 * data with its audit event, and the audit log and the data must tell the same story: writes in
 * flight at the kill may have landed or not, but each landed whole or not at all.
 */
describe(`writes answered before a SIGKILL survive it on ${dialect}`, () => {
  const CLIENTS = 4;
  /** Answered writes after which each round's kill comes. */
  const KILL_AFTER = [30, 45, 60];

  let cluster: ProcessCluster;
  let db: Db;
  let server: ServerProcess | undefined;
  let sequence = 0;

  // One server at a time, always on the file's one port.
  const start = async () => {
    server = await cluster.start(0);
    return signInAdmin(server);
  };

  beforeAll(async () => {
    cluster = await processCluster('crash-durability');
    ({ db } = cluster);
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it(`keeps every acknowledged write and its audit event over ${KILL_AFTER.length} kills`, async () => {
    /** What each email's user must be now: one shape, or any of several while a write was in flight. */
    const expected = new Map<string, Shape[]>();
    const acknowledged: Write[] = [];
    const inFlightAtKill: Write[] = [];

    for (const [round, killAfter] of KILL_AFTER.entries()) {
      const token = await start();
      const running = server!;
      let answered = 0;
      let killed = false;
      const inFlight = new Set<Write>();

      const write = async (
        request: { method: string; path: string; body?: object },
        planned: Omit<Write, 'requestId'>,
      ) => {
        if (killed) return null;
        const requestId = `crash-${++sequence}`;
        const entry = { ...planned, requestId };
        inFlight.add(entry);
        let res: HttpAnswer;
        try {
          res = await httpRequest(`${running.url}${request.path}`, {
            method: request.method,
            headers: {
              authorization: `Bearer ${token}`,
              'x-request-id': requestId,
              ...(request.body && { 'content-type': 'application/json' }),
            },
            body: request.body && JSON.stringify(request.body),
          });
        } catch {
          return null; // the server is gone: this write's fate is for the checks to find
        }
        if (res.status < 200 || res.status > 299)
          throw new Error(`${requestId}: ${res.status} ${res.text()}`);
        inFlight.delete(entry);
        acknowledged.push(entry);
        expected.set(entry.email, [entry.after]);
        if (++answered === killAfter && !killed) {
          killed = true;
          inFlightAtKill.push(...inFlight);
          running.child.kill('SIGKILL');
        }
        return res;
      };

      // Each client works on its own users one write at a time: create, rename and promote,
      // and delete every other one.
      const client = async (c: number) => {
        for (let n = 0; !killed; n++) {
          const email = `r${round}-c${c}-${n}@example.com`;
          const name = `Round ${round} client ${c} user ${n}`;
          const created = await write(
            { method: 'POST', path: '/api/v1/users', body: { name, email } },
            { action: 'user.created', email, after: { name, role: 'viewer', status: 'active' } },
          );
          if (!created) return;
          const id = created.json<{ data: { id: number } }>().data.id;
          const renamed = `${name} renamed`;
          const updated = await write(
            { method: 'PATCH', path: `/api/v1/users/${id}`, body: { name: renamed, role: 'manager' } },
            { action: 'user.updated', email, after: { name: renamed, role: 'manager', status: 'active' } },
          );
          if (!updated || n % 2 === 1) continue;
          await write(
            { method: 'DELETE', path: `/api/v1/users/${id}` },
            { action: 'user.deleted', email, after: null },
          );
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      await running.stop(); // killed already: this waits for it to be gone
      expect(running.child.signalCode).toBe('SIGKILL');

      // A write in flight may have landed or not; its user is either way, until looked at.
      for (const entry of inFlight) {
        expected.set(entry.email, [...(expected.get(entry.email) ?? [null]), entry.after]);
      }

      await start(); // after the crash, on the same database
      // A deleted user is in the recycle bin (deleted_at set): gone, as far as the API is concerned.
      const rows = await db
        .selectFrom('users')
        .select(['email', 'name', 'role', 'status'])
        .where('deleted_at', 'is', null)
        .execute();
      const actual = new Map<string, Shape>(
        rows.map((r) => [r.email, { name: r.name, role: r.role, status: r.status }]),
      );
      const wrong: string[] = [];
      for (const [email, allowed] of expected) {
        const found = actual.get(email) ?? null;
        if (!allowed.some((shape) => JSON.stringify(shape) === JSON.stringify(found))) {
          wrong.push(`${email}: ${JSON.stringify(found)}, expected one of ${JSON.stringify(allowed)}`);
        }
        expected.set(email, [found]); // what it is now, for the next round
      }
      expect(wrong, `round ${round}`).toEqual([]);

      const events = await db
        .selectFrom('audit_events')
        .select(['request_id', 'action'])
        .where('request_id', 'like', 'crash-%')
        .execute();
      const eventsOf = (requestId: string) => events.filter((e) => e.request_id === requestId);
      const missing = acknowledged.filter(
        (w) =>
          eventsOf(w.requestId)
            .map((e) => e.action)
            .join() !== w.action,
      );
      expect(missing, `round ${round}: acknowledged writes without exactly their event`).toEqual([]);
      expect(await auditDisagreements(db), `round ${round}`).toEqual([]);
      await server!.stop();
    }

    // The kills came mid-burst: writes were on their way each time.
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER.reduce((a, b) => a + b));
    expect(inFlightAtKill.length).toBeGreaterThan(0);
  });
});
