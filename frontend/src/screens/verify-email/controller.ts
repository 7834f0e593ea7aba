import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';

export interface VerifyEmailView {
  bind(handlers: { confirm: () => void }): void;
  busy(task: () => Promise<void>): Promise<void>;
  showDone(email: string): void;
  showEnded(message: string): void;
}

/** The page a verification mail links to: one button, so a scanner fetching the link verifies nothing. */
export class VerifyEmailController {
  constructor(
    private readonly ctx: Context,
    private readonly view: VerifyEmailView,
    private readonly token: string,
  ) {
    view.bind({ confirm: () => void this.confirm() });
    if (!token)
      view.showEnded('This page needs the whole link from your verification mail. Open the link again.');
  }

  confirm(): Promise<void> {
    return this.view.busy(async () => {
      try {
        this.view.showDone(await this.ctx.client.verifyEmail(this.token));
      } catch (error) {
        this.view.showEnded(describeError(error));
      }
    });
  }
}
