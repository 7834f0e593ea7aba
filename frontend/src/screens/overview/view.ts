import { h, scrollingTable, type Child } from '../../dom.ts';
import { formatDateTime, plural } from '../../format.ts';
import { timeText } from '../../widgets/badges.ts';
import { barChart } from '../../widgets/bar-chart.ts';
import { Results } from '../../widgets/results.ts';
import { card, pageHeading } from '../../widgets/states.ts';
import type { CountLink, OverviewModel, OverviewView, RecentChange, SignInDay } from './controller.ts';

/** Axis labels every week, counted back from today so today always has one. */
const LABEL_EVERY = 7;

/** The overview on screen: count cards, the sign-in chart and its table, locks, recent changes. */
export class OverviewPage implements OverviewView {
  readonly element: HTMLElement;
  private readonly results: Results;
  private retry: () => void = () => undefined;

  constructor() {
    this.element = h('section', { class: 'overview' }, pageHeading('Overview'));
    this.results = new Results(this.element, 'Loading the overview…');
    this.element.append(this.results.element);
  }

  bind(handlers: { retry: () => void }): void {
    this.retry = handlers.retry;
  }

  showLoading(): void {
    this.results.loading();
  }

  showError(error: unknown): void {
    this.results.failed(error, this.retry);
  }

  showOverview(model: OverviewModel): void {
    this.results.show(
      h(
        'div',
        { class: 'row g-3 mb-3' },
        h('div', { class: 'col-12 col-md-4' }, countCard('Users', [model.total], 'data-total')),
        h('div', { class: 'col-6 col-md-4' }, countCard('By status', model.statuses, 'data-statuses')),
        h('div', { class: 'col-6 col-md-4' }, countCard('By role', model.roles, 'data-roles')),
      ),
      signInsCard(model.signIns),
      h(
        'div',
        { class: 'row g-3' },
        model.locked ? h('div', { class: 'col-12 col-lg-4' }, lockedCard(model.locked)) : null,
        model.recent
          ? h('div', { class: model.locked ? 'col-12 col-lg-8' : 'col-12' }, recentCard(model.recent))
          : null,
      ),
    );
  }
}

function countCard(title: string, counts: CountLink[], marker: string): HTMLElement {
  return card(
    title,
    h(
      'ul',
      { class: 'list-unstyled mb-0 overview-counts', [marker]: '' },
      counts.map((c) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: c.href, class: 'd-flex justify-content-between align-items-baseline gap-2 py-1' },
            h('span', {}, c.label),
            h('span', { class: 'fs-4 fw-semibold', 'data-count': '' }, c.count.toLocaleString()),
          ),
        ),
      ),
    ),
  );
}

function signInsCard(signIns: OverviewModel['signIns']): HTMLElement {
  const last = signIns.days.length - 1;
  const chart = barChart({
    summary:
      `Sign-ins per day from ${signIns.days[0]?.label ?? ''} to ${signIns.days[last]?.label ?? ''} (UTC): ` +
      `${plural(signIns.succeeded, 'sign-in')} and ${plural(signIns.failed, 'failed sign-in')}. ` +
      'The table below the chart has each day.',
    series: [
      { label: 'Signed in', className: 'chart-succeeded' },
      { label: 'Failed', className: 'chart-failed' },
    ],
    columns: signIns.days.map((d, i) => ({
      axisLabel: (last - i) % LABEL_EVERY === 0 ? d.label : '',
      title: `${d.label}: ${d.succeeded} signed in, ${d.failed} failed`,
      values: [d.succeeded, d.failed],
    })),
  });
  const table = h(
    'table',
    { class: 'table table-sm mb-0' },
    h('caption', { class: 'visually-hidden' }, 'Sign-ins per UTC day, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Day'),
        h('th', { scope: 'col', class: 'text-end' }, 'Signed in'),
        h('th', { scope: 'col', class: 'text-end' }, 'Failed'),
      ),
    ),
    h(
      'tbody',
      {},
      [...signIns.days]
        .reverse()
        .map((d) =>
          h(
            'tr',
            { 'data-day': d.day },
            h('th', { scope: 'row', class: 'fw-normal' }, h('time', { datetime: d.day }, d.label)),
            h(
              'td',
              { class: 'text-end' },
              countOrLink(d.succeeded, d.succeededHref, `Sign-ins on ${d.label}`),
            ),
            h(
              'td',
              { class: 'text-end' },
              countOrLink(d.failed, d.failedHref, `Failed sign-ins on ${d.label}`),
            ),
          ),
        ),
    ),
  );
  return card(
    'Sign-ins, last 30 days',
    h(
      'p',
      { class: 'mb-2', 'data-sign-in-totals': '' },
      h('span', { class: 'fw-semibold' }, plural(signIns.succeeded, 'sign-in')),
      ' and ',
      h('span', { class: 'fw-semibold text-danger-emphasis' }, plural(signIns.failed, 'failed sign-in')),
      ' (days in UTC)',
    ),
    chart,
    h(
      'details',
      { class: 'mt-2' },
      h('summary', {}, 'Each day as a table'),
      scrollingTable('Sign-ins per day', table),
    ),
  );
}

function countOrLink(count: number, href: string | null, label: string): Child {
  const text = count.toLocaleString();
  return href ? h('a', { href, 'aria-label': `${label}: ${text}` }, text) : text;
}

function lockedCard(locked: NonNullable<OverviewModel['locked']>): HTMLElement {
  const count = `${locked.count.toLocaleString()}${locked.exact ? '' : '+'}`;
  return card(
    'Locked now',
    h(
      'p',
      { class: 'mb-2' },
      h('span', { class: 'fs-4 fw-semibold', 'data-locked-count': '' }, count),
      ' ',
      locked.count === 1 ? 'account' : 'accounts',
    ),
    locked.accounts.length > 0
      ? h(
          'ul',
          { class: 'list-unstyled mb-0', 'data-locked': '' },
          locked.accounts.map((a) =>
            h(
              'li',
              { class: 'py-1 text-break-any' },
              h('a', { href: a.href }, a.name),
              h(
                'div',
                { class: 'small text-body-secondary' },
                `${a.email} · until ${formatDateTime(a.until)}`,
              ),
            ),
          ),
        )
      : h('p', { class: 'text-body-secondary mb-0' }, 'No account is locked.'),
    locked.perProcess
      ? h(
          'p',
          { class: 'small text-body-secondary mt-2 mb-0' },
          "Locks are kept in this server process's memory.",
        )
      : null,
  );
}

function recentCard(recent: NonNullable<OverviewModel['recent']>): HTMLElement {
  return card(
    'Recent changes',
    recent.changes.length === 0
      ? h('p', { class: 'text-body-secondary' }, 'Nobody has changed anything yet.')
      : h('ul', { class: 'list-unstyled mb-2', 'data-recent': '' }, recent.changes.map(changeItem)),
    h('a', { href: recent.logHref }, 'Open the audit log'),
  );
}

function changeItem(change: RecentChange): HTMLElement {
  const person = (text: string, href: string | null) => (href ? h('a', { href }, text) : h('span', {}, text));
  return h(
    'li',
    { class: 'd-flex flex-wrap gap-2 align-items-baseline py-1 border-bottom', 'data-id': change.id },
    h(
      'a',
      {
        href: change.logHref,
        class: 'badge text-bg-primary text-decoration-none',
        title: `${change.label}: events like this in the audit log`,
      },
      change.label,
    ),
    h(
      'span',
      { class: 'text-break-any' },
      person(change.target, change.targetHref),
      h('span', { class: 'text-body-secondary' }, ' by '),
      person(change.actor, change.actorHref),
    ),
    h('span', { class: 'ms-auto small text-body-secondary' }, timeText(change.occurred_at)),
  );
}

export type { SignInDay };
