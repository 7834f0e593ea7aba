import { h } from '../dom.ts';
import { formatDateTime, nameLabel, relativeTime, roleBadgeClass, statusBadgeClass } from '../format.ts';
import type { Role, Status } from '../types.ts';

/** A role as a badge; `roles` are the settings' roles, lowest first, for its colour. */
export function roleBadge(role: Role, roles: readonly Role[]): HTMLElement {
  return h('span', { class: `badge ${roleBadgeClass(role, roles)}` }, nameLabel(role));
}

export function statusBadge(status: Status): HTMLElement {
  return h('span', { class: `badge ${statusBadgeClass(status)}` }, nameLabel(status));
}

/** A time with the exact value on hover and for screen readers' "time" reading. */
export function timeText(iso: string | null, empty = 'Never'): HTMLElement {
  if (!iso) return h('span', { class: 'text-body-secondary' }, empty);
  return h('time', { datetime: iso, title: formatDateTime(iso) }, relativeTime(iso));
}
