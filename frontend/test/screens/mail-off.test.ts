import { describe, expect, it } from 'vitest';
import { SignInPage } from '../../src/screens/sign-in/view.ts';
import { UsersPage } from '../../src/screens/users/view.ts';
import { SETTINGS } from '../support/settings.ts';

/** A server that sends no mail (settings.mail.enabled false): the console says so where its buttons are. */
describe('the console on a server without mail', () => {
  it('offers "Forgot your password?" as a link only when a reset can be mailed', () => {
    const on = new SignInPage(false, true).element;
    expect(on.querySelector('a[href$="/forgot-password"]')?.textContent).toBe('Forgot your password?');

    const off = new SignInPage(false, false).element;
    expect(off.querySelector('a[href$="/forgot-password"]')).toBeNull();
    expect(off.textContent).toMatch(/Ask an administrator to set a new one/);
  });

  it('keeps Invite in view but turned off, with the reason tied to it', () => {
    const on = new UsersPage(SETTINGS);
    on.offerCreate(true);
    const enabled = on.element.querySelector<HTMLButtonElement>('[data-action="invite"]')!;
    expect(enabled.disabled).toBe(false);
    expect(on.element.querySelector('[data-mail-off]')).toBeNull();

    const off = new UsersPage({ ...SETTINGS, mail: { enabled: false, verified_email_required: false } });
    off.offerCreate(false);
    const invite = off.element.querySelector<HTMLButtonElement>('[data-action="invite"]')!;
    expect(invite.disabled).toBe(true);
    const reason = off.element.querySelector(`#${invite.getAttribute('aria-describedby')}`);
    expect(reason?.textContent).toMatch(/SMTP_URL is not set/);
    expect(off.element.querySelector<HTMLButtonElement>('[data-action="create"]')!.disabled).toBe(false);
  });
});
