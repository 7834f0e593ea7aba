import { Type, type SchemaOptions, type StringOptions, type TSchema } from '@sinclair/typebox';

/** Shared primitives and the envelope every JSON answer travels in. */

export const IdSchema = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IdParamsSchema = Type.Object(
  { id: Type.Integer({ ...IdSchema, description: 'The id, a whole number from 1', examples: [2] }) },
  { additionalProperties: false },
);

// The HTML standard's "valid e-mail address", the rule browsers apply to <input type="email">,
// so the console and the server accept the same addresses (admin@localhost included).
// https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address
export const EMAIL_PATTERN =
  "^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$";

/** Text without NUL (U+0000), which PostgreSQL text cannot hold: one would fail in the driver. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/** Free text that reaches SQL as a value (a filter, a search): anything but NUL. */
export function TextInputSchema(options: Omit<StringOptions, 'pattern'> = {}) {
  return Type.String({ ...options, pattern: NO_NUL_PATTERN });
}

/** The longest display name, in characters once trimmed (services/text.ts checks it). */
export const NAME_MAX = 100;

// Any resource's display name. Surrounding whitespace is allowed here and trimmed by the
// service; control characters (NUL, escape, newlines...) never are. The length that counts is
// the trimmed one, so this schema only stops what could never fit.
export const NameInputSchema = Type.String({
  minLength: 1,
  maxLength: 2 * NAME_MAX,
  pattern: '^[^\\p{Cc}]*$',
  description: `1 to ${NAME_MAX} characters once trimmed, no control characters`,
});

/** A plain `enum` of strings: clearer errors and OpenAPI than a union of literals. */
export function StringEnum<T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

export const TimestampSchema = Type.String({ format: 'date-time' });
export const NullableTimestampSchema = Type.Union([TimestampSchema, Type.Null()]);

/**
 * RFC 3339 date-times that JavaScript's Date reads as the instant written, and that lie in years
 * 0001 to 9999 once in UTC (what both databases store: decision 0003). Ajv's `date-time` alone
 * lets through a leap second (23:59:60, which Date cannot read), year 0000 (PostgreSQL has no
 * year 0), an offset of hours only (+01, unreadable), a space for the `T` (Date then reads 0049
 * as 2049), more than nine digits of fraction (V8 reads .0002000000 as 2 ms), and offsets that
 * carry 0001-01-01 or 9999-12-31 out of range. To keep the rule a pattern, year 0000 is refused
 * whatever its offset, and so is any positive offset on 0001-01-01 and any negative one on
 * 9999-12-31, even where the instant would be in range (decision 0124).
 * test/unit/date-time-input.test.ts holds the pattern to this against Date.
 */
export const DATE_TIME_INPUT_PATTERN =
  '^(?!0000)(?!0001-01-01[Tt][^+]*\\+(?!00:00))(?!9999-12-31[Tt][^-]*-(?!00:00))' +
  '\\d{4}-\\d{2}-\\d{2}[Tt](?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$';

/** Every date-time the API reads (filters, later any date input) uses this, so all get the rule. */
export const DateTimeInputSchema = Type.String({
  format: 'date-time',
  pattern: DATE_TIME_INPUT_PATTERN,
  description: 'RFC 3339 with a T (not a space) and Z or ±hh:mm; years 0001 to 9999; no leap second',
});

export function Envelope<T extends TSchema>(data: T) {
  return Type.Object({
    status: Type.Literal('success'),
    data,
    message: Type.Union([Type.String(), Type.Null()]),
  });
}

export const PageMetaSchema = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  pages: Type.Integer(),
});

/** The meta of a list that pages by number or by cursor, and may stop counting early. */
export const CursorPageMetaSchema = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer({
    description: 'exact when total_exact is true; otherwise at least this many (a large search)',
  }),
  total_exact: Type.Boolean(),
  pages: Type.Integer(),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'pass as cursor for the next page; null on the last page',
  }),
  prev_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'pass as cursor for the previous page, read backwards by the index; null on page 1',
  }),
  last_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'pass as cursor for the last page, read from the end by the index; null on the last page',
  }),
});

export function PageEnvelope<T extends TSchema, M extends TSchema = typeof PageMetaSchema>(
  item: T,
  meta: M = PageMetaSchema as unknown as M,
) {
  return Type.Object({
    status: Type.Literal('success'),
    data: Type.Array(item),
    message: Type.Union([Type.String(), Type.Null()]),
    meta,
  });
}

export const ErrorEnvelopeSchema = Type.Object(
  {
    status: Type.Literal('error'),
    data: Type.Null(),
    message: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
    errors_omitted: Type.Optional(
      Type.Integer({ description: 'validation errors left out of `errors` to keep the answer small' }),
    ),
  },
  { $id: 'ErrorEnvelope' },
);

/** Response schemas for the error statuses a route can answer, all the same envelope. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorEnvelope')]));
}

/** What a list shows when the client does not say. */
export const DEFAULT_PER_PAGE = 20;
/** The most rows a list answers at once; GET /settings publishes it for clients. */
export const MAX_PER_PAGE = 100;

export const PageQuerySchema = {
  page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1_000_000,
      default: 1,
      description: 'Which page, from 1; past the last page the list is empty',
      examples: [2],
    }),
  ),
  per_page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PER_PAGE,
      default: DEFAULT_PER_PAGE,
      description: `Items a page, 1 to ${MAX_PER_PAGE}; ${DEFAULT_PER_PAGE} when not given`,
      examples: [50],
    }),
  ),
};
