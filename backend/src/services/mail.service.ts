import type { Db } from '../db/dialect.js';
import * as outbox from '../db/outbox.repository.js';
import { toIso, toIsoOrNull } from '../db/dialect.js';
import { MailNotConfiguredError } from '../errors.js';
import type { TokenPurpose } from '../db/types.js';
import type { MailPayload } from '../mail/templates/index.js';
import { enqueueMessage } from './background/outbox.js';
import { recordEvent } from './audit.service.js';
import type { RequestInfo } from './context.js';
import { issueToken } from './one-time-tokens.js';

/** What the flows that send mail need to know of the mail configuration. */
export interface MailSettings {
  /** `off`: production without SMTP_URL; the routes that would send mail answer 503. */
  transport: 'smtp' | 'console' | 'off';
  inviteTtl: number;
  resetTtl: number;
  /** (for the console) what sign-in does with an unverified address */
  requireVerifiedEmail: boolean;
}

/** Refuses, before anything is written, a request that would need mail this server cannot send. */
export function assertMailOn(settings: MailSettings): void {
  if (settings.transport === 'off') throw new MailNotConfiguredError();
}

/**
 * Writes a mail to the outbox in `trx`, the transaction of the change that causes it: it is sent
 * after commit, or not at all if the change rolls back (decision 0152).
 */
export async function queueMail(
  trx: Db,
  mail: { to: string; userId: number; payload: MailPayload },
  now = new Date(),
): Promise<number> {
  return enqueueMessage(
    trx,
    { kind: 'mail', recipient: mail.to, userId: mail.userId, payload: mail.payload },
    now,
  );
}

/**
 * A mail whose link carries a fresh one-time token (an invitation, a reset, a verification): the
 * token is issued (ending the user's last one of that purpose) and the mail queued, both in `trx`.
 */
export async function queueLinkMail(
  trx: Db,
  link: {
    userId: number;
    email: string;
    purpose: TokenPurpose;
    createdBy: number | null;
    ttlSeconds: number;
  },
  payload: (token: string) => MailPayload,
  now: Date,
): Promise<{ mailId: number; expiresAt: string }> {
  const { token, expiresAt } = await issueToken(trx, { ...link, now });
  const mailId = await queueMail(trx, { to: link.email, userId: link.userId, payload: payload(token) }, now);
  return { mailId, expiresAt };
}

const NO_REQUEST: RequestInfo = { ip: null, userAgent: null, requestId: null };

/** The audit events of delivery, written by the deliverer after each try that ends a mail's fate. */
export async function recordMailOutcome(
  db: Db,
  message: { id: number; recipient: string; payload: unknown; attempt: number },
  outcome: { sent: true } | { sent: false; error: string },
): Promise<void> {
  const template = (message.payload as Partial<MailPayload>).template ?? null;
  await recordEvent(db, {
    action: outcome.sent ? 'mail.sent' : 'mail.failed',
    actor: null,
    actorEmail: 'system',
    target: { type: 'mail', id: message.id },
    changes: {
      template: [null, template],
      recipient: [null, message.recipient],
      attempt: [null, message.attempt],
      ...(outcome.sent ? {} : { error: [null, outcome.error] }),
    },
    request: NO_REQUEST,
  });
}

export interface OutboxMail {
  id: number;
  template: string | null;
  recipient: string;
  user_id: number | null;
  state: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  next_attempt_at: string | null;
}

/** The newest mails first, for admins: what was sent, what bounced; never the payload (its link). */
export async function listOutboxMail(
  db: Db,
  query: { limit: number; state?: 'queued' | 'sending' | 'sent' | 'failed'; before?: number },
): Promise<OutboxMail[]> {
  const rows = await outbox.listMessages(db, { ...query, kind: 'mail' });
  return rows.map((row) => ({
    id: row.id,
    template: templateOf(row.payload),
    recipient: row.recipient,
    user_id: row.user_id,
    state: row.state,
    attempts: row.attempts,
    last_error: row.last_error,
    created_at: toIso(row.created_at),
    sent_at: toIsoOrNull(row.sent_at),
    next_attempt_at: row.state === 'queued' ? toIso(row.run_after) : null,
  }));
}

function templateOf(payload: string): string | null {
  try {
    const parsed = JSON.parse(payload) as { template?: unknown };
    return typeof parsed.template === 'string' ? parsed.template : null;
  } catch {
    return null;
  }
}
