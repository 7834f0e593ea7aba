import type { AuditDeclaration } from './audit-registry.js';

/** What the audit log records about jobs themselves; each job's own changes are its kind's events. */
export const jobsAudit = {
  target_types: [{ name: 'job', label: 'Job' }],
  actions: [{ name: 'job.cancelled', label: 'Job cancelled', target_type: 'job' }],
} as const satisfies AuditDeclaration;
