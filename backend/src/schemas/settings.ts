import { Type, type Static } from '@sinclair/typebox';
import { permissions } from '../permissions.js';
import { StringEnum } from './common.js';
import { RoleSchema, StatusSchema } from './users.js';

export const SettingsSchema = Type.Object({
  roles: Type.Array(RoleSchema, {
    description: 'Least trusted first: each role may do everything the one before it may',
  }),
  statuses: Type.Array(StatusSchema),
  permissions: Type.Array(StringEnum(permissions.names), { description: 'Every permission a role can hold' }),
  password_policy: Type.Object({
    min_length: Type.Integer({ description: 'PASSWORD_MIN_LENGTH, in characters once normalised' }),
    max_length: Type.Integer(),
  }),
  max_per_page: Type.Integer({ description: 'The largest `per_page` a list accepts' }),
  mail: Type.Object(
    {
      enabled: Type.Boolean({
        description:
          'Whether this server can send mail (SMTP_URL, or printed mail outside production). When ' +
          'false, invitations, password resets and verification mails answer 503 mail_not_configured.',
      }),
      verified_email_required: Type.Boolean({
        description: 'REQUIRE_VERIFIED_EMAIL: sign-in refuses an account whose address is unverified',
      }),
    },
    { description: 'What the mailed flows can do here (docs/email.md)' },
  ),
});
export type Settings = Static<typeof SettingsSchema>;
