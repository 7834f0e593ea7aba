import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { login, signIn, signedInInject } from '../support/auth.js';
import { failure, success } from '../support/http.js';
import { mailingAppForEachTest } from '../support/mail-app.js';
import { linkIn, recipientOf } from '../support/smtp.js';

const PASSWORD = 'a brand new passphrase 7';

describe(`invitations over real SMTP on ${dialect}`, () => {
  const { t, mailbox } = mailingAppForEachTest();

  const invite = (body: Record<string, unknown>) =>
    t().inject({ method: 'POST', url: '/api/v1/users/invitations', payload: body });

  /** Sends what the outbox holds and answers the newest mail's link token. */
  async function nextLink(): Promise<{ token: string; to: string; url: URL }> {
    const before = mailbox().received.length;
    await t().app.background.drain();
    const mails = await mailbox().waitFor(before + 1);
    const mail = mails.at(-1)!;
    return { ...linkIn(mail), to: recipientOf(mail) };
  }

  const inspect = (token: string) =>
    t().app.inject({ method: 'POST', url: '/api/v1/auth/invitation', payload: { token } });
  const accept = (token: string, password = PASSWORD) =>
    t().app.inject({ method: 'POST', url: '/api/v1/auth/invitation/accept', payload: { token, password } });

  it('creates an invited account at once, mails a link, and accepting it signs the invitee in', async () => {
    const res = await invite({ name: 'Grace Hopper', email: 'Grace@Example.com', role: 'manager' });
    expect(res.statusCode, res.body).toBe(201);
    const user = success<User>(res).data;
    expect(user).toMatchObject({ status: 'invited', email: 'grace@example.com', email_verified_at: null });

    // Invited accounts show in lists and filters, and count in totals.
    const listed = success<User[]>(await t().inject({ method: 'GET', url: '/api/v1/users?status=invited' }));
    expect(listed.data.map((u) => u.id)).toEqual([user.id]);
    expect(listed.meta?.total).toBe(1);

    const mail = await nextLink();
    expect(mail.to).toBe('grace@example.com');
    expect(mail.url.origin + mail.url.pathname).toBe('http://console.test/console/accept-invitation');
    const received = mailbox().received.at(-1)!;
    expect(received.subject).toContain('invitation');
    expect(received.html).toContain(mail.url.href.replace(/&/g, '&amp;'));
    expect(received.text).toContain('admin@example.com has invited you');

    // Opening the link (a scanner, or the page) spends nothing: the token is in the fragment,
    // and looking the invitation up is not accepting it.
    await t().app.inject({ method: 'GET', url: mail.url.pathname });
    const view = success<Record<string, unknown>>(await inspect(mail.token));
    expect(view.data).toMatchObject({
      state: 'valid',
      email: 'grace@example.com',
      name: 'Grace Hopper',
      role: 'manager',
    });
    expect(view.data.invited_by).toContain('admin@example.com');

    // The invitee cannot sign in before accepting.
    failure(await login(t().app, 'grace@example.com', PASSWORD), 401);

    // The policy applies to the chosen password.
    const weak = failure(await accept(mail.token, 'short'), 422);
    expect(weak.errors?.password?.[0]).toBeTruthy();

    const accepted = await accept(mail.token);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const grant = success<{ access_token: string; user: User }>(accepted).data;
    expect(grant.user.status).toBe('active');
    expect(grant.user.email_verified_at).not.toBeNull();
    expect(accepted.cookies.some((c) => c.name === 'refresh_token')).toBe(true);
    const me = await signedInInject(t().app, grant.access_token)({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(200);
    expect((await login(t().app, 'grace@example.com', PASSWORD)).statusCode).toBe(200);

    // Used once only, and it says so in plain words.
    const again = failure(await accept(mail.token), 409);
    expect(again.message).toMatch(/already been accepted/);
    expect(success<{ state: string }>(await inspect(mail.token)).data.state).toBe('used');

    const actions = (await auditEvents(t().app)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.created', 'user.invited', 'mail.sent', 'user.invitation_accepted']),
    );
  });

  it('resends with a new link that ends the old one, and revoking ends the link', async () => {
    const user = success<User>(await invite({ name: 'Alan Turing', email: 'alan@example.com' })).data;
    const first = await nextLink();
    const resent = await t().inject({ method: 'POST', url: `/api/v1/users/${user.id}/invitation` });
    expect(resent.statusCode, resent.body).toBe(200);
    const second = await nextLink();
    expect(second.token).not.toBe(first.token);
    const old = failure(await accept(first.token), 409);
    expect(old.message).toMatch(/newer one was sent/);

    const revoked = await t().inject({ method: 'DELETE', url: `/api/v1/users/${user.id}/invitation` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(failure(await accept(second.token), 409).message).toMatch(/no longer valid/);
    expect(
      success<User>(await t().inject({ method: 'GET', url: `/api/v1/users/${user.id}` })).data.status,
    ).toBe('invited');

    // Re-inviting a revoked invitee works: 200, a new link, and it is accepted.
    const again = await invite({ name: 'Alan M. Turing', email: 'alan@example.com' });
    expect(again.statusCode, again.body).toBe(200);
    expect(success<User>(again).data).toMatchObject({
      id: user.id,
      name: 'Alan M. Turing',
      status: 'invited',
    });
    const third = await nextLink();
    expect((await accept(third.token)).statusCode).toBe(200);

    // An account that accepted is no invitee: another invitation or a resend is refused.
    failure(await invite({ name: 'Alan', email: 'alan@example.com' }), 409);
    failure(await t().inject({ method: 'POST', url: `/api/v1/users/${user.id}/invitation` }), 409);
    const actions = (await auditEvents(t().app)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.invitation_resent', 'user.invitation_revoked']));
  });

  it('says an expired link has expired, and inviting again works', async () => {
    const user = success<User>(await invite({ name: 'Ada', email: 'ada@example.com' })).data;
    const link = await nextLink();
    // The clock moves past INVITE_TTL: the row's expiry is set in the past.
    await sql`update user_tokens set expires_at = ${dialect === 'postgres' ? sql`now() - interval '1 minute'` : new Date(Date.now() - 60_000).toISOString()}`.execute(
      t().app.db,
    );
    expect(success<{ state: string }>(await inspect(link.token)).data.state).toBe('expired');
    expect(failure(await accept(link.token), 409).message).toMatch(
      /has expired\. Ask the person who invited you/,
    );
    expect((await invite({ name: 'Ada', email: 'ada@example.com' })).statusCode).toBe(200);
    const fresh = await nextLink();
    const accepted = success<{ user: User }>(await accept(fresh.token));
    expect(accepted.data.user.id).toBe(user.id);
  });

  it('tells a link that never was from one that ended, without saying whose it is', async () => {
    const unknown = failure(await accept('x'.repeat(43)), 404);
    expect(unknown.message).toMatch(/not valid/);
    failure(await inspect('nope'), 404);
  });

  it('lets managers invite viewers and managers but not admins', async () => {
    const manager = await signIn(t().app, 'manager');
    const asManager = signedInInject(t().app, manager.token);
    const refused = await asManager({
      method: 'POST',
      url: '/api/v1/users/invitations',
      payload: { name: 'Boss', email: 'boss@example.com', role: 'admin' },
    });
    failure(refused, 403);
    const ok = await asManager({
      method: 'POST',
      url: '/api/v1/users/invitations',
      payload: { name: 'Help', email: 'help@example.com', role: 'viewer' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const viewer = await signIn(t().app, 'viewer');
    failure(
      await signedInInject(
        t().app,
        viewer.token,
      )({
        method: 'POST',
        url: '/api/v1/users/invitations',
        payload: { name: 'X', email: 'x@example.com' },
      }),
      403,
    );
  });

  it('refuses to make an invitee active by hand', async () => {
    const user = success<User>(await invite({ name: 'Ida', email: 'ida@example.com' })).data;
    failure(await t().inject({ method: 'POST', url: `/api/v1/users/${user.id}/enable` }), 409);
    failure(
      await t().inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { status: 'invited' } }),
      422,
    );
  });
});

describe(`invitations in production without SMTP_URL on ${dialect}`, () => {
  it('answers 503 mail_not_configured and leaves nothing behind', async () => {
    const t = await buildTestApp({
      env: { NODE_ENV: 'production', JWT_SECRET: 'a-test-secret-of-at-least-32-characters!' },
    });
    try {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/users/invitations',
        payload: { name: 'Nobody', email: 'nobody@example.com' },
      });
      expect(failure(res, 503).code).toBe('mail_not_configured');
      const listed = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?q=nobody' }));
      expect(listed.data).toEqual([]);
      const reset = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: 'admin@example.com' },
      });
      expect(failure(reset, 503).code).toBe('mail_not_configured');
      const outbox = success<unknown[]>(await t.inject({ method: 'GET', url: '/api/v1/mail/outbox' }));
      expect(outbox.data).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
