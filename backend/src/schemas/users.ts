import { Type, type Static } from '@sinclair/typebox';
import {
  EMAIL_PATTERN,
  IdSchema,
  NameInputSchema,
  DateTimeInputSchema,
  NullableTimestampSchema,
  PageQuerySchema,
  StringEnum,
  TextInputSchema,
  TimestampSchema,
} from './common.js';
import { ROLES } from '../domain/roles.js';
import { SETTABLE_STATUSES, STATUSES } from '../domain/statuses.js';

export const USER_SORT_FIELDS = [
  'id',
  'name',
  'email',
  'role',
  'status',
  'created_at',
  'updated_at',
  // Who never signed in comes last ascending and first descending.
  'last_login_at',
] as const;

export const RoleSchema = StringEnum(ROLES);
export const StatusSchema = StringEnum(STATUSES);
export const USER_SORT_VALUES = USER_SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const);

export const EmailInputSchema = Type.String({
  minLength: 3,
  maxLength: 300,
  pattern: `^\\s*${EMAIL_PATTERN.slice(1, -1)}\\s*$`,
  description: 'An e-mail address as HTML forms accept it; stored trimmed and lower-cased',
});

export const UserSchema = Type.Object(
  {
    id: IdSchema,
    name: Type.String(),
    email: Type.String(),
    role: RoleSchema,
    status: StatusSchema,
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
    last_login_at: NullableTimestampSchema,
    email_verified_at: {
      ...NullableTimestampSchema,
      description: 'When the address was last proven; null while unverified',
    },
    version: Type.Integer(),
  },
  { $id: 'User' },
);
export type User = Static<typeof UserSchema>;

// The policy (length, breached lists) is checked by the service, whose messages name the rule.
export const PasswordInputSchema = Type.String({ minLength: 1, maxLength: 1024, writeOnly: true });

const profileFields = {
  name: NameInputSchema,
  email: EmailInputSchema,
  role: Type.Optional(RoleSchema),
  // `invited` comes only from an invitation (POST /api/v1/users/invitations).
  status: Type.Optional(StringEnum(SETTABLE_STATUSES)),
};

export const CreateUserBodySchema = Type.Object(
  {
    ...profileFields,
    password: Type.Optional(PasswordInputSchema),
    must_change_password: Type.Optional(
      Type.Boolean({
        description:
          'The user must choose a new password at first sign-in (a temporary password); false when not given',
        examples: [true],
      }),
    ),
    reuse_deleted_email: Type.Optional(
      Type.Boolean({
        description:
          'true: take the email even if a deleted user in the recycle bin holds it (that user ' +
          'can then not be restored); otherwise such an email is a 409',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'role is viewer and status active when not given. Without a password the user cannot sign ' +
      'in until an admin sets one (PUT /api/v1/users/{id}/password).',
    examples: [{ name: 'Ada Lovelace', email: 'ada@example.com', role: 'manager' }],
  },
);
export type CreateUserBody = Static<typeof CreateUserBodySchema>;

export const UpdateUserBodySchema = Type.Partial(Type.Object(profileFields), {
  additionalProperties: false,
  description: 'Only the fields given change.',
  examples: [{ role: 'admin' }],
});
export type UpdateUserBody = Static<typeof UpdateUserBodySchema>;

/**
 * The users list's filters, shared by the list's query and a bulk change's `filter`, and read by
 * one parser (services/user-filter.ts), so the two always match the same users.
 */
const userFilterFields = {
  // No NUL: PostgreSQL text cannot hold one, and SQLite's FTS5 query syntax stops at it.
  q: Type.Optional(
    TextInputSchema({
      maxLength: 200,
      description:
        'Search: users whose name or email contains this text, in any letter case and any ' +
        'script (иван finds Иван). %, _ and \\ are plain characters. Up to 200 characters, no NUL.',
      examples: ['ada'],
    }),
  ),
  role: Type.Optional(StringEnum(ROLES, { description: 'Only users with this role', examples: ['admin'] })),
  status: Type.Optional(
    StringEnum(STATUSES, { description: 'Only users with this status', examples: ['active'] }),
  ),
  email_verified: Type.Optional(
    Type.Boolean({
      description: 'Only users whose email address is verified (true) or not (false)',
      examples: [false],
    }),
  ),
  group: Type.Optional(
    Type.Integer({
      ...IdSchema,
      description: 'Only members of this group (none for an unknown group)',
      examples: [1],
    }),
  ),
  last_login_before: Type.Optional(
    Type.String({
      ...DateTimeInputSchema,
      description: `Only users whose last sign-in was before this instant (not who never signed in). ${DateTimeInputSchema.description}`,
      examples: ['2026-09-01T00:00:00Z'],
    }),
  ),
  last_login_after: Type.Optional(
    Type.String({
      ...DateTimeInputSchema,
      description: `Only users whose last sign-in was at or after this instant. ${DateTimeInputSchema.description}`,
      examples: ['2026-11-01T00:00:00Z'],
    }),
  ),
  never_signed_in: Type.Optional(
    Type.Boolean({
      description: 'true: only users who never signed in; false: only users who did',
      examples: [true],
    }),
  ),
};
export const UserFilterQuerySchema = Type.Object(userFilterFields, { additionalProperties: false });
export type UserFilterQuery = Static<typeof UserFilterQuerySchema>;
/** The filters' names, as the API spells them. */
export const USER_FILTER_FIELDS = Object.keys(userFilterFields) as (keyof UserFilterQuery)[];

export const ListUsersQuerySchema = Type.Object(
  {
    // No default: a page number and a cursor together are refused, so "not given" must show.
    page: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description:
          'Which page, from 1 (1 when neither page nor cursor is given); past the last page the ' +
          'list is empty. Not together with cursor. Sorted by id and filtered by role or status ' +
          'at most, any page costs about what page 1 costs; otherwise a deep page costs more the deeper ' +
          'it is, and the cursors of meta do not.',
        examples: [2],
      }),
    ),
    per_page: PageQuerySchema.per_page,
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description:
          'meta.next_cursor, meta.prev_cursor or meta.last_cursor of a page: the next, previous ' +
          'or last page of the same search, filters and sort, each read from the index in ' +
          'constant time however deep. Not together with page. It carries its query: its filters ' +
          'and sort may be left out beside it, and a different value is a 422, as ' +
          'is a cursor that does not parse. per_page is not carried: send it with each request.',
        examples: ['eyJ2IjoxLCJzb3J0IjoiaWQiLCJhZnRlciI6WzIwLDIwXSwicGFnZSI6Mn0'],
      }),
    ),
    ...userFilterFields,
    sort: Type.Optional(
      StringEnum(USER_SORT_VALUES, {
        description: `The order: ${USER_SORT_FIELDS.join(', ')}, ascending, or with a leading - descending; id when not given`,
        examples: ['-created_at'],
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuerySchema>;
