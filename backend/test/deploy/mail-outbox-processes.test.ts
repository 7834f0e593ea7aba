import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { dialect } from '../support/app.js';
import { httpRequest } from '../support/http-client.js';
import { processCluster, signInAdmin, type ProcessCluster } from '../support/process-cluster.js';
import type { ServerProcess } from '../support/server-process.js';
import { recipientOf, startMailbox, type TestMailbox } from '../support/smtp.js';
import { until } from '../support/until.js';

/**
 * The outbox across real processes (issue 14): a server killed with SIGKILL while a mail is in
 * the middle of being sent loses nothing (the mail goes out after restart, once the dead
 * worker's claim lapses), and two server processes on one database send each mail once.
 */
describe(`the mail outbox across server processes on ${dialect}`, () => {
  let mailbox: TestMailbox;
  let cluster: ProcessCluster;
  let db: Db;

  beforeEach(async () => {
    mailbox = await startMailbox();
    cluster = await processCluster('mail-outbox-processes', {
      SMTP_URL: mailbox.url,
      PUBLIC_URL: 'http://console.test',
      MAIL_FROM: 'UMS <no-reply@console.test>',
    });
    ({ db } = cluster);
  });

  afterEach(async () => {
    await cluster?.close();
    await mailbox?.close();
  });

  const start = (offset: number, env?: Record<string, string>) => cluster.start(offset, env);

  async function invite(server: ServerProcess, token: string, email: string): Promise<void> {
    const res = await httpRequest(`${server.url}/api/v1/users/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: `Invitee ${email}`, email }),
    });
    expect(res.status, res.text()).toBe(201);
  }

  it('sends a mail after a SIGKILL that came between commit and send', async () => {
    // The first delivery is received and never answered: the process is mid-send when it dies.
    mailbox.holdNext();
    const first = await start(0);
    await invite(first, await signInAdmin(first), 'survivor@example.com');
    await until(() => mailbox.attempts() === 1);
    first.child.kill('SIGKILL');
    await first.stop();
    expect(mailbox.received).toHaveLength(0);
    const row = await db.selectFrom('outbox').select(['state', 'attempts']).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'sending', attempts: 1 });

    // Started again, the worker takes the message over once the dead one's claim lapses.
    await start(1);
    const [mail] = await mailbox.waitFor(1);
    expect(recipientOf(mail!)).toBe('survivor@example.com');
    await until(
      async () => (await db.selectFrom('outbox').select('state').executeTakeFirstOrThrow()).state === 'sent',
    );
    const sent = await db.selectFrom('outbox').select(['state', 'attempts']).executeTakeFirstOrThrow();
    expect(sent).toEqual({ state: 'sent', attempts: 2 });
    expect(mailbox.received).toHaveLength(1);
  });

  it('sends each mail once with two server processes delivering from one database', async () => {
    const COUNT = 30;
    // One web-only process takes the invitations; then two workers drain the outbox together.
    const web = await start(2, { BACKGROUND_WORK: 'false' });
    const token = await signInAdmin(web);
    for (let i = 0; i < COUNT; i++) await invite(web, token, `twice-${i}@example.com`);
    expect(mailbox.received).toHaveLength(0);
    await Promise.all([start(3), start(4)]);
    await mailbox.waitFor(COUNT);
    await until(async () => {
      const left = await db.selectFrom('outbox').select('id').where('state', '!=', 'sent').execute();
      return left.length === 0;
    });
    const recipients = mailbox.received.map(recipientOf).sort();
    expect(recipients).toEqual([...Array(COUNT).keys()].map((i) => `twice-${i}@example.com`).sort());
    expect(mailbox.attempts()).toBe(COUNT);
    // Each delivery is logged by the process that made it; a log line can reach the test a
    // moment after the row it follows, so wait for them all.
    const delivered = () =>
      cluster.servers
        .slice(1)
        .map((s) => s.logs.filter((l) => l.msg === 'message delivered').length)
        .reduce((a, b) => a + b, 0);
    await until(() => delivered() >= COUNT);
    expect(delivered()).toBe(COUNT);
  });
});
