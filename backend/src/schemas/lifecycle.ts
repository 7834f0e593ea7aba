import { Type, type Static } from '@sinclair/typebox';
import { IdSchema, NullableTimestampSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { UserSchema } from './users.js';

// Account lifecycle (issue 16): the recycle bin, the dormant-account policy, export and erasure.

export const DeletedUserSchema = Type.Object(
  {
    ...UserSchema.properties,
    deleted_at: TimestampSchema,
    purge_after: Type.String({
      format: 'date-time',
      description:
        'When the daily purge may remove the user for good (DELETED_RETENTION_DAYS after deleted_at)',
    }),
  },
  { $id: 'DeletedUser' },
);
export type DeletedUser = Static<typeof DeletedUserSchema>;

export const BinQuerySchema = Type.Object({ ...PageQuerySchema }, { additionalProperties: false });

export const DeleteUserQuerySchema = Type.Object(
  {
    purge: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'true: remove the user for good, skipping the recycle bin (admins only)',
        examples: [true],
      }),
    ),
  },
  { additionalProperties: false },
);

const DormantUserSchema = Type.Object({
  id: IdSchema,
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  last_login_at: NullableTimestampSchema,
  created_at: TimestampSchema,
  /** when the policy disables the user, at the latest */
  disable_on: TimestampSchema,
});

export const DormantPreviewSchema = Type.Object({
  enabled: Type.Boolean({
    description: 'Whether DORMANT_AFTER_DAYS is set, so the daily run disables anyone',
  }),
  after_days: Type.Union([Type.Integer(), Type.Null()], { description: 'DORMANT_AFTER_DAYS; null when off' }),
  warn_days: Type.Integer({
    description: 'DORMANT_WARN_DAYS: how many days before the disable a warning goes out',
  }),
  mail: Type.Boolean({ description: 'Whether warnings can be mailed (a mail deliverer is registered)' }),
  as_of: TimestampSchema,
  counts: Type.Object({ disable: Type.Integer(), warn: Type.Integer(), kept_admins: Type.Integer() }),
  disable: Type.Array(DormantUserSchema, { description: 'who would be disabled now (first 100)' }),
  warn: Type.Array(DormantUserSchema, { description: 'who would be warned now (first 100)' }),
});
export type DormantPreview = Static<typeof DormantPreviewSchema>;
export type DormantUser = Static<typeof DormantUserSchema>;

export const DormantPreviewQuerySchema = Type.Object(
  {
    after_days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 36500,
        description:
          'Preview with this limit instead of DORMANT_AFTER_DAYS (for trying it before turning it on)',
        examples: [90],
      }),
    ),
  },
  { additionalProperties: false },
);

export const EraseBodySchema = Type.Object(
  {
    confirm: Type.String({
      minLength: 1,
      maxLength: 300,
      description: "The user's email, typed again: erasure cannot be undone",
    }),
  },
  { additionalProperties: false, examples: [{ confirm: 'ada@example.com' }] },
);

const ExportSessionSchema = Type.Object({
  id: Type.String(),
  created_at: TimestampSchema,
  last_used_at: TimestampSchema,
  expires_at: TimestampSchema,
  revoked_at: NullableTimestampSchema,
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
});

const ExportEventSchema = Type.Object({
  id: Type.Integer(),
  occurred_at: TimestampSchema,
  action: Type.String(),
  actor_id: Type.Union([Type.Integer(), Type.Null()]),
  actor_email: Type.Union([Type.String(), Type.Null()]),
  target_type: Type.Union([Type.String(), Type.Null()]),
  target_id: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
});

export const UserExportSchema = Type.Object({
  exported_at: TimestampSchema,
  profile: UserSchema,
  has_password: Type.Boolean(),
  groups: Type.Array(Type.Object({ id: IdSchema, name: Type.String(), added_at: TimestampSchema })),
  role_and_status_history: Type.Array(
    Type.Object({
      occurred_at: TimestampSchema,
      field: Type.String(),
      from: Type.Unknown(),
      to: Type.Unknown(),
      actor_id: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  sessions: Type.Array(ExportSessionSchema),
  audit_events: Type.Object({
    as_actor: Type.Array(ExportEventSchema),
    as_target: Type.Array(ExportEventSchema),
  }),
  messages: Type.Array(
    Type.Object({
      kind: Type.String(),
      state: Type.String(),
      created_at: TimestampSchema,
      sent_at: NullableTimestampSchema,
    }),
  ),
});
export type UserExport = Static<typeof UserExportSchema>;
