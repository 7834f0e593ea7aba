import type { DormantPreview, DormantRunResult, UserListApiQuery } from '../types/lifecycle.ts';

/** The permissions of the account lifecycle, as the server names them (all the admin's). */
export const LIFECYCLE_PERMISSIONS = {
  readDeleted: 'users:read-deleted',
  restore: 'users:restore',
  purge: 'users:purge',
  export: 'users:export',
  erase: 'users:erase',
  dormant: 'policies:dormant',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The users list's sign-in filter: its value in the URL and its words in the menu. */
export const ACTIVITY_CHOICES = [
  { value: 'inactive-30', label: 'Inactive for 30 days', days: 30 },
  { value: 'inactive-90', label: 'Inactive for 90 days', days: 90 },
  { value: 'inactive-180', label: 'Inactive for 180 days', days: 180 },
  { value: 'never', label: 'Never signed in', days: null },
] as const;

export function isActivity(value: string): boolean {
  return ACTIVITY_CHOICES.some((choice) => choice.value === value);
}

/**
 * What the API is asked for a sign-in filter. "Inactive for N days" is a last sign-in before
 * the start of the UTC day N days ago: the same instant all day, so page links and the cursors
 * the API hands out (which carry the filter and refuse a changed one) stay valid while the
 * list is browsed. It leaves out who never signed in: "Never signed in" lists them.
 */
export function activityQuery(
  activity: string,
  now: Date,
): Pick<UserListApiQuery, 'last_login_before' | 'never_signed_in'> {
  const choice = ACTIVITY_CHOICES.find((c) => c.value === activity);
  if (!choice) return {};
  if (choice.days === null) return { never_signed_in: true };
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { last_login_before: new Date(today - choice.days * DAY_MS).toISOString() };
}

/** Erasure asks for the user's e-mail typed again; the server compares it trimmed and lower-cased. */
export function erasureConfirmed(typed: string, email: string): boolean {
  return typed.trim().toLowerCase() === email.toLowerCase();
}

/** The file a person's data downloads as: whose it is and when, readable in a downloads folder. */
export function exportFileName(who: { id: number } | 'me', now: Date): string {
  const day = now.toISOString().slice(0, 10);
  return who === 'me' ? `my-data-${day}.json` : `user-${who.id}-data-${day}.json`;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The preview's headline: what a run would do now. */
export function previewSentence(preview: DormantPreview): string {
  const { disable, warn, kept_admins: kept } = preview.counts;
  const parts = [
    `${count(disable, 'account', 'accounts')} would be disabled now`,
    preview.mail
      ? `${count(warn, 'person', 'people')} would be warned`
      : `${count(warn, 'person', 'people')} are due a warning, but no mail is configured`,
  ];
  if (kept > 0) parts.push(`${count(kept, 'admin is', 'admins are')} kept so an active admin remains`);
  return `${parts.join('; ')}.`;
}

/** What a finished run did, from its job's result. */
export function runSentence(result: DormantRunResult | null): string {
  if (!result || typeof result.skipped === 'string') return 'The policy is off: the run changed nothing.';
  const parts = [
    `${count(result.disabled ?? 0, 'account', 'accounts')} disabled`,
    `${count(result.warned ?? 0, 'person', 'people')} warned`,
  ];
  if (result.skipped) parts.push(`${count(result.skipped, 'admin', 'admins')} kept`);
  return `Done: ${parts.join(', ')}.`;
}
