import { ApiError, type FieldErrors } from '../../api.ts';
import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { erasureConfirmed, exportFileName, LIFECYCLE_PERMISSIONS } from '../../rules/lifecycle-rules.ts';
import type { User } from '../../types.ts';

/** What the personal-data actions need of a screen: a download, and the erasure dialog. */
export interface PersonalDataPort {
  /** Saves `data` as a JSON file named `name`. */
  saveJson(data: unknown, name: string): void;
  /**
   * Asks for the user's e-mail typed again. `submit` answers the field errors to show (the dialog
   * stays) or null once the user is erased (it closes); it throws for anything else.
   */
  askErasure(user: User, submit: (typed: string) => Promise<FieldErrors | null>): void;
}

export interface PersonalDataOffer {
  export: boolean;
  erase: boolean;
}

/**
 * A person's data (GDPR): the admin's export and erasure on a user's page, and anyone's own
 * export on My account. The server audits both and refuses what the role may not do.
 */
export class PersonalDataController {
  constructor(
    private readonly ctx: Context,
    private readonly port: PersonalDataPort,
  ) {}

  /** What may be done to `user`: nobody erases their own account (the server says 409 too). */
  offered(user: User): PersonalDataOffer {
    const { session } = this.ctx;
    return {
      export: session.can(LIFECYCLE_PERMISSIONS.export),
      erase: session.can(LIFECYCLE_PERMISSIONS.erase) && session.user?.id !== user.id,
    };
  }

  async exportUser(user: User): Promise<void> {
    try {
      const data = await this.ctx.client.lifecycle.exportUser(user.id);
      this.port.saveJson(data, exportFileName(user, new Date()));
      this.ctx.notify(`Downloaded ${user.name}'s data.`);
    } catch (error) {
      this.ctx.notify(describeError(error), 'danger');
    }
  }

  async exportMine(): Promise<void> {
    try {
      this.port.saveJson(await this.ctx.client.lifecycle.exportMe(), exportFileName('me', new Date()));
      this.ctx.notify('Downloaded your data.');
    } catch (error) {
      this.ctx.notify(describeError(error), 'danger');
    }
  }

  /** Erases `user` once their e-mail is typed again; `erased` moves the screen on. */
  erase(user: User, erased: () => void): void {
    this.port.askErasure(user, async (typed) => {
      if (!erasureConfirmed(typed, user.email)) {
        return { confirm: [`Type ${user.email} exactly, to show this is the user you mean.`] };
      }
      try {
        await this.ctx.client.lifecycle.eraseUser(user.id, typed.trim());
      } catch (error) {
        if (error instanceof ApiError && error.fieldErrors.confirm)
          return { confirm: error.fieldErrors.confirm };
        throw error;
      }
      this.ctx.notify(`Erased ${user.name}: their account is gone and the audit log no longer names them.`);
      erased();
      return null;
    });
  }
}
