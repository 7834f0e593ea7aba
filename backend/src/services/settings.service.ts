import { ROLES } from '../domain/roles.js';
import { STATUSES } from '../domain/statuses.js';
import { permissions } from '../permissions.js';
import { MAX_PER_PAGE } from '../schemas/common.js';
import type { Settings } from '../schemas/settings.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import type { MailSettings } from './mail.service.js';

/** The rules a client needs before it signs in, so it never keeps copies of its own. */
export function publicSettings(policy: PasswordPolicy, mail: MailSettings): Settings {
  return {
    roles: [...ROLES],
    statuses: [...STATUSES],
    permissions: [...permissions.names],
    password_policy: { min_length: policy.minLength, max_length: policy.maxLength },
    max_per_page: MAX_PER_PAGE,
    mail: { enabled: mail.transport !== 'off', verified_email_required: mail.requireVerifiedEmail },
  };
}
