import type { RenderedMail } from '../layout.js';
import { renderDormantWarning, type DormantWarningMail } from './dormant-warning.js';
import { renderEmailVerification, type EmailVerificationMail } from './email-verification.js';
import { renderInvitation, type InvitationMail } from './invitation.js';
import { renderPasswordReset, type PasswordResetMail } from './password-reset.js';

export type { DormantWarningMail, EmailVerificationMail, InvitationMail, PasswordResetMail };

/**
 * What the outbox keeps of a mail: its template and data, and the one-time token of its link
 * (a dormant-account warning links to the sign-in page and carries none).
 */
export type MailPayload =
  | ((InvitationMail | PasswordResetMail | EmailVerificationMail) & {
      /** the token the link carries: in the outbox row only, which no API answer shows (decision 0162) */
      token: string;
    })
  | (DormantWarningMail & { token?: undefined });

/** The console page each kind of mail links to; the token goes in the fragment, which no server sees. */
const PAGES: Record<MailPayload['template'], string> = {
  invitation: '/console/accept-invitation',
  'password-reset': '/console/reset-password',
  'email-verification': '/console/verify-email',
  'dormant-warning': '/console/',
};

export function linkFor(publicUrl: string, payload: MailPayload): string {
  const page = `${publicUrl}${PAGES[payload.template]}`;
  return payload.token === undefined ? page : `${page}#token=${encodeURIComponent(payload.token)}`;
}

export function renderMail(payload: MailPayload, publicUrl: string): RenderedMail {
  const link = linkFor(publicUrl, payload);
  switch (payload.template) {
    case 'invitation':
      return renderInvitation(payload, link);
    case 'password-reset':
      return renderPasswordReset(payload, link);
    case 'email-verification':
      return renderEmailVerification(payload, link);
    case 'dormant-warning':
      return renderDormantWarning(payload, link);
  }
}
