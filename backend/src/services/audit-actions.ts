import { AuditRegistry } from './audit-registry.js';
import { authAudit } from './auth.audit.js';
import { groupsAudit } from './groups.audit.js';
import { jobsAudit } from './jobs.audit.js';
import { lifecycleAudit } from './lifecycle.audit.js';
import { mailAudit } from './mail.audit.js';
import { sessionsAudit } from './sessions.audit.js';
import { usersAudit } from './users.audit.js';

/**
 * Every resource's audit declaration, registered here and nowhere else. A new resource adds
 * its `<resource>.audit.ts` and one line below; recordEvent refuses anything not listed, and
 * `GET /api/v1/audit/actions` publishes the list with its labels.
 */
const DECLARATIONS = [
  usersAudit,
  sessionsAudit,
  authAudit,
  groupsAudit,
  jobsAudit,
  mailAudit,
  lifecycleAudit,
] as const;

export const auditRegistry = new AuditRegistry(DECLARATIONS);

/** The registered action names, so a typo in a recordEvent call fails to compile too. */
export type AuditActionName = (typeof DECLARATIONS)[number]['actions'][number]['name'];
export type AuditTargetTypeName = (typeof DECLARATIONS)[number]['target_types'][number]['name'];
