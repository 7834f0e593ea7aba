import type { ViewFactory } from '../context.ts';
import { fill, h } from '../dom.ts';
import { inputField, selectField, value } from '../widgets/forms.ts';
import type { AuditCatalog, AuditEvent, AuditQuery, Page } from '../types.ts';
import { auditTable } from './audit-list.ts';
import {
  actionLabel,
  auditQueryString,
  DEFAULT_AUDIT_QUERY,
  parseAuditQuery,
  toIso,
  toLocalInput,
} from '../rules/audit-query.ts';
import { pagination } from '../widgets/pagination.ts';
import { listLoader } from '../widgets/list-loader.ts';
import { pageHeading } from '../widgets/states.ts';

/** The audit log (admins): who changed what, filterable, newest first, state in the URL. */
export const auditView: ViewFactory = (ctx, _params, params) => {
  let query = parseAuditQuery(params);
  let catalog: AuditCatalog = { actions: [], target_types: [] };
  const results = h('div', { 'aria-live': 'polite', 'aria-busy': 'false', 'data-results': '' });

  const form = h(
    'form',
    {
      class: 'row g-2 align-items-end mb-3',
      role: 'search',
      'aria-label': 'Filter audit events',
      novalidate: true,
    },
    h(
      'div',
      { class: 'col-6 col-md-2' },
      inputField({
        label: 'Actor id',
        name: 'actor_id',
        type: 'number',
        attrs: { min: 1, inputmode: 'numeric' },
      }),
    ),
    h(
      'div',
      { class: 'col-6 col-md-2' },
      inputField({
        label: 'Target id',
        name: 'target_id',
        type: 'number',
        attrs: { min: 1, inputmode: 'numeric' },
      }),
    ),
    h(
      'div',
      { class: 'col-12 col-md-3' },
      selectField({
        label: 'Action',
        name: 'action',
        choices: [{ value: '', label: 'Any action' }],
      }),
    ),
    h(
      'div',
      { class: 'col-6 col-md-2' },
      inputField({ label: 'From', name: 'from', type: 'datetime-local' }),
    ),
    h('div', { class: 'col-6 col-md-2' }, inputField({ label: 'To', name: 'to', type: 'datetime-local' })),
    h(
      'div',
      { class: 'col-12 col-md-1 d-flex gap-2 mb-3' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Filter'),
    ),
  );
  const clear = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-link btn-sm',
      onclick: () => show({ ...DEFAULT_AUDIT_QUERY, per_page: query.per_page }),
    },
    'Clear filters',
  );

  const syncForm = () => {
    for (const key of ['actor_id', 'target_id', 'action'] as const) {
      (form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement).value = query[key];
    }
    (form.elements.namedItem('from') as HTMLInputElement).value = toLocalInput(query.from);
    (form.elements.namedItem('to') as HTMLInputElement).value = toLocalInput(query.to);
    // An action the list does not know (from a link) is still a valid filter: show it.
    const select = form.elements.namedItem('action') as HTMLSelectElement;
    if (query.action && select.value !== query.action) {
      select.append(h('option', { value: query.action }, actionLabel(catalog, query.action)));
      select.value = query.action;
    }
  };

  const show = (next: AuditQuery) => {
    query = next;
    ctx.record(`/console/audit${auditQueryString(query)}`);
    syncForm();
    void load();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show({
      ...query,
      page: 1,
      actor_id: value(form, 'actor_id').trim(),
      target_id: value(form, 'target_id').trim(),
      action: value(form, 'action'),
      from: toIso(value(form, 'from')),
      to: toIso(value(form, 'to')),
    });
  });

  const render = (page: Page<AuditEvent>) => {
    if (page.items.length === 0) {
      fill(
        results,
        h(
          'div',
          { class: 'text-center text-body-secondary py-5 border rounded', 'data-empty': '' },
          'No events match these filters.',
        ),
      );
      return;
    }
    fill(
      results,
      auditTable(catalog, page.items),
      pagination({
        meta: page.meta,
        noun: ['event', 'events'],
        href: (n) => `/console/audit${auditQueryString({ ...query, page: n })}`,
        onPerPage: (perPage) => show({ ...query, per_page: perPage, page: 1 }),
      }),
    );
  };

  const element = h('section', {}, pageHeading('Audit log', clear), form, results);
  const loader = listLoader({
    results,
    screen: element,
    loadingLabel: 'Loading events…',
    fetch: async (signal) => {
      const [read, page] = await Promise.all([ctx.auditCatalog(), ctx.client.listAudit(query, signal)]);
      if (catalog !== read) {
        catalog = read;
        const select = form.elements.namedItem('action') as HTMLSelectElement;
        select.append(...catalog.actions.map((a) => h('option', { value: a.name }, a.label)));
        syncForm();
      }
      return page;
    },
    render,
  });
  const load = loader.load;

  syncForm();
  void load();
  return {
    element,
    title: 'Audit log',
    update(next) {
      query = parseAuditQuery(next);
      syncForm();
      void load();
    },
    destroy: loader.abort,
  };
};
