import { Type, type Static } from '@sinclair/typebox';
import {
  IdSchema,
  NullableTimestampSchema,
  PageQuerySchema,
  StringEnum,
  TextInputSchema,
  TimestampSchema,
} from './common.js';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export const JobSchema = Type.Object(
  {
    id: IdSchema,
    kind: Type.String({ description: 'What the job does, such as `users.bulk`' }),
    state: StringEnum(JOB_STATES),
    requested_by: Type.Union([IdSchema, Type.Null()], {
      description: 'Who started it; null for the system’s daily runs or a deleted user',
    }),
    progress: Type.Object({
      done: Type.Integer({ minimum: 0 }),
      total: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
        description: 'null until the job knows how many items it has',
      }),
    }),
    cancel_requested: Type.Boolean(),
    result: Type.Unknown({ description: 'The job’s summary once it has succeeded; null before' }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why it failed' }),
    created_at: TimestampSchema,
    started_at: NullableTimestampSchema,
    finished_at: NullableTimestampSchema,
  },
  { $id: 'Job' },
);
export type Job = Static<typeof JobSchema>;

export const ListJobsQuerySchema = Type.Object(
  {
    ...PageQuerySchema,
    kind: Type.Optional(
      TextInputSchema({ maxLength: 64, description: 'Only jobs of this kind', examples: ['users.bulk'] }),
    ),
    all: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Everyone’s jobs, not only your own (needs `jobs:read-all`)',
        examples: [true],
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListJobsQuery = Static<typeof ListJobsQuerySchema>;

export const JobItemSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 0, description: 'The item’s place in the job, from 0' }),
    ref: Type.Union([Type.String(), Type.Null()], {
      description: 'What the item is about: a user id, a row number',
    }),
    outcome: Type.String({ description: 'changed, unchanged, skipped or failed (an import adds its own)' }),
    code: Type.Union([Type.String(), Type.Null()], {
      description:
        'Why it was skipped or failed: last_admin, yourself, admin_only, version_changed, not_found…',
    }),
    message: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'JobItem' },
);
export type JobItem = Static<typeof JobItemSchema>;

export const ListJobItemsQuerySchema = Type.Object(
  {
    after: Type.Optional(
      Type.Integer({
        minimum: -1,
        default: -1,
        description: 'Items after this seq (the previous page’s last `seq`); from the first when not given',
        examples: [99],
      }),
    ),
    per_page: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 500,
        default: 100,
        description: 'Items per page',
        examples: [100],
      }),
    ),
    outcome: Type.Optional(
      Type.String({
        pattern: '^[a-z_]{1,32}(,[a-z_]{1,32}){0,7}$',
        description: 'Only items with these outcomes, comma-separated',
        examples: ['skipped,failed'],
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListJobItemsQuery = Static<typeof ListJobItemsQuerySchema>;
