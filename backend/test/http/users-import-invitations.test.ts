import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { login } from '../support/auth.js';
import { success } from '../support/http.js';
import { dryRun, runImport } from '../support/imports.js';
import { mailingAppForEachTest } from '../support/mail-app.js';
import { linkIn, recipientOf } from '../support/smtp.js';

// Rows without a password hash: invitations when mail is configured, otherwise accounts whose
// password an admin must set. The report says which, row by row.

const PASSWORD = 'a brand new passphrase 7';
const hashed = bcrypt.hashSync('old system password 1', 4);
const FILE = [
  'email,name,role,status,password_hash',
  'invitee@example.com,Invitee,manager,,',
  `hashed@example.com,Hashed,viewer,,${hashed}`,
  'shut@example.com,Shut,viewer,disabled,',
].join('\n');

const userByEmail = async (t: TestApp, email: string) =>
  success<User[]>(await t.inject({ url: `/api/v1/users?q=${encodeURIComponent(email)}` })).data[0];

describe(`an import's rows without a password hash, over real SMTP, on ${dialect}`, () => {
  const { t, mailbox } = mailingAppForEachTest();

  it('become invitations: status invited, a mail with a link that works, the report says so', async () => {
    const preview = await dryRun(t(), FILE);
    expect(preview.counts).toMatchObject({ created: 3, invited: 1, without_password: 1 });
    expect(preview.notes).toEqual([
      expect.stringMatching(/become invitations/),
      expect.stringMatching(/admin sets their password/),
    ]);

    const { items } = await runImport(t(), FILE);
    expect(items.map((i) => [i.ref, i.outcome, i.code])).toEqual([
      ['2', 'created', 'invited'],
      ['3', 'created', null],
      ['4', 'created', 'no_password'],
    ]);
    expect(await userByEmail(t(), 'invitee@example.com')).toMatchObject({
      status: 'invited',
      role: 'manager',
    });
    expect(await userByEmail(t(), 'shut@example.com')).toMatchObject({ status: 'disabled' });
    const invited = (await auditEvents(t().app)).filter((e) => e.action === 'user.invited');
    expect(invited.map((e) => e.changes?.email?.[1])).toEqual(['invitee@example.com']);

    // The outbox sends the one invitation; its link lets the invitee choose a password.
    await t().app.background.drain();
    const [mail] = await mailbox().waitFor(1);
    expect(mailbox().received.map(recipientOf)).toEqual(['invitee@example.com']);
    const { token } = linkIn(mail!);
    const accepted = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation/accept',
      payload: { token, password: PASSWORD },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await login(t().app, 'invitee@example.com', PASSWORD)).statusCode).toBe(200);
  });
  it('count an invited admin as no active admin: a later row may not take the last one away', async () => {
    // The admin the file invites is no active admin until they accept, so the importing admin's
    // own demotion would leave none: the dry run refuses it, as the job does.
    const file = [
      'email,name,role,status,password_hash',
      'new-admin@example.com,New Admin,admin,,',
      `${t().admin.email},Me,viewer,,`,
    ].join('\n');

    const preview = await dryRun(t(), file, { mode: 'upsert' });
    expect(preview.counts).toMatchObject({ created: 1, invited: 1, updated: 0, invalid: 1 });
    expect(preview.rows).toEqual([
      expect.objectContaining({
        row: 3,
        outcome: 'invalid',
        message: expect.stringMatching(/at least one active admin/),
      }),
    ]);

    const { items } = await runImport(t(), file, { mode: 'upsert' });
    expect(items.map((i) => [i.ref, i.outcome, i.code])).toEqual([
      ['2', 'created', 'invited'],
      ['3', 'invalid', 'invalid'],
    ]);
    expect(await userByEmail(t(), t().admin.email)).toMatchObject({ role: 'admin', status: 'active' });
  });
});

describe(`an import's rows without a password hash, with no mail, on ${dialect}`, () => {
  it('are accounts whose password an admin must set; nothing is mailed', async () => {
    const t = await buildTestApp({
      env: { NODE_ENV: 'production', JWT_SECRET: 'a-test-secret-of-at-least-32-characters!' },
    });
    try {
      const preview = await dryRun(t, FILE);
      expect(preview.counts).toMatchObject({ created: 3, invited: 0, without_password: 2 });
      expect(preview.notes).toEqual([expect.stringMatching(/invitations by mail are not configured/)]);
      const { items } = await runImport(t, FILE);
      expect(items.map((i) => [i.ref, i.outcome, i.code])).toEqual([
        ['2', 'created', 'no_password'],
        ['3', 'created', null],
        ['4', 'created', 'no_password'],
      ]);
      expect(await userByEmail(t, 'invitee@example.com')).toMatchObject({ status: 'active' });
      const outbox = success<unknown[]>(await t.inject({ url: '/api/v1/mail/outbox' }));
      expect(outbox.data).toEqual([]);
      expect((await auditEvents(t.app)).some((e) => e.action === 'user.invited')).toBe(false);
    } finally {
      await t.close();
    }
  });
});
