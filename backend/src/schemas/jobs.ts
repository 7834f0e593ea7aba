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
