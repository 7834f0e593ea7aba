import { Type, type Static } from '@sinclair/typebox';
import {
  EMAIL_PATTERN,
  IdSchema,
  NameInputSchema,
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
 * Which users: the list's filters, taken as they are by every route that names users by a filter
 * (the list, bulk changes, export), so a filter added here reaches all of them. What each means
 * in SQL is db/user-pages.repository.ts `filterParts`; services/user-filter.ts maps one to the other.
 */
export const userFilterFields = {
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
};
export const UserFilterSchema = Type.Object(userFilterFields, { additionalProperties: false });
export type UserFilterInput = Static<typeof UserFilterSchema>;

export const ListUsersQuerySchema = Type.Object(
  {
    // No default: a page number and a cursor together are refused, so "not given" must show.
    page: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description:
          'Which page, from 1 (1 when neither page nor cursor is given); past the last page the ' +
          'list is empty. Not together with cursor. Sorted by id and without a search or group, ' +
          'any page costs about what page 1 costs; otherwise a deep page costs more the deeper ' +
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
          'constant time however deep. Not together with page. It carries its query: q, role, ' +
          'status, group and sort may be left out beside it, and a different value is a 422, as ' +
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
