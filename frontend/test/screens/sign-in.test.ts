import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignInController, type SignInView } from '../../src/screens/sign-in/controller.ts';
import { FakeForm, fakeContext, routes, settle, type Handler } from './fake-context.ts';

class FakeSignIn extends FakeForm implements SignInView {
  submit!: (email: string, password: string) => void;
  lockouts: number[] = [];
  over = false;
  passwordSelected = false;

  bind(handlers: { submit: (email: string, password: string) => void }): void {
    this.submit = handlers.submit;
  }
  showLockout(secondsLeft: number): void {
    this.lockouts.push(secondsLeft);
  }
  lockoutOver(): void {
    this.over = true;
  }
  retryPassword(): void {
    this.passwordSelected = true;
  }
}

function open(handler: Handler, search = '') {
  const ctx = fakeContext({ handler });
  ctx.session.clear();
  const view = new FakeSignIn();
  const controller = new SignInController(ctx, view, new URLSearchParams(search));
  return { ctx, view, controller };
}

describe('signing in', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes where it was asked after signing in, but only to a console page', async () => {
    const answer = {
      data: { access_token: 't', token_type: 'Bearer', expires_in: 900, must_change_password: true },
    };
    const asked = open(routes({ 'POST /api/v1/auth/login': () => answer }), '?next=/console/audit');
    await asked.controller.submit(' grace@example.com ', 'secret');
    expect(asked.ctx.seen[0]?.body).toEqual({ email: 'grace@example.com', password: 'secret' });
    expect(asked.ctx.signedInTo).toEqual(['/console/audit']);
    expect(asked.ctx.session.mustChangePassword).toBe(true);

    const elsewhere = open(
      routes({ 'POST /api/v1/auth/login': () => answer }),
      '?next=https://evil.example/',
    );
    await elsewhere.controller.submit('grace@example.com', 'secret');
    // The console's start, which leads to the landing of whoever signed in.
    expect(elsewhere.ctx.signedInTo).toEqual(['/console/']);
  });

  it('shows a refusal and selects the password to type again', async () => {
    const { view, controller } = open(
      routes({ 'POST /api/v1/auth/login': () => ({ status: 401, message: 'Invalid email or password' }) }),
    );
    await controller.submit('grace@example.com', 'wrong');
    expect(view.problem).toEqual({ text: 'Invalid email or password', kind: 'danger' });
    expect(view.passwordSelected).toBe(true);
  });

  it('counts down a lockout from Retry-After, then says one can try again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { view, controller } = open(
      routes({
        'POST /api/v1/auth/login': () => ({
          status: 429,
          message: 'Too many attempts',
          headers: { 'Retry-After': '3' },
        }),
      }),
    );
    await controller.submit('grace@example.com', 'wrong');
    vi.advanceTimersByTime(3000);
    expect(view.lockouts).toEqual([3, 2, 1]);
    expect(view.over).toBe(true);
    controller.destroy();
    await settle();
  });
});
