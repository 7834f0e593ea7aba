import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../domain/roles.js';
import { BULK_ACTION_NAMES } from '../services/users-bulk.actions.js';
import { IdSchema, StringEnum } from './common.js';
import { UserFilterQuerySchema } from './users.js';
import { JobItemSchema, JobSchema } from './jobs.js';

/** Most ids one request may list; more users are named by a filter. */
export const BULK_IDS_MAX = 10_000;

export const BulkBodySchema = Type.Object(
  {
    action: StringEnum(BULK_ACTION_NAMES, {
      description: 'What to do to each user (the permission it needs is that of its single-user route)',
      examples: ['disable'],
    }),
    role: Type.Optional(
      StringEnum(ROLES, { description: 'set_role: the role to give', examples: ['viewer'] }),
    ),
    ids: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: IdSchema,
            version: Type.Optional(
              Type.Integer({
                minimum: 1,
                description: 'The version you saw (its ETag); another one skips the user as If-Match would',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: BULK_IDS_MAX, description: 'The users, by id; or give `filter`' },
      ),
    ),
    filter: Type.Optional(
      Type.Object(UserFilterQuerySchema.properties, {
        additionalProperties: false,
        description: 'Every user the list’s filters match now (their ids are kept with the job)',
      }),
    ),
    dry_run: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Answer what would happen, item by item, and change nothing',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      { action: 'disable', filter: { q: 'contractor.example', status: 'active' }, dry_run: true },
      { action: 'set_role', role: 'viewer', ids: [{ id: 12, version: 3 }, { id: 13 }] },
    ],
  },
);
export type BulkBody = Static<typeof BulkBodySchema>;

export const BulkCountsSchema = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  changed: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0, description: 'already in that state' }),
  skipped: Type.Integer({ minimum: 0, description: 'refused by a rule; `code` says which' }),
  failed: Type.Integer({ minimum: 0 }),
});
export type BulkCounts = Static<typeof BulkCountsSchema>;

export const BulkResultSchema = Type.Object({
  dry_run: Type.Boolean(),
  job: Type.Union([JobSchema, Type.Null()], { description: 'The job that ran it; null for a dry run' }),
  counts: BulkCountsSchema,
  items: Type.Array(JobItemSchema, {
    description:
      'A run: every item. A dry run: the items that would be skipped or fail (at most 1,000), ' +
      'with the reason in `code`.',
  }),
  items_omitted: Type.Integer({ minimum: 0, description: 'Items left out of `items`' }),
});
export type BulkResult = Static<typeof BulkResultSchema>;

export const IdempotencyKeyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description:
        'A key of your choosing (a UUID): a request repeated with the same key answers the first ' +
        'one’s job instead of starting another, whatever its body.',
      examples: ['5d1c6a8e-0f3b-4d7e-9a51-2c8e4f1b7a90'],
    }),
  ),
});
