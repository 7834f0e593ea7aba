import fp from 'fastify-plugin';
import type { MailConfig } from '../config.js';
import { consoleDeliverer, smtpDeliverer } from '../mail/transport.js';
import { DeliveryError, MAX_DELIVERY_ATTEMPTS, type Deliverer } from '../services/background/outbox.js';
import { recordMailOutcome, type MailSettings } from '../services/mail.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the invitation, reset and verification flows need of the mail configuration. */
    mailSettings: MailSettings;
  }
}

export interface MailPluginOptions {
  mail: MailConfig;
  /** Where the development printer writes (no SMTP_URL outside production); the terminal by default. */
  print?: (text: string) => void;
}

/**
 * Mail (issue 14): the deliverer of outbox messages of kind `mail`, over SMTP_URL with
 * nodemailer, or printed to the terminal in development. Each send and each final failure is an
 * audit event. In production without SMTP_URL no deliverer is registered: mail routes answer 503.
 */
export default fp<MailPluginOptions>(
  async (app, options) => {
    const { mail } = options;
    app.decorate('mailSettings', {
      transport: mail.transport,
      inviteTtl: mail.inviteTtl,
      resetTtl: mail.resetTtl,
      requireVerifiedEmail: mail.requireVerifiedEmail,
    });
    if (mail.transport === 'off') {
      app.log.warn('no SMTP_URL: invitations, password resets and verification mails are off');
      return;
    }
    const transportOptions = {
      smtpUrl: mail.smtpUrl,
      from: mail.from,
      publicUrl: mail.publicUrl,
      print: options.print,
    };
    let send: Deliverer;
    if (mail.smtpUrl) {
      const smtp = smtpDeliverer({ ...transportOptions, smtpUrl: mail.smtpUrl });
      app.addHook('onClose', async () => smtp.close());
      send = smtp.deliver;
    } else {
      send = consoleDeliverer(transportOptions);
    }
    app.background.deliver('mail', async (message) => {
      try {
        await send(message);
      } catch (error) {
        const permanent = error instanceof DeliveryError && error.permanent;
        // The outbox gives up after this try: the admin sees it in the audit log and the outbox.
        if (permanent || message.attempt >= MAX_DELIVERY_ATTEMPTS) {
          const reason = error instanceof Error ? error.message : String(error);
          await recordMailOutcome(app.db, message, { sent: false, error: reason.slice(0, 500) }).catch(
            (e: unknown) => app.log.error({ err: e }, 'could not audit a failed mail'),
          );
        }
        throw error;
      }
      await recordMailOutcome(app.db, message, { sent: true }).catch((e: unknown) =>
        app.log.error({ err: e }, 'could not audit a sent mail'),
      );
    });
  },
  { name: 'mail', dependencies: ['background', 'database'] },
);
