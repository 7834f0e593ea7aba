import { Type, type SchemaOptions, type TSchema } from '@sinclair/typebox';

/** Shared primitives and the envelope every JSON answer travels in. */

export const IdSchema = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false });

// The HTML standard's "valid e-mail address", the rule browsers apply to <input type="email">,
// so the console and the server accept the same addresses (admin@localhost included).
// https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address
export const EMAIL_PATTERN =
  "^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$";

/** A plain `enum` of strings: clearer errors and OpenAPI than a union of literals. */
export function StringEnum<T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

export const TimestampSchema = Type.String({ format: 'date-time' });
export const NullableTimestampSchema = Type.Union([TimestampSchema, Type.Null()]);

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

export const PageQuerySchema = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};
