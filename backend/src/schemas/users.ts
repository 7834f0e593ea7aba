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
import { STATUSES } from '../domain/statuses.js';

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
  status: Type.Optional(StatusSchema),
};

export const CreateUserBodySchema = Type.Object(
  { ...profileFields, password: Type.Optional(PasswordInputSchema) },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBodySchema>;

export const UpdateUserBodySchema = Type.Partial(Type.Object(profileFields), {
  additionalProperties: false,
});
export type UpdateUserBody = Static<typeof UpdateUserBodySchema>;

export const ListUsersQuerySchema = Type.Object(
  {
    // No default: a page number and a cursor together are refused, so "not given" must show.
    page: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: '1 when neither page nor cursor is given',
      }),
    ),
    per_page: PageQuerySchema.per_page,
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description:
          'meta.next_cursor of the previous page: continues the same search, filters and sort ' +
          'in constant time, however deep. Not together with page.',
      }),
    ),
    // No NUL: PostgreSQL text cannot hold one, and SQLite's FTS5 query syntax stops at it.
    q: Type.Optional(TextInputSchema({ maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    status: Type.Optional(StatusSchema),
    sort: Type.Optional(StringEnum(USER_SORT_VALUES, { description: 'id when not given' })),
  },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuerySchema>;
