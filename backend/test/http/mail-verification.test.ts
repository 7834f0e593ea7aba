import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { createAccount, login } from '../support/auth.js';
import { failure, success } from '../support/http.js';
import { mailEnv, mailingAppForEachTest } from '../support/mail-app.js';
import { linkIn, recipientOf } from '../support/smtp.js';

describe(`email verification and the outbox over real SMTP on ${dialect}`, () => {
  const { t, mailbox } = mailingAppForEachTest();

  const verify = (token: string) =>
    t().app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
  const users = async (query: string) =>
    success<User[]>(await t().inject({ method: 'GET', url: `/api/v1/users?${query}` })).data.map(
      (u) => u.email,
    );

  it('unverifies a changed address, mails it a link, and the link verifies it', async () => {
    const account = await createAccount(t().app, 'viewer', 'old@example.com');
    await sql`update users set email_verified_at = ${new Date().toISOString()} where id = ${account.id}`.execute(
      t().app.db,
    );
    expect(await users('email_verified=true&q=example.com')).toContain('old@example.com');

    const changed = await t().inject({
      method: 'PATCH',
      url: `/api/v1/users/${account.id}`,
      payload: { email: 'new@example.com' },
    });
    expect(success<User>(changed).data.email_verified_at).toBeNull();
    expect(await users('email_verified=false')).toContain('new@example.com');
    expect(await users('email_verified=true')).not.toContain('new@example.com');

    await t().app.background.drain();
    const [mail] = await mailbox().waitFor(1);
    expect(recipientOf(mail!)).toBe('new@example.com');
    const { token, url } = linkIn(mail!);
    expect(url.pathname).toBe('/console/verify-email');

    const res = await verify(token);
    expect(res.statusCode, res.body).toBe(200);
    const user = success<User>(await t().inject({ method: 'GET', url: `/api/v1/users/${account.id}` })).data;
    expect(user.email_verified_at).not.toBeNull();
    expect(await users('email_verified=true')).toContain('new@example.com');
    expect(failure(await verify(token), 409).message).toMatch(/already been verified/);
    expect((await auditEvents(t().app)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.verification_sent', 'mail.sent', 'user.email_verified']),
    );
  });

  it('lets an admin resend, and a link for an address since replaced verifies nothing', async () => {
    const account = await createAccount(t().app, 'viewer', 'first@example.com');
    const resend = () => t().inject({ method: 'POST', url: `/api/v1/users/${account.id}/verification` });
    expect((await resend()).statusCode).toBe(200);
    await t().app.background.drain();
    const first = linkIn((await mailbox().waitFor(1))[0]!);
    await t().inject({
      method: 'PATCH',
      url: `/api/v1/users/${account.id}`,
      payload: { email: 'second@example.com' },
    });
    await t().app.background.drain();
    const second = linkIn((await mailbox().waitFor(2))[1]!);
    failure(await verify(first.token), 409);
    expect((await verify(second.token)).statusCode).toBe(200);
    failure(await resend(), 409);
  });

  it('blocks sign-in of unverified accounts only when REQUIRE_VERIFIED_EMAIL=true', async () => {
    await createAccount(t().app, 'viewer', 'plain@example.com');
    expect((await login(t().app, 'plain@example.com')).statusCode).toBe(200);
    const strict = await buildTestApp({
      env: mailEnv(mailbox(), { REQUIRE_VERIFIED_EMAIL: 'true' }),
      // The test's admin has a verified address, or it could not sign in either.
      beforeReady: async (app) => {
        const admin = await createAccount(app, 'admin', 'admin@example.com');
        await sql`update users set email_verified_at = ${new Date().toISOString()} where id = ${admin.id}`.execute(
          app.db,
        );
      },
    });
    try {
      await createAccount(strict.app, 'viewer', 'plain@example.com');
      failure(await login(strict.app, 'plain@example.com'), 401);
      const reasons = (await auditEvents(strict.app))
        .filter((e) => e.action === 'auth.login_failed')
        .map((e) => e.changes?.reason?.[1]);
      expect(reasons).toEqual(['email_unverified']);
    } finally {
      await strict.close();
    }
  });

  it('marks a mail failed at once on a permanent refusal, and shows it to admins without its link', async () => {
    mailbox().refuseNext(550);
    await t().inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      payload: { name: 'Bounce', email: 'bounce@example.com' },
    });
    await t().app.background.drain();
    const outbox = success<Array<Record<string, unknown>>>(
      await t().inject({ method: 'GET', url: '/api/v1/mail/outbox' }),
    );
    expect(outbox.data).toHaveLength(1);
    expect(outbox.data[0]).toMatchObject({
      template: 'invitation',
      recipient: 'bounce@example.com',
      state: 'failed',
      attempts: 1,
    });
    expect(outbox.data[0]!.last_error).toMatch(/550/);
    expect(Object.keys(outbox.data[0]!)).not.toContain('payload');
    expect((await auditEvents(t().app)).map((e) => e.action)).toContain('mail.failed');
    const failed = success<unknown[]>(
      await t().inject({ method: 'GET', url: '/api/v1/mail/outbox?state=failed' }),
    );
    expect(failed.data).toHaveLength(1);
  });

  it('retries a temporary refusal later and then sends it once', async () => {
    mailbox().refuseNext(451);
    await t().inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      payload: { name: 'Later', email: 'later@example.com' },
    });
    await t().app.background.drain();
    const [queued] = success<Array<Record<string, unknown>>>(
      await t().inject({ method: 'GET', url: '/api/v1/mail/outbox' }),
    ).data;
    expect(queued).toMatchObject({ state: 'queued', attempts: 1 });
    expect(queued!.last_error).toMatch(/451/);
    expect(Date.parse(queued!.next_attempt_at as string)).toBeGreaterThan(Date.now());
    expect(mailbox().received).toHaveLength(0);
    // The backoff has passed.
    await sql`update outbox set run_after = ${new Date(Date.now() - 1000).toISOString()}`.execute(t().app.db);
    await t().app.background.drain();
    await mailbox().waitFor(1);
    const [sent] = success<Array<Record<string, unknown>>>(
      await t().inject({ method: 'GET', url: '/api/v1/mail/outbox' }),
    ).data;
    expect(sent).toMatchObject({ state: 'sent', attempts: 2, last_error: null });
    await t().app.background.drain();
    expect(mailbox().received).toHaveLength(1);
  });

  it('keeps the outbox from managers', async () => {
    const { signIn, signedInInject } = await import('../support/auth.js');
    const manager = await signIn(t().app, 'manager');
    failure(await signedInInject(t().app, manager.token)({ method: 'GET', url: '/api/v1/mail/outbox' }), 403);
  });
});
