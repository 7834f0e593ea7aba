import { h } from '../../dom.ts';
import type { AuditCatalog } from '../../types.ts';
import { filterForm } from '../../widgets/filters.ts';
import { pagination } from '../../widgets/pagination.ts';
import { Results } from '../../widgets/results.ts';
import { emptyState, pageHeading } from '../../widgets/states.ts';
import { eventsTable } from '../shared/events-table.ts';
import type { AuditFilters, AuditHandlers, AuditListing, AuditView, PersonField } from './controller.ts';

const FIELDS = ['actor_id', 'target_type', 'target_id', 'action', 'from', 'to'] as const;

/** The audit log on screen: the filter form, the events, the pages. */
export class AuditPage implements AuditView {
  readonly element: HTMLElement;
  private readonly results: Results;
  private readonly filters: ReturnType<typeof filterForm>;
  private handlers!: AuditHandlers;

  constructor(
    private readonly targetPath: (type: string | null, id: string | null) => string | null,
    private readonly maxPerPage: number,
  ) {
    this.filters = filterForm({
      label: 'Filter audit events',
      fields: [
        { kind: 'text', name: 'actor_id', label: 'Actor', placeholder: 'Name, e-mail or id' },
        { kind: 'choice', name: 'target_type', label: 'Target type', any: 'Any type', choices: [] },
        { kind: 'text', name: 'target_id', label: 'Target', placeholder: 'Name, e-mail or id' },
        { kind: 'choice', name: 'action', label: 'Action', any: 'Any action', choices: [] },
        { kind: 'datetime', name: 'from', label: 'From' },
        { kind: 'datetime', name: 'to', label: 'To' },
      ],
      onSubmit: (values) => this.handlers.filter(readFilters(values)),
      onType: (name, text) => this.handlers.typed(name as PersonField, text),
    });
    const clear = h(
      'button',
      { type: 'button', class: 'btn btn-link btn-sm', onclick: () => this.handlers.clear() },
      'Clear filters',
    );
    this.element = h('section', {}, pageHeading('Audit log', clear), this.filters.element);
    this.results = new Results(this.element, 'Loading events…');
    this.element.append(this.results.element);
  }

  bind(handlers: AuditHandlers): void {
    this.handlers = handlers;
  }

  showCatalog(catalog: AuditCatalog): void {
    const choices = (items: { name: string; label: string }[]) =>
      items.map((item) => ({ value: item.name, label: item.label }));
    this.filters.setChoices('target_type', choices(catalog.target_types));
    this.filters.setChoices('action', choices(catalog.actions));
  }

  showFilters(filters: AuditFilters): void {
    this.filters.show({ ...filters });
  }

  showLoading(): void {
    this.results.loading();
  }

  showEvents({ page, catalog, pageHref }: AuditListing): void {
    this.results.show(
      eventsTable({ catalog, events: page.items, targetPath: this.targetPath }),
      pagination({
        meta: page.meta,
        noun: ['event', 'events'],
        href: pageHref,
        maxPerPage: this.maxPerPage,
        onPerPage: this.handlers.perPage,
      }),
    );
  }

  showNoEvents(): void {
    this.results.show(emptyState('No events match these filters.'));
  }

  showError(error: unknown): void {
    this.results.failed(error, () => this.handlers.retry());
  }

  showFilterProblem(field: PersonField, message: string | null): void {
    this.filters.showProblem(field, message);
  }

  showSuggestions(field: PersonField, labels: string[]): void {
    this.filters.setSuggestions(field, labels);
  }
}

function readFilters(values: Record<string, string>): AuditFilters {
  const read = Object.fromEntries(FIELDS.map((name) => [name, (values[name] ?? '').trim()]));
  return read as unknown as AuditFilters;
}
