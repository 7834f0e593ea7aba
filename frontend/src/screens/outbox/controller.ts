import type { Context } from '../../context.ts';
import type { OutboxMail } from '../../types.ts';

export interface OutboxView {
  bind(handlers: { filter: (state: string) => void; refresh: () => void }): void;
  showLoading(): void;
  showMails(mails: OutboxMail[], failedOnly: boolean): void;
  showError(error: unknown, retry: () => void): void;
}

/** The mail outbox for admins: what went out, what is waiting, what bounced and why. */
export class OutboxController {
  private state = '';

  constructor(
    private readonly ctx: Context,
    private readonly view: OutboxView,
  ) {
    view.bind({
      filter: (state) => {
        this.state = state;
        void this.load();
      },
      refresh: () => void this.load(),
    });
  }

  async load(): Promise<void> {
    this.view.showLoading();
    try {
      const mails = await this.ctx.client.outbox(this.state ? { state: this.state } : {});
      this.view.showMails(mails, this.state === 'failed');
    } catch (error) {
      this.view.showError(error, () => void this.load());
    }
  }
}
