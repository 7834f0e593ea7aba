import { Type, type Static } from '@sinclair/typebox';
import { IdSchema, NameInputSchema, PageQuerySchema, TextInputSchema, TimestampSchema } from './common.js';
import { UserSchema } from './users.js';

/** The longest description, in characters once trimmed (services/text.ts checks it). */
export const DESCRIPTION_MAX = 1000;

export const GroupSchema = Type.Object(
  {
    id: IdSchema,
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
    version: Type.Integer(),
  },
  { $id: 'Group' },
);
export type Group = Static<typeof GroupSchema>;

// Like a name, the length that counts is the trimmed one; this only stops what could never fit.
const DescriptionInputSchema = Type.Union(
  [TextInputSchema({ maxLength: 2 * DESCRIPTION_MAX }), Type.Null()],
  { description: `at most ${DESCRIPTION_MAX} characters once trimmed; blank or null for none` },
);

const groupFields = {
  name: Type.String({
    ...NameInputSchema,
    description:
      `${NameInputSchema.description}; unique regardless of case (Unicode case folding: ` +
      '"Straße" and "STRASSE" are the same name)',
  }),
  description: Type.Optional(DescriptionInputSchema),
};

export const CreateGroupBodySchema = Type.Object(groupFields, {
  additionalProperties: false,
  examples: [{ name: 'Operations', description: 'On call for production' }],
});
export type CreateGroupBody = Static<typeof CreateGroupBodySchema>;

export const UpdateGroupBodySchema = Type.Partial(Type.Object(groupFields), {
  additionalProperties: false,
  description: 'Only the fields given change.',
  examples: [{ description: 'Runs the on-call rota' }],
});
export type UpdateGroupBody = Static<typeof UpdateGroupBodySchema>;

export const ListGroupsQuerySchema = Type.Object(
  {
    ...PageQuerySchema,
    q: Type.Optional(
      TextInputSchema({
        maxLength: 200,
        description: 'Only groups whose name contains this text, in any letter case',
        examples: ['ops'],
      }),
    ),
    member: Type.Optional(
      Type.Integer({ ...IdSchema, description: "Only this user's groups", examples: [1] }),
    ),
  },
  { additionalProperties: false },
);
export type ListGroupsQuery = Static<typeof ListGroupsQuerySchema>;

/** A member: the user, and when they joined. */
// A member is the user as lists show them, without the user's version: that belongs to the
// user's own resource (GET /api/v1/users/:id answers it as an ETag), not to the membership.

export const GroupMemberSchema = Type.Object(
  { ...Type.Omit(UserSchema, ['version']).properties, added_at: TimestampSchema },
  { $id: 'GroupMember' },
);
export type GroupMember = Static<typeof GroupMemberSchema>;

export const AddMemberBodySchema = Type.Object(
  { user_id: IdSchema },
  { additionalProperties: false, examples: [{ user_id: 1 }] },
);
export type AddMemberBody = Static<typeof AddMemberBodySchema>;

export const MemberParamsSchema = Type.Object(
  {
    id: Type.Integer({ ...IdSchema, description: "The group's id", examples: [2] }),
    user_id: Type.Integer({ ...IdSchema, description: "The member's user id", examples: [3] }),
  },
  { additionalProperties: false },
);
