import type { Context } from '../../context.ts';
import { AUDIT } from '../../paths.ts';
import {
  auditQueryString,
  DEFAULT_AUDIT_QUERY,
  parseAuditQuery,
  toIso,
  toLocalInput,
} from '../../rules/audit-query.ts';
import type { AuditCatalog, AuditEvent, AuditQuery, Page } from '../../types.ts';
import { Latest } from '../latest.ts';

/** The filter form's fields, as text: dates in the browser's time zone. */
export interface AuditFilters {
  actor_id: string;
  target_type: string;
  target_id: string;
  action: string;
  from: string;
  to: string;
}

export interface AuditListing {
  page: Page<AuditEvent>;
  catalog: AuditCatalog;
  pageHref: (n: number) => string;
}

/** What the audit log shows; screens/audit/view.ts draws it. */
export interface AuditView {
  bind(handlers: AuditHandlers): void;
  /** The actions and target types the menus offer. */
  showCatalog(catalog: AuditCatalog): void;
  showFilters(filters: AuditFilters): void;
  showLoading(): void;
  showEvents(listing: AuditListing): void;
  showNoEvents(): void;
  showError(error: unknown): void;
}

export interface AuditHandlers {
  filter: (filters: AuditFilters) => void;
  clear: () => void;
  perPage: (perPage: number) => void;
  retry: () => void;
}

/** The audit log (admins): who changed what, filterable, newest first, state in the URL. */
export class AuditController {
  private query: AuditQuery;
  private catalog: AuditCatalog | null = null;
  private readonly latest = new Latest();

  constructor(
    private readonly ctx: Context,
    private readonly view: AuditView,
    params: URLSearchParams,
  ) {
    this.query = parseAuditQuery(params, ctx.settings.max_per_page);
    view.bind({
      filter: (filters) =>
        this.show({ ...this.query, ...filters, page: 1, from: toIso(filters.from), to: toIso(filters.to) }),
      clear: () => this.show({ ...DEFAULT_AUDIT_QUERY, per_page: this.query.per_page }),
      perPage: (perPage) => this.show({ ...this.query, per_page: perPage, page: 1 }),
      retry: () => void this.load(),
    });
  }

  start(): Promise<void> {
    this.showFilters();
    return this.load();
  }

  update(params: URLSearchParams): Promise<void> {
    this.query = parseAuditQuery(params, this.ctx.settings.max_per_page);
    return this.start();
  }

  destroy(): void {
    this.latest.abort();
  }

  private showFilters(): void {
    const q = this.query;
    this.view.showFilters({
      actor_id: q.actor_id,
      target_type: q.target_type,
      target_id: q.target_id,
      action: q.action,
      from: toLocalInput(q.from),
      to: toLocalInput(q.to),
    });
  }

  private show(next: AuditQuery): void {
    this.query = next;
    this.ctx.record(`${AUDIT}${auditQueryString(next)}`);
    void this.start();
  }

  private async load(): Promise<void> {
    const query = this.query;
    this.view.showLoading();
    try {
      // The catalog is read once per visit to the console; the menus need it before the rows.
      const answer = await this.latest.run((signal) =>
        Promise.all([this.ctx.auditCatalog(), this.ctx.client.listAudit(query, signal)]),
      );
      if (!answer) return;
      const [catalog, page] = answer.value;
      if (catalog !== this.catalog) {
        this.catalog = catalog;
        this.view.showCatalog(catalog);
        this.showFilters();
      }
      if (page.items.length === 0) this.view.showNoEvents();
      else {
        this.view.showEvents({
          page,
          catalog,
          pageHref: (n) => `${AUDIT}${auditQueryString({ ...query, page: n })}`,
        });
      }
    } catch (error) {
      this.view.showError(error);
    }
  }
}
