import type { Log } from './log.js';
import { afterCommit, type Db } from '../../db/dialect.js';
import * as repo from '../../db/outbox.repository.js';
import { claimNext, updateHeld, type Claim } from '../../db/work-queue.js';
import { wake } from './wake.js';

/**
 * The outbox (decision 0152): a message is written in the transaction of the change that causes
 * it and delivered after commit by whichever worker claims it; a temporary failure is retried
 * with backoff, and after MAX_DELIVERY_ATTEMPTS tries, or at once on a permanent failure, the
 * message is marked failed with the error kept for the admin to see.
 */

export interface OutgoingMessage {
  /** Which deliverer takes it: `mail` today, `webhook` later. */
  kind: string;
  recipient: string;
  /** Who the message is about (erasure removes their messages). */
  userId?: number | null;
  /** What the deliverer needs, as JSON. */
  payload: unknown;
}

export interface MessageToDeliver {
  id: number;
  kind: string;
  recipient: string;
  payload: unknown;
  /** 1 on the first try */
  attempt: number;
}

export type Deliverer = (message: MessageToDeliver) => Promise<void>;

/** A deliverer throws this to say whether trying again could help (an SMTP 4xx) or not (5xx). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export const MAX_DELIVERY_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min, ... doubling up to an hour: eight tries span a little over an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS);
}

/** Writes a message to the outbox in `db`'s transaction; it is delivered after commit. */
export async function enqueueMessage(db: Db, message: OutgoingMessage, now = new Date()): Promise<number> {
  const id = await repo.insertMessage(db, {
    kind: message.kind,
    recipient: message.recipient,
    user_id: message.userId ?? null,
    payload: JSON.stringify(message.payload),
    state: 'queued',
    run_after: now.toISOString(),
    created_at: now.toISOString(),
  });
  afterCommit(db, () => wake('outbox'));
  return id;
}

/** Claims one due message and tries to deliver it; false when none was due. */
export async function deliverNext(
  db: Db,
  deliverers: ReadonlyMap<string, Deliverer>,
  claim: Claim,
  log: Log,
  now: () => Date,
): Promise<boolean> {
  const row = await claimNext(db, 'outbox', claim);
  if (!row) return false;
  const deliver = deliverers.get(row.kind);
  if (!deliver) return true; // unreachable: only kinds with a deliverer are claimed
  const attempt = row.attempts;
  try {
    await deliver({
      id: row.id,
      kind: row.kind,
      recipient: row.recipient,
      payload: JSON.parse(row.payload),
      attempt,
    });
  } catch (error) {
    const permanent = error instanceof DeliveryError ? error.permanent : false;
    const giveUp = permanent || attempt >= MAX_DELIVERY_ATTEMPTS;
    const reason = error instanceof Error ? error.message : String(error);
    log.warn({ messageId: row.id, kind: row.kind, attempt, permanent, err: reason }, 'delivery failed');
    await updateHeld(db, 'outbox', row.id, claim.token, {
      state: giveUp ? 'failed' : 'queued',
      last_error: reason.slice(0, 2000),
      run_after: new Date(now().getTime() + retryDelayMs(attempt)).toISOString(),
      locked_until: null,
      locked_by: null,
    });
    return true;
  }
  const held = await updateHeld(db, 'outbox', row.id, claim.token, {
    state: 'sent',
    sent_at: now().toISOString(),
    last_error: null,
    locked_until: null,
    locked_by: null,
  });
  // A delivery that outlived its lease may have been claimed and delivered again elsewhere.
  if (!held) log.warn({ messageId: row.id }, 'delivered after its claim lapsed');
  else log.info({ messageId: row.id, kind: row.kind, attempt }, 'message delivered');
  return true;
}
