import { frame, plain, PRODUCT_NAME, type RenderedMail } from '../layout.js';

/**
 * Sent by the daily dormant-account run (DORMANT_WARN_DAYS before the disable) to an active
 * account that has not signed in for a while. Its link is the sign-in page: signing in is all
 * it takes to keep the account, so it carries no token.
 */
export interface DormantWarningMail {
  template: 'dormant-warning';
  name: string;
  /** the instant the account will be disabled if nobody signs in before (ISO 8601) */
  disable_on: string;
  /** DORMANT_AFTER_DAYS */
  after_days: number;
}

export function renderDormantWarning(mail: DormantWarningMail, link: string): RenderedMail {
  const day = mail.disable_on.slice(0, 10);
  const parts = {
    heading: 'Your account will be disabled soon',
    paragraphs: [
      `Hello ${mail.name},`,
      `Nobody has signed in to your ${PRODUCT_NAME} account for a while. Accounts unused for ${mail.after_days} days are disabled, and yours will be on ${day} (UTC).`,
      'To keep it, sign in before then. Nothing else is needed.',
    ],
    button: 'Sign in',
    link,
    footnote:
      'If you no longer need the account, ignore this mail: an administrator can enable it again later.',
  };
  return {
    subject: `Your ${PRODUCT_NAME} account will be disabled on ${day}`,
    text: plain(parts),
    html: frame(parts),
  };
}
