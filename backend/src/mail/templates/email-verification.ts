import { duration, frame, plain, PRODUCT_NAME, type RenderedMail } from '../layout.js';

/** Sent to a new address after an admin changes a user's email, and on resend. */
export interface EmailVerificationMail {
  template: 'email-verification';
  name: string;
  ttlSeconds: number;
}

export function renderEmailVerification(mail: EmailVerificationMail, link: string): RenderedMail {
  const parts = {
    heading: 'Confirm your email address',
    paragraphs: [
      `Hello ${mail.name},`,
      `This address was given for your ${PRODUCT_NAME} account. Confirm that it is yours.`,
    ],
    button: 'Confirm this address',
    link,
    footnote: `The link works once and for ${duration(mail.ttlSeconds)}. If you have no such account, ignore this mail.`,
  };
  return {
    subject: `Confirm your email address for ${PRODUCT_NAME}`,
    text: plain(parts),
    html: frame(parts),
  };
}
