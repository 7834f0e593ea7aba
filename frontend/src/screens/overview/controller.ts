import type { Context } from '../../context.ts';
import { nameLabel, plural } from '../../format.ts';
import { AUDIT, HOME, userPath } from '../../paths.ts';
import { actionLabel, targetTypeLabel } from '../../rules/audit-query.ts';
import { dayLabel, dayLogHref, eventLogHref, usersHref } from '../../rules/overview.ts';
import type { AuditCatalog, AuditEvent } from '../../types.ts';
import type { Overview } from '../../types/overview.ts';
import { Latest } from '../latest.ts';

/** A number that opens the list it counts. */
export interface CountLink {
  label: string;
  count: number;
  href: string;
}

export interface SignInDay {
  day: string;
  label: string;
  succeeded: number;
  failed: number;
  /** the audit log of that day's sign-ins and failures, for those who may read it */
  succeededHref: string | null;
  failedHref: string | null;
}

export interface RecentChange {
  id: number;
  occurred_at: string;
  action: string;
  label: string;
  actor: string;
  actorHref: string | null;
  target: string;
  targetHref: string | null;
  logHref: string;
}

/** Everything the overview shows, links worked out: the view only draws it. */
export interface OverviewModel {
  total: CountLink;
  statuses: CountLink[];
  roles: CountLink[];
  signIns: { from: string; to: string; days: SignInDay[]; succeeded: number; failed: number };
  locked: {
    count: number;
    exact: boolean;
    accounts: { name: string; email: string; href: string; until: string }[];
    /** true when locks live in one server process's memory (another worker has its own) */
    perProcess: boolean;
  } | null;
  recent: { changes: RecentChange[]; logHref: string } | null;
}

export interface OverviewView {
  bind(handlers: { retry: () => void }): void;
  showLoading(): void;
  showOverview(model: OverviewModel): void;
  showError(error: unknown): void;
}

/** The console's home (users:read): counts, sign-ins per day, locks, the newest changes. */
export class OverviewController {
  private readonly latest = new Latest();

  constructor(
    private readonly ctx: Context,
    private readonly view: OverviewView,
  ) {
    view.bind({ retry: () => void this.start() });
  }

  async start(): Promise<void> {
    this.view.showLoading();
    try {
      const answer = await this.latest.run(async (signal) => {
        const overview = await this.ctx.client.overview(signal);
        const catalog = overview.recent_actions ? await this.ctx.auditCatalog() : null;
        return { overview, catalog };
      });
      if (answer) this.view.showOverview(this.model(answer.value.overview, answer.value.catalog));
    } catch (error) {
      this.view.showError(error);
    }
  }

  destroy(): void {
    this.latest.abort();
  }

  private model(overview: Overview, catalog: AuditCatalog | null): OverviewModel {
    const canAudit = this.ctx.session.can('audit:read');
    const { users, sign_ins, locked, recent_actions } = overview;
    const days = sign_ins.days.map((d) => ({
      ...d,
      label: dayLabel(d.day),
      succeededHref: canAudit && d.succeeded > 0 ? dayLogHref(d.day, 'auth.login') : null,
      failedHref: canAudit && d.failed > 0 ? dayLogHref(d.day, 'auth.login_failed') : null,
    }));
    const sum = (pick: (d: SignInDay) => number) => days.reduce((n, d) => n + pick(d), 0);
    return {
      total: { label: plural(users.total, 'user'), count: users.total, href: HOME },
      statuses: users.by_status.map((s) => ({
        label: nameLabel(s.status),
        count: s.count,
        href: usersHref({ status: s.status }),
      })),
      roles: users.by_role.map((r) => ({
        label: `${nameLabel(r.role)}s`,
        count: r.count,
        href: usersHref({ role: r.role }),
      })),
      signIns: {
        from: sign_ins.from,
        to: sign_ins.to,
        days,
        succeeded: sum((d) => d.succeeded),
        failed: sum((d) => d.failed),
      },
      locked: locked && {
        count: locked.count,
        exact: locked.count_exact,
        accounts: locked.accounts.map((a) => ({
          name: a.name,
          email: a.email,
          href: userPath(a.id),
          until: a.locked_until,
        })),
        perProcess: locked.lockout_store === 'memory',
      },
      recent:
        recent_actions && catalog
          ? { changes: recent_actions.map((e) => this.change(e, catalog)), logHref: AUDIT }
          : null,
    };
  }

  private change(event: AuditEvent, catalog: AuditCatalog): RecentChange {
    const type = event.target_type ?? '';
    const typeLabel = type ? targetTypeLabel(catalog, type) : 'Item';
    const target =
      event.target_name ??
      (event.target_session ? 'A session' : event.target_id ? `${typeLabel} ${event.target_id}` : '—');
    return {
      id: event.id,
      occurred_at: event.occurred_at,
      action: event.action,
      label: actionLabel(catalog, event.action),
      actor: event.actor_name ?? event.actor_email ?? 'Someone',
      actorHref: event.actor_id === null ? null : this.ctx.targetPath('user', String(event.actor_id)),
      target,
      targetHref: event.target_session ? null : this.ctx.targetPath(event.target_type, event.target_id),
      logHref: eventLogHref(event),
    };
  }
}
