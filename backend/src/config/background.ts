import { boolean, integer, type Env } from './read.js';

/** The outbox and jobs (decision 0152): whether this process works them, and its lease. */
export interface BackgroundConfig {
  /** Whether this process delivers the outbox and runs jobs (BACKGROUND_WORK, on by default). */
  readonly backgroundWork: boolean;
  /**
   * How long a claim on a job or a message holds before another worker may take it over, in seconds
   * (BACKGROUND_LEASE_SECONDS): how soon the work of a process that died goes on elsewhere.
   */
  readonly backgroundLeaseSeconds: number;
}

export function parseBackground(env: Env): BackgroundConfig {
  return {
    backgroundWork: boolean(env, 'BACKGROUND_WORK', true),
    backgroundLeaseSeconds: integer(env, 'BACKGROUND_LEASE_SECONDS', 60, 2, 3600),
  };
}
