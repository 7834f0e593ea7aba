import { boolean, ConfigError, integer, read, type Env, type NodeEnv } from './read.js';

export interface MailConfig {
  /**
   * How mail leaves: `smtp` through SMTP_URL; `console`, printed to the terminal (development
   * and tests without SMTP_URL); `off` in production without SMTP_URL, where the routes that
   * would send mail answer 503 mail_not_configured.
   */
  readonly transport: 'smtp' | 'console' | 'off';
  readonly smtpUrl: string | null;
  readonly from: string;
  /** The console's address, without a trailing slash: links in mail start with it. */
  readonly publicUrl: string;
  /** seconds an invitation link holds */
  readonly inviteTtl: number;
  /** seconds a password reset link holds */
  readonly resetTtl: number;
  /** Sign-in refuses accounts whose email is not verified. */
  readonly requireVerifiedEmail: boolean;
}

function parseSmtpUrl(env: Env): string | null {
  const raw = read(env, 'SMTP_URL');
  if (raw === undefined) return null;
  let valid = false;
  try {
    const url = new URL(raw);
    valid = ['smtp:', 'smtps:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    valid = false;
  }
  // The URL may hold a password, so it is not repeated in the message.
  if (!valid) throw new ConfigError('SMTP_URL is invalid: expected smtp://[user:pass@]host:port or smtps://');
  return raw;
}

function parsePublicUrl(env: Env, nodeEnv: NodeEnv, port: number, smtp: boolean): string {
  const raw = read(env, 'PUBLIC_URL');
  if (raw === undefined) {
    if (nodeEnv === 'production' && smtp) {
      throw new ConfigError(
        'PUBLIC_URL is required when SMTP_URL is set in production: the address of the console, used in links',
      );
    }
    return `http://127.0.0.1:${port}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL="${raw}" is invalid: expected an http:// or https:// address`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      `PUBLIC_URL="${raw}" is invalid: expected an http:// or https:// address with no query`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

export function parseMail(env: Env, nodeEnv: NodeEnv, port: number): MailConfig {
  const smtpUrl = parseSmtpUrl(env);
  const from = read(env, 'MAIL_FROM') ?? 'User Management <no-reply@localhost>';
  if (/[\r\n]/.test(from) || !/@/.test(from)) {
    throw new ConfigError(`MAIL_FROM is invalid: expected an address such as "Name <no-reply@example.com>"`);
  }
  return {
    transport: smtpUrl ? 'smtp' : nodeEnv === 'production' ? 'off' : 'console',
    smtpUrl,
    from,
    publicUrl: parsePublicUrl(env, nodeEnv, port, smtpUrl !== null),
    inviteTtl: integer(env, 'INVITE_TTL', 7 * 24 * 3600, 300, 90 * 24 * 3600),
    resetTtl: integer(env, 'RESET_TTL', 3600, 300, 7 * 24 * 3600),
    requireVerifiedEmail: boolean(env, 'REQUIRE_VERIFIED_EMAIL', false),
  };
}
