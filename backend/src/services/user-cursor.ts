import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValidationError } from '../errors.js';
import { ROLES } from '../domain/roles.js';
import { STATUSES } from '../domain/statuses.js';
import { IdSchema, NO_NUL_PATTERN } from '../schemas/common.js';
import { USER_SORT_VALUES } from '../schemas/users.js';

/**
 * `meta.next_cursor`, `meta.prev_cursor` and `meta.last_cursor` of the users list: the query
 * (search, filters, sort) and where a page ended or began, or that it is the last, as base64url JSON. It is opaque to clients but not secret: a hand-made cursor
 * can only ask for a page of a query its holder could send anyway, and every field is
 * checked here before it reaches SQL.
 */

// Unions of literals rather than the API's enum schemas, which only Ajv understands.
const oneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const SortValueSchema = Type.Union([
  Type.String({ maxLength: 400, pattern: NO_NUL_PATTERN }),
  IdSchema,
  Type.Null(),
]);
/** a row of a page: its sort value (null for a last sign-in that never was) and id (int4) */
const PositionSchema = Type.Tuple([SortValueSchema, IdSchema]);

const queryFields = {
  v: Type.Literal(1),
  sort: oneOf(USER_SORT_VALUES),
  // The search as the service keeps it, lower-cased: up to twice the 200 characters the API
  // takes in UTF-16 units (characters outside the BMP, and İ, which lower-cases to two).
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 400, pattern: NO_NUL_PATTERN })),
  role: Type.Optional(oneOf(ROLES)),
  status: Type.Optional(oneOf(STATUSES)),
  group: Type.Optional(IdSchema),
  email_verified: Type.Optional(Type.Boolean()),
  // Last sign-in filters, as the service keeps them: ISO times from toISOString.
  last_login_before: Type.Optional(Type.String({ maxLength: 30, pattern: NO_NUL_PATTERN })),
  last_login_after: Type.Optional(Type.String({ maxLength: 30, pattern: NO_NUL_PATTERN })),
  never_signed_in: Type.Optional(Type.Boolean()),
};
const closed = { additionalProperties: false } as const;

// Three kinds, one per link of the console's pagination (decision 0158):
const CursorSchema = Type.Union([
  // meta.next_cursor: the rows after the last row of the previous page
  Type.Object(
    { ...queryFields, after: PositionSchema, page: Type.Integer({ minimum: 2, maximum: 100_000_000 }) },
    closed,
  ),
  // meta.prev_cursor: the rows before the first row of the next page, read in reverse
  Type.Object(
    { ...queryFields, before: PositionSchema, page: Type.Integer({ minimum: 1, maximum: 100_000_000 }) },
    closed,
  ),
  // meta.last_cursor: the last page, read from the end in reverse
  Type.Object({ ...queryFields, last: Type.Literal(true) }, closed),
]);
export type UserCursor = Static<typeof CursorSchema>;

const check = TypeCompiler.Compile(CursorSchema);

/** A cursor without its version, which encodeUserCursor adds. */
export type UserCursorFields = UserCursor extends infer C
  ? C extends unknown
    ? Omit<C, 'v'>
    : never
  : never;

export function encodeUserCursor(cursor: UserCursorFields): string {
  return Buffer.from(JSON.stringify({ v: 1, ...cursor })).toString('base64url');
}

const invalid = () =>
  new ValidationError({
    cursor: ['is not a cursor this API gave out; start again from the first page'],
  });

/**
 * Exactly as toISOString writes it, the form both databases compare correctly, and in years 1
 * to 9999: PostgreSQL refuses year 0 and toISOString's six-digit years.
 */
function isCanonicalTime(text: string): boolean {
  if (!/^(?!0000)\d{4}-/.test(text)) return false;
  const time = new Date(text);
  return !Number.isNaN(time.getTime()) && time.toISOString() === text;
}

export function decodeUserCursor(text: string): UserCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!check.Check(value)) throw invalid();
  for (const time of [value.last_login_before, value.last_login_after]) {
    if (time !== undefined && !isCanonicalTime(time)) throw invalid();
  }
  const position = 'after' in value ? value.after : 'before' in value ? value.before : null;
  if (position && !fitsSort(value.sort.replace(/^-/, ''), position[0])) throw invalid();
  return value;
}

/** Whether a sort value has its field's type: an id, an ISO time, a role, a status, or text. */
function fitsSort(field: string, sortValue: string | number | null): boolean {
  switch (field) {
    case 'id':
      return typeof sortValue === 'number';
    case 'created_at':
    case 'updated_at':
      return typeof sortValue === 'string' && isCanonicalTime(sortValue);
    case 'last_login_at':
      return sortValue === null || (typeof sortValue === 'string' && isCanonicalTime(sortValue));
    case 'role':
      return (ROLES as readonly unknown[]).includes(sortValue);
    case 'status':
      return (STATUSES as readonly unknown[]).includes(sortValue);
    default:
      return typeof sortValue === 'string';
  }
}
