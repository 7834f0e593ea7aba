import type { Role } from '../domain/roles.js';

/** Who is acting, and from where: what services need to decide and to audit. */
export interface Actor {
  id: number;
  email: string;
  role: Role;
  sessionId: string;
}

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** Set while a job's item runs: every event the item records names the job (migration 011). */
  jobId?: number | null;
}

export interface ActionContext {
  actor: Actor;
  request: RequestInfo;
}
