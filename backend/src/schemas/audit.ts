import { Type, type Static } from '@sinclair/typebox';
import {
  DateTimeInputSchema,
  IdSchema,
  PageQuerySchema,
  TextInputSchema,
  TimestampSchema,
} from './common.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);

export const AuditEventSchema = Type.Object({
  id: Type.Integer(),
  occurred_at: TimestampSchema,
  actor_id: Type.Union([Type.Integer(), Type.Null()]),
  actor_email: Nullable(Type.String()),
  action: Type.String(),
  target_type: Nullable(Type.String()),
  target_id: Nullable(Type.String()),
  // A plain two-item array rather than Type.Tuple: fast-json-stringify cannot serialize a tuple
  // whose items have no `type`, and a field's values may be of any JSON type.
  changes: Type.Union([
    Type.Record(
      Type.String(),
      Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2, description: '[before, after]' }),
    ),
    Type.Null(),
  ]),
  ip: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  request_id: Nullable(Type.String()),
  job_id: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The bulk job whose item made the change; null for a single request',
  }),
  // Read when the page is listed, not stored with the event: null once the user or session is
  // gone (a deleted user's name is in the changes of its user.deleted event).
  actor_name: Nullable(Type.String({ description: "the actor's name now" })),
  target_name: Nullable(Type.String({ description: 'a user target: their name now' })),
  target_email: Nullable(Type.String({ description: 'a user target: their address now' })),
  target_session: Type.Union([
    Type.Object(
      {
        user_id: Type.Integer(),
        user_agent: Nullable(Type.String()),
        created_at: TimestampSchema,
      },
      { description: 'a session target: whose it is, the device it signed in from, and when' },
    ),
    Type.Null(),
  ]),
});
export type AuditEvent = Static<typeof AuditEventSchema>;

export const AuditCatalogSchema = Type.Object({
  actions: Type.Array(
    Type.Object({
      name: Type.String({ description: 'as events carry it in `action`, e.g. user.created' }),
      label: Type.String({ description: 'what to show for it, e.g. "User created"' }),
      target_type: Type.String({ description: 'the type of the thing its events are about' }),
      other_target_types: Type.Optional(
        Type.Array(Type.String(), {
          description: 'other types its events may name instead (session.revoked: a user, for all of theirs)',
        }),
      ),
    }),
  ),
  target_types: Type.Array(
    Type.Object({
      name: Type.String({ description: 'as events carry it in `target_type`, e.g. user' }),
      label: Type.String(),
    }),
  ),
});
export type AuditCatalog = Static<typeof AuditCatalogSchema>;

export const ListAuditQuerySchema = Type.Object(
  {
    ...PageQuerySchema,
    actor_id: Type.Optional(
      Type.Integer({ ...IdSchema, description: 'Only events by the user with this id', examples: [1] }),
    ),
    // With target_id, names one thing: user 1 and a group 1 are told apart by their type.
    target_type: Type.Optional(
      TextInputSchema({
        minLength: 1,
        maxLength: 32,
        description:
          'Only events about this type of thing: user, session… (GET /api/v1/audit/actions lists them)',
        examples: ['user'],
      }),
    ),
    target_id: Type.Optional(
      TextInputSchema({
        minLength: 1,
        maxLength: 64,
        description: 'Only events about the thing with this id; with target_type, one thing',
        examples: ['2'],
      }),
    ),
    action: Type.Optional(
      TextInputSchema({
        minLength: 1,
        maxLength: 64,
        description: 'Only events of this action (GET /api/v1/audit/actions lists them)',
        examples: ['user.updated'],
      }),
    ),
    job_id: Type.Optional(
      Type.Integer({ ...IdSchema, description: 'Only the events of this bulk job', examples: [42] }),
    ),
    from: Type.Optional(
      Type.String({
        ...DateTimeInputSchema,
        description: `Events at or after this instant. ${DateTimeInputSchema.description}`,
        examples: ['2026-11-01T00:00:00Z'],
      }),
    ),
    to: Type.Optional(
      Type.String({
        ...DateTimeInputSchema,
        description: `Events at or before this instant. ${DateTimeInputSchema.description}`,
        examples: ['2026-12-01T00:00:00+01:00'],
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListAuditQuery = Static<typeof ListAuditQuerySchema>;
