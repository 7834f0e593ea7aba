import { duration, frame, plain, PRODUCT_NAME, type RenderedMail } from '../layout.js';

/** Sent when someone asks for a password reset for an active account. */
export interface PasswordResetMail {
  template: 'password-reset';
  name: string;
  ttlSeconds: number;
}

export function renderPasswordReset(mail: PasswordResetMail, link: string): RenderedMail {
  const parts = {
    heading: 'Reset your password',
    paragraphs: [
      `Hello ${mail.name},`,
      `Someone, probably you, asked to reset the password of your ${PRODUCT_NAME} account. Choosing a new password signs you out everywhere.`,
    ],
    button: 'Choose a new password',
    link,
    footnote: `The link works once and for ${duration(mail.ttlSeconds)}. If you did not ask for it, ignore this mail: your password stays as it is.`,
  };
  return { subject: `Reset your ${PRODUCT_NAME} password`, text: plain(parts), html: frame(parts) };
}
