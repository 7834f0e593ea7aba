import { ApiError, type FieldErrors } from '../../api.ts';
import type { Context } from '../../context.ts';
import type { User } from '../../types.ts';
import { submitForm, type FormPort } from '../submit.ts';

export interface InviteInput {
  name: string;
  email: string;
  role: string;
}

export interface InviteFormHandlers {
  submit: (input: InviteInput) => void;
  edited: (input: InviteInput) => void;
}

export interface InviteFormView extends FormPort {
  bind(handlers: InviteFormHandlers): void;
  close(): void;
}

/**
 * Invite someone by email (issue 14): the account exists at once, invited, and a mail asks them
 * to choose a password. A server that cannot send mail says so here, where the button is.
 */
export class InviteFormController {
  constructor(
    private readonly ctx: Context,
    private readonly view: InviteFormView,
    private readonly saved: (user: User) => void,
  ) {
    view.bind({ submit: (input) => void this.submit(input), edited: () => view.clearProblem() });
  }

  private check(input: InviteInput): FieldErrors {
    const errors: FieldErrors = {};
    if (!input.name.trim()) errors.name = ['Enter a name.'];
    if (!input.email.trim()) errors.email = ['Enter an e-mail address.'];
    return errors;
  }

  submit(input: InviteInput): Promise<void> {
    return submitForm(
      this.view,
      () => this.check(input),
      async () => {
        const user = await this.ctx.client.invite({
          name: input.name.trim(),
          email: input.email.trim(),
          role: input.role,
        });
        this.view.close();
        this.ctx.notify(`Invitation sent to ${user.email}.`);
        this.saved(user);
      },
      (error) => {
        if (error instanceof ApiError && error.code === 'mail_not_configured') {
          this.view.showProblem(
            'This server cannot send mail (no SMTP_URL), so invitations are off. Create the user with a password instead.',
            'warning',
          );
          return true;
        }
        return false;
      },
    );
  }
}
