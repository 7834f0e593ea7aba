import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBackend, type RunningBackend } from './backend.ts';
import { startMailbox, type Mailbox } from './mailbox.ts';
import { ApiAs } from './api-as.ts';
import { signIn } from './browser.ts';
import { checkAccessibility, loaded, unique, useBrowser } from './support.ts';

/**
 * Invitation and password reset through the real pages, with the link read from the mail a
 * real SMTP server received (issue 14).
 */
describe('mail flows in the console', () => {
  const browser = useBrowser();
  const admin = { email: 'mail-admin@example.com', password: 'a mail admin passphrase 14' };
  let mailbox: Mailbox;
  let backend: RunningBackend;

  beforeAll(async () => {
    mailbox = await startMailbox();
    const port = inject('sparePort');
    backend = await startBackend(port, {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      SMTP_URL: mailbox.url,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await mailbox?.close();
  });

  it('accepts an invitation on the page the mail links to, and signs the invitee in', async () => {
    const email = `invitee-${unique()}@example.com`;
    const api = await ApiAs.signIn(backend.baseUrl, admin.email, admin.password);
    const invited = await api.call('POST', '/api/v1/users/invitations', {
      name: 'Ivy Invitee',
      email,
      role: 'viewer',
    });
    expect(invited.status).toBe(201);

    const page = await browser.open();
    await page.goto(`${backend.baseUrl}${await mailbox.linkFor(email)}`);
    await page.getByText(`${admin.email}`, { exact: false }).first().waitFor();
    // The token left the address bar as soon as the page read it.
    expect(new URL(page.url()).hash).toBe('');
    await checkAccessibility(page, 'accept invitation');

    const form = page.getByRole('form', { name: 'Accept the invitation' });
    await form.getByLabel('New password', { exact: true }).fill('short');
    // The policy speaks as they type.
    await expect
      .poll(() => form.locator('[data-feedback-for="new_password"]').textContent())
      .toMatch(/at least/);
    await form.getByLabel('New password', { exact: true }).fill('ivy chooses a long passphrase');
    await form.getByLabel('Repeat the new password').fill('ivy chooses a long passphrase');
    await form.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.waitForURL(/\/console\/users/);
    await loaded(page);

    // The link works once; a second visit says so in plain words.
    const again = await browser.open();
    await again.goto(`${backend.baseUrl}/console/accept-invitation#token=not-a-real-token`);
    await again.getByRole('alert').waitFor();
    expect(await again.getByRole('alert').textContent()).toMatch(/not valid/);
  });

  it('resets a forgotten password from the sign-in page through the mailed link', async () => {
    const email = `forgetful-${unique()}@example.com`;
    const api = await ApiAs.signIn(backend.baseUrl, admin.email, admin.password);
    await api.createUser({ name: 'Forgetful', email, password: 'the password I forgot 1' });

    const page = await browser.open();
    await page.goto(`${backend.baseUrl}/console/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/console\/forgot-password/);
    await checkAccessibility(page, 'forgot password');
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/link to reset its password is on its way/);

    await page.goto(`${backend.baseUrl}${await mailbox.linkFor(email)}`);
    const form = page.getByRole('form', { name: 'Choose a new password' });
    await form.getByLabel('New password', { exact: true }).waitFor();
    await checkAccessibility(page, 'reset password');
    await form.getByLabel('New password', { exact: true }).fill('a remembered passphrase 2');
    await form.getByLabel('Repeat the new password').fill('a remembered passphrase 2');
    await form.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/console\/sign-in/);

    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('a remembered passphrase 2');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/(overview|change-password)/);
  });

  it("sends an invitation again and revokes it from the user's page; the list finds unverified addresses", async () => {
    const tag = unique();
    const email = `resend-${tag}@example.com`;
    const api = await ApiAs.signIn(backend.baseUrl, admin.email, admin.password);
    const invited = await api.call<{ id: number }>('POST', '/api/v1/users/invitations', {
      name: 'Rex Resend',
      email,
      role: 'viewer',
    });
    const first = await mailbox.linkFor(email);

    const page = await browser.open();
    await signIn(page, backend.baseUrl, admin.email, admin.password);
    await page.goto(`${backend.baseUrl}/console/users/${invited.data.id}`);
    await page.getByRole('heading', { name: 'Rex Resend' }).waitFor();
    expect(await page.locator('[data-unverified]').textContent()).toMatch(/accepting the invitation/);
    await checkAccessibility(page, 'invited user');

    await page.getByRole('button', { name: 'Send invitation again' }).click();
    await page.getByText('Invitation sent again').waitFor();
    const second = await mailbox.linkFor(email);
    expect(second).not.toBe(first);

    await page.getByRole('button', { name: 'Revoke invitation' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Invitation revoked').waitFor();
    const link = await browser.open();
    await link.goto(`${backend.baseUrl}${second}`);
    await link.getByRole('alert').waitFor();
    expect(await link.getByRole('alert').textContent()).toMatch(/no longer valid/);

    await page.goto(`${backend.baseUrl}/console/users?q=${tag}`);
    await loaded(page);
    await page.getByLabel('E-mail address').selectOption('true');
    await page.waitForURL(/email_verified=true/);
    await loaded(page);
    expect(await page.locator('tbody tr [data-name]').count()).toBe(0);
    await page.getByLabel('E-mail address').selectOption('false');
    await page.waitForURL(/email_verified=false/);
    await loaded(page);
    expect(await page.locator('tbody tr [data-name]').allTextContents()).toEqual(['Rex Resend']);
  });

  it('shows the outbox to the admin', async () => {
    const page = await browser.open();
    await signIn(page, backend.baseUrl, admin.email, admin.password);
    await page.goto(`${backend.baseUrl}/console/mail`);
    await page.locator('tbody tr').first().waitFor();
    await checkAccessibility(page, 'mail outbox');
    expect(await page.locator('tbody').textContent()).toMatch(/Invitation/);
  });
});
