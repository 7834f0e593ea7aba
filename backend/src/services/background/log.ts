import type { BaseLogger } from 'pino';

/** What background work writes to: the app's logger, or a child of it. */
export type Log = Pick<BaseLogger, 'info' | 'warn' | 'error'>;
