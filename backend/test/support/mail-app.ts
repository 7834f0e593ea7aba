import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { buildTestApp, type TestApp } from './app.js';
import { startMailbox, type TestMailbox } from './smtp.js';

/** The environment that turns mail on: SMTP to `mailbox`, links in mails to http://console.test. */
export function mailEnv(mailbox: TestMailbox, extra: Record<string, string> = {}): Record<string, string> {
  return { SMTP_URL: mailbox.url, PUBLIC_URL: 'http://console.test', ...extra };
}

/**
 * For the describe block that calls it: one real SMTP mailbox (smtp.ts) for the whole block, and
 * a fresh app for each test that mails to it (mailEnv), with the mailbox emptied of the previous
 * test's mail first. The answers read the current test's app and the block's mailbox.
 */
export function mailingAppForEachTest(): { t: () => TestApp; mailbox: () => TestMailbox } {
  let mailbox: TestMailbox | undefined;
  let current: TestApp | undefined;
  beforeAll(async () => {
    mailbox = await startMailbox();
  });
  afterAll(async () => {
    await mailbox?.close();
  });
  beforeEach(async () => {
    mailbox!.received.length = 0;
    current = await buildTestApp({ env: mailEnv(mailbox!) });
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    t: () => {
      if (!current) throw new Error('no test app outside a test');
      return current;
    },
    mailbox: () => {
      if (!mailbox) throw new Error('no mailbox outside the describe block');
      return mailbox;
    },
  };
}
