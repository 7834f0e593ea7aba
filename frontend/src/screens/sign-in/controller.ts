import { ApiError } from '../../api.ts';
import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { safeNext } from '../../rules/navigation.ts';
import { noErrors, submitForm, type FormPort } from '../submit.ts';

/** What the sign-in page shows; screens/sign-in/view.ts draws it. */
export interface SignInView extends FormPort {
  /** `submit` is called once the browser finds the fields valid. */
  bind(handlers: { submit: (email: string, password: string) => void }): void;
  /** Too many attempts: the button stays disabled; the wait counts down. */
  showLockout(secondsLeft: number): void;
  lockoutOver(): void;
  /** A refused password is selected, to type again. */
  retryPassword(): void;
}

/** Sign in with e-mail and password; a lockout says how long to wait and counts down. */
export class SignInController {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly view: SignInView,
    private readonly query: URLSearchParams,
  ) {
    view.bind({ submit: (email, password) => void this.submit(email, password) });
  }

  destroy(): void {
    clearInterval(this.timer);
  }

  submit(email: string, password: string): Promise<void> {
    return submitForm(
      this.view,
      noErrors,
      async () => {
        const result = await this.ctx.client.signIn(email.trim(), password);
        this.ctx.session.mustChangePassword = result.must_change_password ?? false;
        await this.ctx.signedIn(safeNext(this.query.get('next')));
      },
      (error) => {
        if (error instanceof ApiError && error.status === 429) {
          this.lockout(error.retryAfter ?? 60);
          return true;
        }
        if (error instanceof ApiError && error.status === 422) return false;
        this.view.showProblem(describeError(error));
        this.view.retryPassword();
        return true;
      },
    );
  }

  private lockout(seconds: number): void {
    const until = Date.now() + seconds * 1000;
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left > 0) return this.view.showLockout(left);
      clearInterval(this.timer);
      this.view.lockoutOver();
    };
    clearInterval(this.timer);
    tick();
    this.timer = setInterval(tick, 1000);
  }
}
