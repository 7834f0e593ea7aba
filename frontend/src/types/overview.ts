import type { AuditEvent, Role, Status } from '../types.ts';

/** GET /api/v1/overview: the console's home. */
export interface Overview {
  users: {
    total: number;
    by_status: { status: Status; count: number }[];
    by_role: { role: Role; count: number }[];
  };
  sign_ins: {
    /** UTC days, YYYY-MM-DD */
    from: string;
    to: string;
    /** the last 30 UTC days, oldest first */
    days: { day: string; succeeded: number; failed: number }[];
  };
  /** null without users:set-password */
  locked: {
    count: number;
    count_exact: boolean;
    accounts: { id: number; name: string; email: string; locked_until: string }[];
    lockout_store: 'redis' | 'memory';
  } | null;
  /** the newest changes people made; null without audit:read */
  recent_actions: AuditEvent[] | null;
}
