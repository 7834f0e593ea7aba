import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../domain/roles.js';
import { IdSchema, NameInputSchema, NullableTimestampSchema, StringEnum, TimestampSchema } from './common.js';
import { EmailInputSchema, PasswordInputSchema } from './users.js';

// Invitations, password resets, email verification and the mail outbox (issue 14).

export const InviteBodySchema = Type.Object(
  { name: NameInputSchema, email: EmailInputSchema, role: Type.Optional(StringEnum(ROLES)) },
  {
    additionalProperties: false,
    description:
      'role is viewer when not given; managers cannot invite admins. Inviting an address whose ' +
      'invitation was never accepted (revoked or expired included) sends a new one (200).',
    examples: [{ name: 'Grace Hopper', email: 'grace@example.com', role: 'manager' }],
  },
);
export type InviteBody = Static<typeof InviteBodySchema>;

export const InvitationSentSchema = Type.Object({
  expires_at: { ...TimestampSchema, description: 'When the mailed link stops working (INVITE_TTL)' },
});

/** A mailed link's token, sent in a POST body (never a URL, where logs would keep it). */
const TokenSchema = Type.String({
  minLength: 1,
  maxLength: 200,
  writeOnly: true,
  description: 'The token from the mailed link (after #token=)',
  examples: ['q3X9hV2mC0k1eYqzGgq0xS8m2bq3wS7x8n5R1tQwHkA'],
});

export const TokenBodySchema = Type.Object(
  { token: TokenSchema },
  { additionalProperties: false, examples: [{ token: 'q3X9hV2mC0k1eYqzGgq0xS8m2bq3wS7x8n5R1tQwHkA' }] },
);

export const TokenPasswordBodySchema = Type.Object(
  { token: TokenSchema, password: PasswordInputSchema },
  {
    additionalProperties: false,
    description: 'The password policy of GET /api/v1/settings applies.',
    examples: [{ token: 'q3X9hV2mC0k1eYqzGgq0xS8m2bq3wS7x8n5R1tQwHkA', password: 'a passphrase of my own' }],
  },
);

export const TokenStateSchema = StringEnum(['valid', 'expired', 'used', 'revoked'] as const, {
  description:
    'valid: the link can be used; expired, used or revoked: it cannot, and the page says what to do',
});

export const InvitationSchema = Type.Object(
  {
    state: TokenStateSchema,
    name: Type.String(),
    email: Type.String(),
    role: StringEnum(ROLES),
    invited_by: Type.Union([Type.String(), Type.Null()]),
    expires_at: TimestampSchema,
  },
  { $id: 'Invitation' },
);

export const PasswordResetRequestBodySchema = Type.Object(
  { email: EmailInputSchema },
  { additionalProperties: false, examples: [{ email: 'ada@example.com' }] },
);

export const VerifiedSchema = Type.Object({ email: Type.String() });

export const OutboxMailSchema = Type.Object(
  {
    id: IdSchema,
    template: Type.Union([Type.String(), Type.Null()], {
      description: 'invitation, password-reset or email-verification',
    }),
    recipient: Type.String(),
    user_id: Type.Union([IdSchema, Type.Null()]),
    state: StringEnum(['queued', 'sending', 'sent', 'failed'] as const),
    attempts: Type.Integer({ description: 'tries so far' }),
    last_error: Type.Union([Type.String(), Type.Null()], {
      description: "the SMTP server's last refusal or the connection error",
    }),
    created_at: TimestampSchema,
    sent_at: NullableTimestampSchema,
    next_attempt_at: { ...NullableTimestampSchema, description: 'when a queued mail is tried next' },
  },
  { $id: 'OutboxMail' },
);

export const ListOutboxQuerySchema = Type.Object(
  {
    state: Type.Optional(
      StringEnum(['queued', 'sending', 'sent', 'failed'] as const, {
        description: 'Only mails in this state',
        examples: ['failed'],
      }),
    ),
    before: Type.Optional(
      Type.Integer({
        ...IdSchema,
        description: 'Only mails older than this id (the last id of the previous page)',
        examples: [120],
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 200, description: 'How many, 50 when not given', examples: [50] }),
    ),
  },
  { additionalProperties: false },
);
