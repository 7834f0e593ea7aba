import { AUDIT, HOME } from '../paths.ts';
import { auditQueryString, DEFAULT_AUDIT_QUERY } from './audit-query.ts';
import { DEFAULT_USER_QUERY, userQueryString } from './users-query.ts';

/** The overview's links and labels, as pure functions. */

/** The users list filtered by one role or one status. */
export function usersHref(filter: { role?: string; status?: string }): string {
  return `${HOME}${userQueryString({ ...DEFAULT_USER_QUERY, ...filter })}`;
}

/** The audit log showing events like this one: the same action about the same thing. */
export function eventLogHref(event: {
  action: string;
  target_type: string | null;
  target_id: string | null;
}): string {
  const numeric = event.target_id !== null && /^\d{1,10}$/.test(event.target_id);
  return `${AUDIT}${auditQueryString({
    ...DEFAULT_AUDIT_QUERY,
    action: event.action,
    // The audit screen filters by numeric ids only (a session's id is not one).
    target_type: numeric ? (event.target_type ?? '') : '',
    target_id: numeric ? event.target_id! : '',
  })}`;
}

/** The audit log's events of `action` on one UTC day ('YYYY-MM-DD'). */
export function dayLogHref(day: string, action: string): string {
  return `${AUDIT}${auditQueryString({
    ...DEFAULT_AUDIT_QUERY,
    action,
    from: `${day}T00:00:00.000Z`,
    to: `${day}T23:59:59.999Z`,
  })}`;
}

/** A UTC day as the chart and its table show it: "Dec 12". */
export function dayLabel(day: string, locale?: string): string {
  return new Date(`${day}T00:00:00.000Z`).toLocaleDateString(locale, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
