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

/**
 * Who a change is recorded against: a signed-in actor, or none (an operator at the command line,
 * the daily runs: `actor` null, with `actorEmail` or a reason in the event's changes).
 */
export type Author = Omit<ActionContext, 'actor'> & { actor: Actor | null; actorEmail?: string };

/** The request of work no one asked for just now: the daily runs, named by their job. */
export const systemRequest = (jobId: number): RequestInfo => ({
  ip: null,
  userAgent: null,
  requestId: `job:${jobId}`,
});
