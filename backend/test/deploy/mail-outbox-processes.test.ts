import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/dialect.js';
import { dialect } from '../support/app.js';
import { httpRequest } from '../support/http-client.js';
import {
  ADMIN,
  processDatabase,
  startServer,
  testPort,
  type ServerProcess,
} from '../support/server-process.js';
import { recipientOf, startMailbox, type TestMailbox } from '../support/smtp.js';
import { until } from '../support/until.js';

/**
 * The outbox across real processes (issue 14): a server killed with SIGKILL while a mail is in
 * the middle of being sent loses nothing (the mail goes out after restart, once the dead
 * worker's claim lapses), and two server processes on one database send each mail once.
 */
describe(`the mail outbox across server processes on ${dialect}`, () => {
  let database: Awaited<ReturnType<typeof processDatabase>>;
  let db: Db;
  let mailbox: TestMailbox;
  const servers: ServerProcess[] = [];

  beforeEach(async () => {
    database = await processDatabase();
    db =
      dialect === 'postgres'
        ? createDb({ dialect: 'postgres', url: database.url, poolSize: 2 })
        : createDb({ dialect: 'sqlite', path: database.url.slice('sqlite:'.length), url: database.url });
    mailbox = await startMailbox();
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
    await db.destroy();
    await mailbox.close();
    await database.drop();
  });

  async function start(offset: number, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = startServer(
      {
        PORT: String(testPort('mail-outbox-processes', offset)),
        DATABASE_URL: database.url,
        SMTP_URL: mailbox.url,
        PUBLIC_URL: 'http://console.test',
        MAIL_FROM: 'UMS <no-reply@console.test>',
        ...env,
      },
      database.dir,
    );
    servers.push(server);
    await server.waitForLog((l) => String(l.msg).startsWith('Server listening'), 'listening');
    return server;
  }

  async function signIn(server: ServerProcess): Promise<string> {
    const res = await httpRequest(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(res.status, res.text()).toBe(200);
    return res.json<{ data: { access_token: string } }>().data.access_token;
  }

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
    await invite(first, await signIn(first), 'survivor@example.com');
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
    const token = await signIn(web);
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
      servers
        .slice(1)
        .map((s) => s.logs.filter((l) => l.msg === 'message delivered').length)
        .reduce((a, b) => a + b, 0);
    await until(() => delivered() >= COUNT);
    expect(delivered()).toBe(COUNT);
  });
});
