import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/db/users.repository.js';
import { hashPassword } from '../../src/security/passwords.js';
import { runNextJob } from '../../src/services/background/jobs.js';
import { importJobHandler } from '../../src/services/import-job.js';
import { IMPORT_JOB_KIND } from '../../src/services/import.service.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { createAccount, login, signIn, signedInInject } from '../support/auth.js';
import { success } from '../support/http.js';
import { dryRun, postImport, runImport } from '../support/imports.js';

describe(`an import follows the users rules, row by row, on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it("a manager's file may not create or change admins: those rows are refused, the others imported", async () => {
    const manager = await signIn(t.app, 'manager');
    const inject = signedInInject(t.app, manager.token);
    await createAccount(t.app, 'admin', 'boss@example.com');
    const file =
      'email,name,role\nnew-admin@example.com,New,admin\nboss@example.com,Boss,viewer\nok@example.com,Ok,manager\n';
    const report = await dryRun(t, file, { mode: 'upsert', inject });
    expect(report.rows.map((r) => [r.row, r.column, r.message])).toEqual([
      [2, 'role', 'role: Only an admin can create or change admins'],
      [3, 'role', 'role: Only an admin can create or change admins'],
    ]);
    const { items } = await runImport(t, file, { mode: 'upsert', inject });
    expect(items.map((i) => i.outcome)).toEqual(['invalid', 'invalid', 'created']);
    expect((await findUserByEmail(t.app.db, 'boss@example.com'))?.role).toBe('admin');
  });

  it('refuses the row that would leave no active admin, and disabling yourself', async () => {
    const file = `email,role,status\n${t.admin.email},viewer,active\n${t.admin.email.toUpperCase()},admin,disabled\n`;
    const report = await dryRun(t, file, { mode: 'upsert' });
    expect(report.rows.map((r) => [r.row, r.message])).toEqual([
      [2, 'role: There must always be at least one active admin'],
      [3, `email: is also in row 2 of this file`],
    ]);
    const self = await dryRun(t, `email,status\n${t.admin.email},disabled\n`, { mode: 'upsert' });
    expect(self.rows[0]?.message).toBe('status: You cannot disable your own account');
  });

  it('checks again when the job runs: a row that passed the upload but breaks a rule by then fails alone', async () => {
    const other = await createAccount(t.app, 'admin', 'second@example.com');
    // Two active admins at upload: demoting the second passes.
    const res = await postImport(t, 'email,role\nsecond@example.com,viewer\nfine@example.com\n', {
      mode: 'upsert',
    });
    expect(res.statusCode).toBe(202);
    // Before the job runs, the signed-in admin is disabled by the second: now the second is the last.
    const second = await signIn(t.app, 'admin', other.email);
    const disabled = await signedInInject(
      t.app,
      second.token,
    )({ method: 'POST', url: `/api/v1/users/${t.admin.id}/disable` });
    expect(disabled.statusCode).toBe(200);
    await t.app.background.drain();
    const items = await t.app.db.selectFrom('job_items').selectAll().orderBy('seq').execute();
    expect(items.map((i) => [i.outcome, i.code, i.message])).toEqual([
      ['failed', 'conflict', 'There must always be at least one active admin'],
      ['invalid', 'invalid', 'name: is required to create a user'],
    ]);
    expect((await findUserByEmail(t.app.db, 'second@example.com'))?.role).toBe('admin');
  });

  it('keeps bcrypt and argon2id hashes: the users sign in with their old passwords, rehashed to argon2id', async () => {
    const bcryptHash = bcrypt.hashSync('old system password 1', 4);
    const argonHash = await hashPassword('old system password 2');
    const file = `email,name,password_hash,must_change_password\nb@example.com,B,${bcryptHash},false\na@example.com,A,"${argonHash}",true\n`;
    const { items } = await runImport(t, file);
    expect(items.map((i) => [i.outcome, i.code])).toEqual([
      ['created', null],
      ['created', null],
    ]);
    expect((await login(t.app, 'b@example.com', 'wrong password entirely')).statusCode).toBe(401);
    const bLogin = await login(t.app, 'b@example.com', 'old system password 1');
    expect(bLogin.statusCode).toBe(200);
    expect((await findUserByEmail(t.app.db, 'b@example.com'))?.password_hash).toMatch(/^\$argon2id\$/);
    const aLogin = await login(t.app, 'a@example.com', 'old system password 2');
    expect(aLogin.json().data.must_change_password).toBe(true);
    // No hash in any audit event.
    expect(JSON.stringify(await auditEvents(t.app))).not.toContain(bcryptHash);
  });

  it('a job taken over part-way continues at the next row: no row applied twice', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `r${i}@example.com,Row ${i}`);
    const res = await postImport(t, `email,name\n${rows.join('\n')}\n`);
    const jobId = success<{ job: { id: number } }>(res).data.job.id;
    // A worker that stops after one batch of five rows (as one does on shutdown; a dead one's
    // lease lapses and the job is taken over the same way, from its recorded progress).
    const handler = importJobHandler(t.app.db, { policy: t.app.passwordPolicy, mail: null, batchSize: 5 });
    let started = 0;
    const now = () => new Date();
    await runNextJob(t.app.db, new Map([[IMPORT_JOB_KIND, handler as never]]), {
      claim: {
        now: now(),
        leaseUntil: new Date(Date.now() + 60_000),
        token: randomUUID(),
        kinds: [IMPORT_JOB_KIND],
      },
      log: t.app.log,
      now,
      leaseMs: 60_000,
      stopping: () => (started += 1) > 1,
    });
    const halfway = success<{ state: string; progress: { done: number } }>(
      await t.inject({ url: `/api/v1/jobs/${jobId}` }),
    ).data;
    expect(halfway).toMatchObject({ state: 'queued', progress: { done: 5 } });
    await t.app.background.drain();
    const items = await t.app.db
      .selectFrom('job_items')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('seq')
      .execute();
    expect(items.map((i) => [i.seq, i.ref, i.outcome])).toEqual(
      rows.map((_, i) => [i, String(i + 2), 'created']),
    );
    const created = (await auditEvents(t.app)).filter((e) => e.action === 'user.created');
    expect(created.map((e) => e.changes?.email?.[1])).toEqual(rows.map((_, i) => `r${i}@example.com`));
  });

  it('refuses a row whose address a user in the recycle bin holds, in the dry run and in the job alike', async () => {
    const gone = await createAccount(t.app, 'viewer', 'gone@example.com');
    const deleted = await t.inject({ method: 'DELETE', url: `/api/v1/users/${gone.id}` });
    expect(deleted.statusCode, deleted.body).toBe(200);
    const file = 'email,name\nGone@example.com,Back Again\nnew@example.com,New\n';
    for (const mode of ['create', 'upsert'] as const) {
      const report = await dryRun(t, file, { mode });
      expect(report.counts).toMatchObject({ created: 1, invalid: 1 });
      expect(report.rows).toEqual([
        expect.objectContaining({
          row: 2,
          column: 'email',
          message: expect.stringContaining(`A deleted user (${gone.id}) in the recycle bin holds this email`),
        }),
      ]);
    }
    const { items } = await runImport(t, file);
    expect(items.map((i) => i.outcome)).toEqual(['invalid', 'created']);
    expect(await findUserByEmail(t.app.db, 'gone@example.com')).toBeUndefined();
  });
});
