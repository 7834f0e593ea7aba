import { integer, type Env } from './read.js';

/** Account lifecycle (docs/data-protection.md). */
export interface LifecycleConfig {
  /** DORMANT_AFTER_DAYS: idle accounts are disabled after this many days; null (0 or unset): never */
  readonly dormantAfterDays: number | null;
  /** DORMANT_WARN_DAYS: the warning goes out this many days before */
  readonly dormantWarnDays: number;
  /** DELETED_RETENTION_DAYS: a deleted user can be restored this long, then is purged */
  readonly deletedRetentionDays: number;
}

export function parseLifecycle(env: Env): LifecycleConfig {
  return {
    dormantAfterDays: integer(env, 'DORMANT_AFTER_DAYS', 0, 0, 36500) || null,
    dormantWarnDays: integer(env, 'DORMANT_WARN_DAYS', 7, 0, 365),
    deletedRetentionDays: integer(env, 'DELETED_RETENTION_DAYS', 30, 0, 3650),
  };
}
