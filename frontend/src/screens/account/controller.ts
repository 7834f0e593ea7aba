import type { FieldErrors } from '../../api.ts';
import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { nameProblem, newPasswordErrors } from '../../rules/user-rules.ts';
import type { Session } from '../../types.ts';
import type { PersonalDataController } from '../personal-data/controller.ts';
import { loadSection, type Section } from '../section.ts';
import { submitForm, type FormPort } from '../submit.ts';

export interface PasswordChange {
  current: string;
  next: string;
  repeated: string;
}

/** What my account shows; screens/account/view.ts draws it. */
export interface AccountView {
  bind(handlers: AccountHandlers): void;
  readonly profile: FormPort;
  readonly password: FormPort & { reset(): void };
  showSessions(state: Section<Session[]>): void;
}

export interface AccountHandlers {
  saveName: (name: string) => void;
  changePassword: (change: PasswordChange) => void;
  /** Ends one of my other sessions; resolves once the list shows it gone (or the error). */
  endSession: (id: Session['id']) => Promise<void>;
  /** The session this browser uses: ending it is signing out. */
  signOut: () => void;
  retrySessions: () => void;
  /** Everything the server holds about me, as a JSON file. */
  downloadMyData: () => void;
}

/** My account: my name, my password, my sessions, my data. */
export class AccountController {
  private readonly leaving = new AbortController();

  constructor(
    private readonly ctx: Context,
    private readonly view: AccountView,
    personal: PersonalDataController | null = null,
  ) {
    view.bind({
      saveName: (name) => void this.saveName(name),
      changePassword: (change) => void this.changePassword(change),
      endSession: (id) => this.endSession(id),
      signOut: () => void ctx.signOut(),
      retrySessions: () => void this.loadSessions(),
      downloadMyData: () => void personal?.exportMine(),
    });
  }

  start(): Promise<void> {
    return this.loadSessions();
  }

  destroy(): void {
    this.leaving.abort();
  }

  saveName(name: string): Promise<void> {
    return submitForm(
      this.view.profile,
      (): FieldErrors => {
        const problem = nameProblem(name);
        return problem ? { name: [problem] } : {};
      },
      async () => {
        await this.ctx.client.updateMe(name.trim());
        await this.ctx.reloadMe();
        this.ctx.notify('Name saved.');
      },
    );
  }

  changePassword({ current, next, repeated }: PasswordChange): Promise<void> {
    const { settings, session } = this.ctx;
    return submitForm(
      this.view.password,
      () => {
        const errors = newPasswordErrors(next, repeated, settings.password_policy, session.user?.email ?? '');
        if (!current) errors.current_password = ['Enter your current password.'];
        return errors;
      },
      async () => {
        const message = await this.ctx.client.changeMyPassword(current, next);
        this.view.password.reset();
        this.ctx.notify(message ?? 'Password changed. Your other sessions have ended.');
      },
    );
  }

  async endSession(id: Session['id']): Promise<void> {
    try {
      await this.ctx.client.endMySession(id);
      this.ctx.notify('Session ended.');
      await this.loadSessions();
    } catch (error) {
      this.ctx.notify(describeError(error), 'danger');
    }
  }

  private loadSessions(): Promise<void> {
    return loadSection(
      this.leaving.signal,
      (state) => this.view.showSessions(state),
      () => this.ctx.client.mySessions(),
    );
  }
}
