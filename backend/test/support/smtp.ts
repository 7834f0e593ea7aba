import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { freePort } from './ports.js';
import { until } from './until.js';

/**
 * A real SMTP server for tests (the `smtp-server` package, which the project did not write):
 * it receives mail over TCP and parses it with `mailparser`. Tests can make it refuse mail with
 * an SMTP code, or hold a message without answering, as real servers do.
 */
export interface TestMailbox {
  /** smtp://127.0.0.1:<port>, for SMTP_URL */
  url: string;
  /** Every mail accepted (answered 250), in order. */
  received: ParsedMail[];
  /** How many DATA commands arrived, accepted or not. */
  attempts: () => number;
  /** Refuses the next `times` mails at RCPT TO with this code (4xx temporary, 5xx permanent). */
  refuseNext: (code: number, times?: number) => void;
  /** Receives the next mail but never answers it (the sender hangs as on a stuck server). */
  holdNext: () => void;
  /** Resolves once at least `count` mails were accepted; answers them. */
  waitFor: (count: number) => Promise<ParsedMail[]>;
  close: () => Promise<void>;
}

export async function startMailbox(): Promise<TestMailbox> {
  const received: ParsedMail[] = [];
  let attempts = 0;
  const refusals: number[] = [];
  let hold = false;
  const server = new SMTPServer({
    authOptional: true,
    // No TLS in tests; nodemailer would upgrade with STARTTLS if offered.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session: SMTPServerSession, callback) {
      const code = refusals.shift();
      if (code === undefined) return callback();
      const error = Object.assign(
        new Error(code >= 500 ? 'No such mailbox here' : 'Mailbox busy, try later'),
        {
          responseCode: code,
        },
      );
      callback(error);
    },
    onData(stream: SMTPServerDataStream, _session, callback) {
      attempts += 1;
      const held = hold;
      hold = false;
      simpleParser(stream).then(
        (mail) => {
          if (held) return; // never answered
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts: () => attempts,
    refuseNext: (code, times = 1) => {
      for (let i = 0; i < times; i++) refusals.push(code);
    },
    holdNext: () => {
      hold = true;
    },
    waitFor: async (count) => {
      await until(() => received.length >= count);
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The one link in a mail's text, and the token in its fragment. */
export function linkIn(mail: ParsedMail): { url: URL; token: string } {
  const match = /https?:\/\/\S+#token=\S+/.exec(mail.text ?? '');
  if (!match) throw new Error(`no link in mail: ${mail.text}`);
  const url = new URL(match[0]);
  return { url, token: decodeURIComponent(url.hash.replace(/^#token=/, '')) };
}

export function recipientOf(mail: ParsedMail): string {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address ?? '';
}
