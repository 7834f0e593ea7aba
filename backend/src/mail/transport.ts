import nodemailer from 'nodemailer';
import type { Deliverer } from '../services/background/outbox.js';
import { DeliveryError } from '../services/background/outbox.js';
import { linkFor, renderMail, type MailPayload } from './templates/index.js';

export interface MailTransportOptions {
  smtpUrl: string | null;
  from: string;
  publicUrl: string;
  /** Where the development printer writes (the terminal); tests may catch it. */
  print?: (text: string) => void;
}

/**
 * An SMTP reply code says whether trying again can help: 4xx is temporary (mailbox busy,
 * greylisting), 5xx permanent (no such user, refused). A failure with no code (the server
 * could not be reached, the connection dropped) is temporary.
 */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Delivers `mail` messages over SMTP with nodemailer (STARTTLS when the server offers it). */
export function smtpDeliverer(options: MailTransportOptions & { smtpUrl: string }): {
  deliver: Deliverer;
  close: () => void;
} {
  const transport = nodemailer.createTransport(options.smtpUrl, {
    // A slow server holds one delivery lane, not the process: give up and retry later.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const deliver: Deliverer = async (message) => {
    const payload = message.payload as MailPayload;
    const mail = renderMail(payload, options.publicUrl);
    try {
      await transport.sendMail({
        from: options.from,
        to: message.recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // One id per outbox row: a receiver that sees the same message twice can tell.
        messageId: `<outbox-${message.id}@${hostOf(options.publicUrl)}>`,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DeliveryError(
        payload.token ? reason.replace(payload.token, '[token]') : reason,
        isPermanent(error),
      );
    }
  };
  return { deliver, close: () => transport.close() };
}

function hostOf(url: string): string {
  return new URL(url).hostname || 'localhost';
}

/**
 * Development without SMTP_URL: each mail is printed to the terminal (recipient, subject, link),
 * as the first admin's password is, so the flows work on a laptop with nothing else installed.
 */
export function consoleDeliverer(options: MailTransportOptions): Deliverer {
  const print = options.print ?? ((text: string) => console.log(text));
  return async (message) => {
    const payload = message.payload as MailPayload;
    const mail = renderMail(payload, options.publicUrl);
    print(
      [
        '',
        '+-- mail (development: no SMTP_URL, printed instead of sent) ---',
        `| To:      ${message.recipient}`,
        `| Subject: ${mail.subject}`,
        `| Link:    ${linkFor(options.publicUrl, payload)}`,
        '+---------------------------------------------------------------',
        '',
      ].join('\n'),
    );
  };
}
