import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValidationError } from '../errors.js';
import { ROLES } from '../domain/roles.js';
import { STATUSES } from '../domain/statuses.js';
import { IdSchema, NO_NUL_PATTERN } from '../schemas/common.js';
import { USER_SORT_VALUES } from '../schemas/users.js';

/**
 * `meta.next_cursor` of the users list: the query (search, filters, sort) and where its last
 * page ended, as base64url JSON. It is opaque to clients but not secret: a hand-made cursor
 * can only ask for a page of a query its holder could send anyway, and every field is
 * checked here before it reaches SQL.
 */

// Unions of literals rather than the API's enum schemas, which only Ajv understands.
const oneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const CursorSchema = Type.Object(
  {
    v: Type.Literal(1),
    sort: oneOf(USER_SORT_VALUES),
    // The search as the service keeps it, lower-cased: up to twice the 200 characters the API
    // takes in UTF-16 units (characters outside the BMP, and İ, which lower-cases to two).
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 400, pattern: NO_NUL_PATTERN })),
    role: Type.Optional(oneOf(ROLES)),
    status: Type.Optional(oneOf(STATUSES)),
    group: Type.Optional(IdSchema),
    /** the last row of the previous page: its sort value and id (ids within the int4 column) */
    after: Type.Tuple([
      Type.Union([Type.String({ maxLength: 400, pattern: NO_NUL_PATTERN }), IdSchema]),
      IdSchema,
    ]),
    /** the number of the page this cursor leads to */
    page: Type.Integer({ minimum: 2, maximum: 100_000_000 }),
  },
  { additionalProperties: false },
);
export type UserCursor = Static<typeof CursorSchema>;

const check = TypeCompiler.Compile(CursorSchema);

export function encodeUserCursor(cursor: Omit<UserCursor, 'v'>): string {
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
  // The sort value must have the sort field's type: an id, an ISO time, or text.
  const [sortValue] = value.after;
  const field = value.sort.replace(/^-/, '');
  const fits =
    field === 'id'
      ? typeof sortValue === 'number'
      : field === 'created_at' || field === 'updated_at'
        ? typeof sortValue === 'string' && isCanonicalTime(sortValue)
        : typeof sortValue === 'string';
  if (!fits) throw invalid();
  return value;
}
