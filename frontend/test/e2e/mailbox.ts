import { simpleParser, type ParsedMail } from 'mailparser';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the `smtp-server` package) the test starts, so the console's mail flows
 * are followed from the mail the server really sent. The backend's tests have their own
 * (backend/test/support/smtp.ts); the console never imports the server's code.
 */
export interface Mailbox {
  url: string;
  /** The next mail to `to` (already received, or to come), its link's path and fragment. */
  linkFor: (to: string) => Promise<string>;
  close: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startMailbox(): Promise<Mailbox> {
  const received: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          for (const wake of waiters.splice(0)) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const taken = new Set<ParsedMail>();
  const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;
  return {
    url: `smtp://127.0.0.1:${port}`,
    async linkFor(address) {
      for (;;) {
        const mail = received.find((m) => !taken.has(m) && to(m) === address);
        if (mail) {
          taken.add(mail);
          const link = /https?:\/\/\S+#token=\S+/.exec(mail.text ?? '')?.[0];
          if (!link) throw new Error(`no link in the mail to ${address}`);
          const url = new URL(link);
          return url.pathname + url.hash;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
