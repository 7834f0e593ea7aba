import { Type, type Static } from '@sinclair/typebox';
import { permissions } from '../permissions.js';
import { IdSchema, NameInputSchema, StringEnum, TimestampSchema } from './common.js';
import { EmailInputSchema, PasswordInputSchema, UserSchema } from './users.js';

export const LoginBodySchema = Type.Object(
  { email: EmailInputSchema, password: PasswordInputSchema },
  {
    additionalProperties: false,
    examples: [{ email: 'admin@localhost', password: 'the password printed at first start' }],
  },
);
export type LoginBody = Static<typeof LoginBodySchema>;

export const TokenGrantSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds' }),
  user: UserSchema,
  must_change_password: Type.Boolean(),
});
export type TokenGrant = Static<typeof TokenGrantSchema>;

export const MeSchema = Type.Object({
  user: UserSchema,
  permissions: Type.Array(StringEnum(permissions.names)),
  must_change_password: Type.Boolean(),
});

export const UpdateMeBodySchema = Type.Object({ name: NameInputSchema }, { additionalProperties: false });

export const ChangePasswordBodySchema = Type.Object(
  { current_password: PasswordInputSchema, new_password: PasswordInputSchema },
  {
    additionalProperties: false,
    description:
      'new_password must meet the policy GET /api/v1/settings publishes (PASSWORD_MIN_LENGTH ' +
      'characters or more, no short repeats, not a common or breached password, not containing the email).',
    examples: [
      {
        current_password: 'the password printed at first start',
        new_password: 'a new passphrase of your own',
      },
    ],
  },
);

export const SetPasswordBodySchema = Type.Object(
  { password: PasswordInputSchema },
  {
    additionalProperties: false,
    description: "The same policy as for changing one's own password.",
    examples: [{ password: 'a passphrase to hand over' }],
  },
);

export const SessionSchema = Type.Object({
  id: Type.String(),
  created_at: TimestampSchema,
  last_used_at: TimestampSchema,
  expires_at: TimestampSchema,
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});
export type Session = Static<typeof SessionSchema>;

/** Whether a user can sign in, as those who set passwords and lift lockouts see it. */
export const CredentialsSchema = Type.Object({
  has_password: Type.Boolean({ description: 'false: the user cannot sign in until a password is set' }),
  locked_until: Type.Union([TimestampSchema, Type.Null()], {
    description: 'When a sign-in lockout after wrong passwords ends; null when not locked',
  }),
  lockout_store: StringEnum(['redis', 'memory'] as const, {
    description:
      'Where locked_until was read: redis is shared by every server; memory is the answering ' +
      "server process's own, and another worker may hold another lock state",
  }),
});
export type Credentials = Static<typeof CredentialsSchema>;

const SessionIdSchema = Type.String({
  pattern: '^[0-9a-f]{32}$',
  description: 'A session id, as the sessions lists show it: 32 hexadecimal digits',
  examples: ['5f0c2d1e9a8b7c6d5e4f3a2b1c0d9e8f'],
});

export const SessionParamsSchema = Type.Object({ id: SessionIdSchema }, { additionalProperties: false });

/** One session of one user: `/users/:id/sessions/:session_id`. */
export const UserSessionParamsSchema = Type.Object(
  {
    id: Type.Integer({ ...IdSchema, description: "The user's id", examples: [2] }),
    session_id: SessionIdSchema,
  },
  { additionalProperties: false },
);
