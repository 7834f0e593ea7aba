import { ApiError } from './api.ts';
import type { ConsoleClient } from './client.ts';
import type { AuditAction, AuditCatalog, Settings } from './types.ts';

/**
 * The server's rules as the console reads them, in one place: the roles, statuses, permission
 * names, password policy and largest page from the public GET /api/v1/settings (read once at start, before
 * anyone signs in, since the sign-in and password pages show the policy), and the audit actions
 * from GET /api/v1/audit/actions (read when the audit log first needs them). Nothing else in
 * the console holds a list of roles, statuses, permissions or actions.
 */

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function badAnswer(what: string): ApiError {
  return new ApiError(200, 'bad_response', `The server sent unexpected ${what}`);
}

/** The settings, checked for the shape the console relies on. */
export function checkSettings(value: unknown): Settings {
  const settings = value as Partial<Settings> | null;
  const policy = settings?.password_policy;
  if (
    !settings ||
    !isStrings(settings.roles) ||
    settings.roles.length === 0 ||
    !isStrings(settings.statuses) ||
    !isStrings(settings.permissions) ||
    !Number.isInteger(policy?.min_length) ||
    !Number.isInteger(policy?.max_length) ||
    !Number.isInteger(settings.max_per_page) ||
    (settings.max_per_page ?? 0) < 1
  ) {
    throw badAnswer('settings');
  }
  return settings as Settings;
}

export function checkCatalog(value: unknown): AuditCatalog {
  const catalog = value as Partial<AuditCatalog> | null;
  const named = (items: unknown): boolean =>
    Array.isArray(items) &&
    items.every(
      (item: Partial<AuditAction> | null) => typeof item?.name === 'string' && typeof item.label === 'string',
    );
  if (!catalog || !named(catalog.actions) || !named(catalog.target_types)) throw badAnswer('audit actions');
  return catalog as AuditCatalog;
}

export async function loadSettings(client: ConsoleClient): Promise<Settings> {
  return checkSettings(await client.settings());
}

/** The audit catalog, asked for once; a failed read is asked for again next time. */
export function auditCatalogReader(client: ConsoleClient): () => Promise<AuditCatalog> {
  let reading: Promise<AuditCatalog> | null = null;
  return () => {
    reading ??= client
      .auditActions()
      .then(checkCatalog)
      .catch((error: unknown) => {
        reading = null;
        throw error;
      });
    return reading;
  };
}
