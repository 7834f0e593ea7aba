import { describe, expect, it } from 'vitest';
import type { PasswordChange } from '../../src/screens/account/controller.ts';
import {
  ChangePasswordController,
  type ChangePasswordView,
} from '../../src/screens/change-password/controller.ts';
import { SETTINGS } from '../support/settings.ts';
import { FakeForm, fakeContext, routes } from './fake-context.ts';

class FakeChangePassword extends FakeForm implements ChangePasswordView {
  submit!: (change: PasswordChange) => void;
  bind(handlers: { submit: (change: PasswordChange) => void }): void {
    this.submit = handlers.submit;
  }
}

describe('the forced password change', () => {
  it("holds the new password to the server's policy, whatever its minimum", async () => {
    const settings = { ...SETTINGS, password_policy: { min_length: 16, max_length: 64 } };
    const ctx = fakeContext({ settings });
    const view = new FakeChangePassword();
    const controller = new ChangePasswordController(ctx, view, new URLSearchParams());
    await controller.submit({ current: 'old one', next: 'fifteen chars!!', repeated: 'fifteen chars!!' });
    expect(view.errors).toEqual({ new_password: ['Use at least 16 characters.'] });
    expect(ctx.seen).toEqual([]);
  });

  it('changes it, then goes on to where the person was going', async () => {
    const ctx = fakeContext({
      handler: routes({ 'PUT /api/v1/auth/me/password': () => ({ message: null }) }),
    });
    const view = new FakeChangePassword();
    const controller = new ChangePasswordController(ctx, view, new URLSearchParams('?next=/console/audit'));
    await controller.submit({
      current: 'old one',
      next: 'a new passphrase 9',
      repeated: 'a new passphrase 9',
    });
    expect(ctx.seen[0]?.body).toEqual({ current_password: 'old one', new_password: 'a new passphrase 9' });
    expect(ctx.notes).toEqual([{ message: 'Password changed.', kind: 'success' }]);
    expect(ctx.signedInTo).toEqual(['/console/audit']);
  });
});
