import { duration, frame, plain, PRODUCT_NAME, type RenderedMail } from '../layout.js';

/** Sent when an admin or manager invites someone, and again on resend. */
export interface InvitationMail {
  template: 'invitation';
  name: string;
  inviter: string | null;
  role: string;
  ttlSeconds: number;
}

export function renderInvitation(mail: InvitationMail, link: string): RenderedMail {
  const who = mail.inviter ? `${mail.inviter} has invited you` : 'You have been invited';
  const parts = {
    heading: `You are invited to ${PRODUCT_NAME}`,
    paragraphs: [
      `Hello ${mail.name},`,
      `${who} to ${PRODUCT_NAME} as ${mail.role}. Choose a password to accept the invitation.`,
    ],
    button: 'Accept the invitation',
    link,
    footnote: `The link works once and for ${duration(mail.ttlSeconds)}. If you did not expect this mail, ignore it.`,
  };
  return { subject: `Your invitation to ${PRODUCT_NAME}`, text: plain(parts), html: frame(parts) };
}
