import { describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { createAccount, login, signIn, signedInInject, TEST_PASSWORD } from '../support/auth.js';
import { failure, success } from '../support/http.js';
import { mailEnv, mailingAppForEachTest } from '../support/mail-app.js';
import { linkIn, recipientOf } from '../support/smtp.js';

const NEW_PASSWORD = 'another fine passphrase 9';

describe(`password reset over real SMTP on ${dialect}`, () => {
  const { t, mailbox } = mailingAppForEachTest();

  const ask = (email: string) =>
    t().app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
  const confirm = (token: string, password = NEW_PASSWORD) =>
    t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password },
    });

  async function send(): Promise<void> {
    await t().app.background.drain();
  }

  it('answers known, unknown, disabled and invited addresses alike, and mails only the active account', async () => {
    await createAccount(t().app, 'viewer', 'known@example.com');
    const disabled = await createAccount(t().app, 'viewer', 'off@example.com');
    await t().inject({ method: 'POST', url: `/api/v1/users/${disabled.id}/disable` });
    await t().inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      payload: { name: 'Invitee', email: 'invited@example.com' },
    });
    await send();
    const invitations = mailbox().received.length;

    const answers = [];
    for (const email of [
      'known@example.com',
      'nobody@example.com',
      'off@example.com',
      'INVITED@example.com',
    ]) {
      const res = await ask(email);
      answers.push({ status: res.statusCode, body: res.json<unknown>() });
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(202);

    await send();
    const resets = mailbox().received.slice(invitations);
    expect(resets.map(recipientOf)).toEqual(['known@example.com']);
    expect(linkIn(resets[0]!).url.pathname).toBe('/console/reset-password');

    const outcomes = (await auditEvents(t().app))
      .filter((e) => e.action === 'auth.password_reset_requested')
      .map((e) => e.changes?.outcome?.[1]);
    expect(outcomes).toEqual(['mailed', 'unknown_email', 'account_disabled', 'account_invited']);
  });

  it('sets the password with the link, ends every session, clears the lockout, and spends the link', async () => {
    const account = await signIn(t().app, 'viewer', 'reset-me@example.com');
    // Five wrong passwords lock the account.
    for (let i = 0; i < 5; i++) await login(t().app, account.email, 'wrong password attempt');
    failure(await login(t().app, account.email), 429);

    expect((await ask(account.email)).statusCode).toBe(202);
    await send();
    const { token } = linkIn((await mailbox().waitFor(1))[0]!);

    expect(failure(await confirm(token, 'short'), 422).errors?.password).toBeTruthy();
    const done = await confirm(token);
    expect(done.statusCode, done.body).toBe(200);

    // The old session is over, the old password is gone, the lockout is lifted.
    const me = await signedInInject(t().app, account.token)({ method: 'GET', url: '/api/v1/auth/me' });
    failure(me, 401);
    failure(await login(t().app, account.email, TEST_PASSWORD), 401);
    expect((await login(t().app, account.email, NEW_PASSWORD)).statusCode).toBe(200);

    expect(failure(await confirm(token, 'yet another passphrase 3'), 409).message).toMatch(
      /already been used/,
    );
    const events = await auditEvents(t().app);
    expect(events.map((e) => e.action)).toContain('auth.password_reset');
  });

  it('ends outstanding reset links when the password changes by another route', async () => {
    const account = await createAccount(t().app, 'viewer', 'changer@example.com');
    await ask(account.email);
    await send();
    const { token } = linkIn((await mailbox().waitFor(1))[0]!);
    const set = await t().inject({
      method: 'PUT',
      url: `/api/v1/users/${account.id}/password`,
      payload: { password: 'set by the admin meanwhile 1' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(failure(await confirm(token), 409).message).toMatch(/password was changed since/);
  });

  it('sends at most three reset mails an hour to one address, answering alike', async () => {
    await createAccount(t().app, 'viewer', 'popular@example.com');
    const answers = new Set<string>();
    for (let i = 0; i < 5; i++) answers.add((await ask('popular@example.com')).body);
    expect(answers.size).toBe(1);
    await send();
    expect(mailbox().received.length).toBe(3);
  });

  it('limits asks per client address with a 429', async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await ask(`someone${i}@example.com`)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    const limited = await ask('one-more@example.com');
    failure(limited, 429);
    expect(limited.headers['retry-after']).toBeTruthy();
  });

  it('keeps tokens out of API answers, audit changes and log lines', async () => {
    const lines: string[] = [];
    const logged = await buildTestApp({
      env: mailEnv(mailbox(), { LOG_LEVEL: 'debug' }),
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const before = mailbox().received.length;
      await createAccount(logged.app, 'viewer', 'secret@example.com');
      await logged.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: 'secret@example.com' },
      });
      const invited = await logged.inject({
        method: 'POST',
        url: '/api/v1/users/invitations',
        payload: { name: 'Quiet', email: 'quiet@example.com' },
      });
      await logged.app.background.drain();
      const mails = (await mailbox().waitFor(before + 2)).slice(before);
      const tokens = mails.map((m) => linkIn(m).token);
      const outbox = await logged.inject({ method: 'GET', url: '/api/v1/mail/outbox' });
      const accepted = await logged.app.inject({
        method: 'POST',
        url: '/api/v1/auth/invitation/accept',
        payload: { token: tokens[1], password: NEW_PASSWORD },
      });
      const reset = await logged.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/confirm',
        payload: { token: tokens[0], password: NEW_PASSWORD },
      });
      expect(reset.statusCode).toBe(200);
      const audit = JSON.stringify(await auditEvents(logged.app));
      const answers = [invited.body, outbox.body, accepted.body, reset.body].join('\n');
      for (const token of tokens) {
        expect(lines.join('\n')).not.toContain(token);
        expect(audit).not.toContain(token);
        expect(answers).not.toContain(token);
      }
      expect(lines.length).toBeGreaterThan(0);
    } finally {
      await logged.close();
    }
  });

  it('answers its own user list with invitees counted until they accept', async () => {
    const invited = success<User>(
      await t().inject({
        method: 'POST',
        url: '/api/v1/users/invitations',
        payload: { name: 'Cnt', email: 'cnt@example.com' },
      }),
    ).data;
    const total = async (status: string) =>
      success<User[]>(await t().inject({ method: 'GET', url: `/api/v1/users?status=${status}` })).meta?.total;
    expect(await total('invited')).toBe(1);
    await send();
    const { token } = linkIn((await mailbox().waitFor(1))[0]!);
    await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation/accept',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(await total('invited')).toBe(0);
    const active = success<User[]>(await t().inject({ method: 'GET', url: '/api/v1/users?status=active' }));
    expect(active.data.map((u) => u.id)).toContain(invited.id);
  });
});
