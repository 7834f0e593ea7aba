import { ApiError, isAbort } from '../../api.ts';
import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { AUDIT, HOME } from '../../paths.ts';
import { auditQueryString, DEFAULT_AUDIT_QUERY } from '../../rules/audit-query.ts';
import { GROUP_PERMISSIONS } from '../../rules/group-rules.ts';
import { USER_PERMISSIONS, userActions } from '../../rules/user-rules.ts';
import type { AuditCatalog, AuditEvent, Credentials, Group, Page, Session, User } from '../../types.ts';
import type { PersonalDataController, PersonalDataOffer } from '../personal-data/controller.ts';
import { loadSection, type Section } from '../section.ts';
import type { UserActionKey, UserActionsController } from '../user-actions/controller.ts';

export interface Activity {
  events: AuditEvent[];
  catalog: AuditCatalog;
  /** The audit log filtered to events about this user. */
  allHref: string;
  /** The audit log filtered to what this user did (a user's page; a group acts on nothing). */
  byHref?: string;
}

/** The parts of the page besides the profile, each shown only with its permission. */
export interface UserSections {
  sessions: boolean;
  activity: boolean;
  groups: boolean;
  /** Export and erase (GDPR), for those who may. */
  personalData: PersonalDataOffer;
}

/** What the user's page shows; screens/user/view.ts draws it. */
export interface UserView {
  bind(handlers: UserHandlers): void;
  showLoading(): void;
  showError(error: unknown): void;
  /**
   * The profile and what one may do; `credentials` (a password or none, a lockout) for those
   * who may set passwords, else null.
   */
  showUser(
    user: User,
    credentials: Credentials | null,
    actions: UserActionKey[],
    sections: UserSections,
  ): void;
  showSessions(state: Section<Session[]>): void;
  /** The groups the user is in (the first page of them). */
  showGroups(state: Section<Page<Group>>): void;
  showActivity(state: Section<Activity>): void;
}

export interface UserHandlers {
  act: (key: UserActionKey) => void;
  /** Ends one of the user's sessions; resolves once the list shows it gone (or the error). */
  endSession: (session: Session) => Promise<void>;
  /** The session is the admin's own, in this browser: ending it is signing out. */
  signOut: () => void;
  retry: () => void;
  retrySessions: () => void;
  retryActivity: () => void;
  retryGroups: () => void;
  exportData: () => void;
  erase: () => void;
}

/** How many of the latest events about the user the page lists. */
export const RECENT_EVENTS = 10;
/** How many of the user's groups the page lists (their names, in order). */
export const GROUPS_LISTED = 100;

/** One user: profile, what one may do, their sessions and the latest audit events about them. */
export class UserController {
  private loading = new AbortController();
  private user: User | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly view: UserView,
    private readonly actions: UserActionsController,
    private readonly id: number,
    private readonly personal: PersonalDataController | null = null,
  ) {
    view.bind({
      act: (key) => {
        if (this.user) {
          this.actions.run(key, this.user, { changed: () => void this.load(), deleted: () => ctx.go(HOME) });
        }
      },
      endSession: (session) => this.endSession(session),
      signOut: () => void ctx.signOut(),
      retry: () => void this.load(),
      retrySessions: () => void this.loadSessions(this.loading.signal),
      retryActivity: () => void this.loadActivity(this.loading.signal),
      retryGroups: () => void this.loadGroups(this.loading.signal),
      exportData: () => {
        if (this.user) void personal?.exportUser(this.user);
      },
      // Erased is gone for good: back to the list, as after a delete.
      erase: () => {
        if (this.user) personal?.erase(this.user, () => ctx.go(HOME));
      },
    });
  }

  start(): Promise<void> {
    return this.load();
  }

  destroy(): void {
    this.loading.abort();
  }

  private async load(): Promise<void> {
    this.loading.abort();
    this.loading = new AbortController();
    const { signal } = this.loading;
    this.view.showLoading();
    try {
      if (!Number.isInteger(this.id) || this.id < 1)
        throw new ApiError(404, 'not_found', 'There is no such user.');
      const { session, client } = this.ctx;
      // Whether they can sign in (a password, a lockout) decides what Clear lockout offers.
      const [user, credentials] = await Promise.all([
        client.getUser(this.id, signal),
        session.can(USER_PERMISSIONS.setPassword) ? client.userCredentials(this.id, signal) : null,
      ]);
      this.user = user;
      this.ctx.setTitle(user.name);
      const allowed = userActions((p) => session.can(p), session.user?.id ?? null, user);
      const groups = session.can(GROUP_PERMISSIONS.read);
      this.view.showUser(user, credentials, this.actions.allowed(user, credentials), {
        sessions: allowed.viewSessions,
        activity: allowed.viewAudit,
        groups,
        personalData: this.personal?.offered(user) ?? { export: false, erase: false },
      });
      if (groups) void this.loadGroups(signal);
      if (allowed.viewSessions) void this.loadSessions(signal);
      if (allowed.viewAudit) void this.loadActivity(signal);
    } catch (error) {
      if (!isAbort(error) && !signal.aborted) this.view.showError(error);
    }
  }

  private async endSession(session: Session): Promise<void> {
    try {
      await this.ctx.client.endUserSession(this.id, session.id);
      this.ctx.notify('Session ended.');
      await this.loadSessions(this.loading.signal);
    } catch (error) {
      this.ctx.notify(describeError(error), 'danger');
    }
  }

  private loadSessions(signal: AbortSignal): Promise<void> {
    return loadSection(
      signal,
      (state) => this.view.showSessions(state),
      () => this.ctx.client.userSessions(this.id, signal),
    );
  }

  private loadGroups(signal: AbortSignal): Promise<void> {
    return loadSection(
      signal,
      (state) => this.view.showGroups(state),
      () => this.ctx.client.listGroups({ member: this.id, page: 1, per_page: GROUPS_LISTED }, signal),
    );
  }

  private loadActivity(signal: AbortSignal): Promise<void> {
    return loadSection(
      signal,
      (state) => this.view.showActivity(state),
      async () => {
        // By type and id: a group 7's events are not user 7's.
        const about = { target_type: 'user', target_id: String(this.id) };
        const [catalog, page] = await Promise.all([
          this.ctx.auditCatalog(),
          this.ctx.client.listAudit({ ...about, per_page: RECENT_EVENTS }, signal),
        ]);
        const allHref = `${AUDIT}${auditQueryString({ ...DEFAULT_AUDIT_QUERY, ...about })}`;
        const byHref = `${AUDIT}${auditQueryString({ ...DEFAULT_AUDIT_QUERY, actor_id: String(this.id) })}`;
        return { events: page.items, catalog, allHref, byHref };
      },
    );
  }
}
