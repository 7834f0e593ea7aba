import type { Context } from '../../context.ts';
import { describeError, plural } from '../../format.ts';
import { DEFAULT_USER_QUERY } from '../../rules/users-query.ts';
import { AUDIT } from '../../paths.ts';
import {
  auditQueryString,
  DEFAULT_AUDIT_QUERY,
  parseAuditQuery,
  personLabel,
  pickPerson,
  readPersonText,
  toIso,
  toLocalInput,
} from '../../rules/audit-query.ts';
import type { AuditCatalog, AuditEvent, AuditQuery, Page } from '../../types.ts';
import { Latest } from '../latest.ts';

/** How long typing into a person filter pauses before suggestions are asked for. */
export const SUGGEST_PAUSE_MS = 250;

/**
 * The filter form's fields, as text: dates in the browser's time zone; the actor and the target
 * as an id, or a name or e-mail that must name one user.
 */
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
  /** A person filter that names no single user: said under it; nothing is asked for. */
  showFilterProblem(field: PersonField, message: string | null): void;
  /** People whose name or e-mail holds what is being typed into a person filter. */
  showSuggestions(field: PersonField, labels: string[]): void;
}

/** The filters that take a person: who acted, and (for events about users) whom it was about. */
export type PersonField = 'actor_id' | 'target_id';

export interface AuditHandlers {
  filter: (filters: AuditFilters) => void;
  /** Text typed into a person filter, for suggestions after a pause. */
  typed: (field: PersonField, text: string) => void;
  clear: () => void;
  perPage: (perPage: number) => void;
  retry: () => void;
}

/** The audit log (admins): who changed what, filterable, newest first, state in the URL. */
export class AuditController {
  private query: AuditQuery;
  private catalog: AuditCatalog | null = null;
  private readonly latest = new Latest();
  private readonly suggesting = new Latest();
  private typing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly view: AuditView,
    params: URLSearchParams,
  ) {
    this.query = parseAuditQuery(params, ctx.settings.max_per_page);
    view.bind({
      filter: (filters) => void this.filter(filters),
      typed: (field, text) => this.typed(field, text),
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
    this.suggesting.abort();
    clearTimeout(this.typing);
  }

  /** Filters by what the form says, once each person named in it is one user's id. */
  async filter(filters: AuditFilters): Promise<void> {
    const people: Partial<Record<PersonField, string>> = {};
    // A target typed as a name is a user; a target of another type is its id as typed.
    const fields: PersonField[] =
      filters.target_type === '' || filters.target_type === 'user' ? ['actor_id', 'target_id'] : ['actor_id'];
    for (const field of fields) {
      const found = await this.personId(filters[field]);
      if ('problem' in found) return this.view.showFilterProblem(field, found.problem);
      people[field] = found.id;
    }
    this.view.showFilterProblem('actor_id', null);
    const named = { ...filters, ...people };
    // A target named by a person is a user.
    if (people.target_id && filters.target_id.trim() !== people.target_id) named.target_type = 'user';
    this.show({ ...this.query, ...named, page: 1, from: toIso(filters.from), to: toIso(filters.to) });
  }

  private async personId(text: string): Promise<{ id: string } | { problem: string }> {
    const read = readPersonText(text);
    if ('id' in read) return read;
    try {
      const page = await this.ctx.client.listUsers({ ...DEFAULT_USER_QUERY, q: read.search, per_page: 10 });
      const person = pickPerson(page.items, read);
      if (person) return { id: String(person.id) };
      return {
        problem:
          page.items.length === 0
            ? `No user's name or e-mail holds "${text.trim()}".`
            : `${plural(page.meta.total, 'user')} match "${text.trim()}": pick one from the list or type more.`,
      };
    } catch (error) {
      return { problem: describeError(error) };
    }
  }

  private typed(field: PersonField, text: string): void {
    clearTimeout(this.typing);
    const read = readPersonText(text);
    if ('id' in read || read.search.length < 2) return this.view.showSuggestions(field, []);
    this.typing = setTimeout(() => void this.suggest(field, read.search), SUGGEST_PAUSE_MS);
  }

  private async suggest(field: PersonField, search: string): Promise<void> {
    try {
      const answer = await this.suggesting.run((signal) =>
        this.ctx.client.listUsers({ ...DEFAULT_USER_QUERY, q: search, per_page: 8 }, signal),
      );
      if (answer) this.view.showSuggestions(field, answer.value.items.map(personLabel));
    } catch {
      // Suggestions are a help: without them the filter still takes a name, an e-mail or an id.
    }
  }

  /** The filters of the query; a person filter by name and address when the events give them. */
  private showFilters(events: readonly AuditEvent[] = []): void {
    const q = this.query;
    const actor = events.find((e) => String(e.actor_id) === q.actor_id && e.actor_name && e.actor_email);
    const target =
      q.target_type === 'user'
        ? events.find((e) => e.target_id === q.target_id && e.target_name && e.target_email)
        : undefined;
    this.view.showFilters({
      actor_id: actor ? personLabel({ name: actor.actor_name!, email: actor.actor_email! }) : q.actor_id,
      target_type: q.target_type,
      target_id: target
        ? personLabel({ name: target.target_name!, email: target.target_email! })
        : q.target_id,
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
      if (query.actor_id || query.target_id) this.showFilters(page.items);
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
