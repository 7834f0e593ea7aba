import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations.js';

/**
 * Generators of the values a careless or hostile client sends: the wrong type, at and past every
 * limit, text a parser or a database trips on, names that live on Object.prototype. Values that
 * fit a schema are mixed in, so requests also get past validation into the services.
 */

/** Names every plain object answers to; as keys they break code that indexes `{}` with input. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
];

const NASTY_STRINGS = [
  '',
  ' ',
  '\t',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ufeff',
  '\u202e',
  '\uffff',
  '\u2028',
  '%',
  '%00',
  '%ED%A0%80',
  "' or 1=1 --",
  // Search syntax: FTS5 query operators and LIKE wildcards must be taken as plain text.
  '*',
  '_',
  'a"b',
  'NEAR(abc def)',
  'abc OR def',
  '^abc',
  '{name}:abc',
  'name:abc',
  '-abc',
  '"',
  '\\',
  '${x}',
  '../..',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '0x1F',
  ' 1 ',
  '１',
  'true',
  '[]',
  '{}',
  ...PROTOTYPE_NAMES,
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  1e21,
];

/** Dates at and past what date parsers and databases can hold (RFC 3339 and near misses). */
const EDGE_DATES = [
  '2016-12-31T23:59:60Z',
  '2020-06-15T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '0001-01-01T00:00:00+00:01',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-00:01',
  '9999-12-31T23:59:59-23:59',
  '2020-01-01T00:00:00-23:59',
  '2020-01-01T00:00:00+14:01',
  '2020-01-01T00:00:00+01',
  '2020-01-01T00:00:00+0100',
  '2020-01-01t00:00:00z',
  '2020-01-01 00:00:00Z',
  '2020-02-30T00:00:00Z',
  '2020-01-01T24:00:00Z',
  '10000-01-01T00:00:00Z',
  '2020-01-01T00:00:00.123456789Z',
  '2020-01-01',
  '1970-01-01T00:00:00Z',
];

/** One unit of text: any code point, or something known to be trouble (lone surrogates, NUL...). */
const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length > 0)) },
);

/** Text far past any field's limit: a repeated character, up to a few hundred KB of JSON. */
const longText = fc
  .tuple(fc.constantFrom('a', 'é', ' ', '\u0000', '😀', '\ud800'), fc.integer({ min: 1_000, max: 150_000 }))
  .map(([c, n]) => c.repeat(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: textUnit, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES) },
  { weight: 1, arbitrary: longText },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, biased to the hostile ones, a few levels deep. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** Date-time text: mostly the edges above, some ordinary instants. */
const dateTimeText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_DATES) },
  {
    weight: 1,
    arbitrary: fc
      .date({
        min: new Date('0001-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
  },
);

/**
 * A value that fits the schema (roughly: strings may still miss a pattern). Known values (the ids
 * of real users, their emails, the test password) are mixed in so that requests reach real rows.
 */
export function fitting(schema: JsonSchema, known: readonly unknown[] = []): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf))
    return fc.oneof(...(schema.anyOf as JsonSchema[]).map((s) => fitting(s, known)));
  const num = (key: string, fallback: number) => (typeof schema[key] === 'number' ? schema[key] : fallback);
  switch (schema.type) {
    case 'integer':
      options.push(fc.integer({ min: num('minimum', -(2 ** 31)), max: num('maximum', 2 ** 31 - 1) }));
      break;
    case 'number':
      options.push(fc.double({ noNaN: true, noDefaultInfinity: true }));
      break;
    case 'boolean':
      options.push(fc.boolean());
      break;
    case 'null':
      options.push(fc.constant(null));
      break;
    case 'string':
      if (schema.format === 'date-time') {
        options.push(dateTimeText);
        break;
      }
      if (typeof schema.pattern === 'string') {
        try {
          options.push(fc.stringMatching(new RegExp(schema.pattern, 'u'), { size: 'small' }));
        } catch {
          // A pattern fast-check cannot generate from: plain text it is.
        }
      }
      options.push(
        fc.string({ minLength: num('minLength', 0), maxLength: Math.min(num('maxLength', 40), 40) }),
      );
      // Text that passes the schema and is still trouble: NUL, lone surrogates, search syntax.
      options.push(...nastyButFitting(schema));
      break;
    case 'object':
      return objectFitting(schema, known);
    default:
      return hostileJson;
  }
  const matching = known.filter((k) => fits(schema, k));
  return matching.length > 0 ? fc.oneof(fc.constantFrom(...matching), ...options) : fc.oneof(...options);
}

/** Whether a known value fits a plain integer or string schema (a date-time never takes one). */
function fits(schema: JsonSchema, value: unknown): boolean {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
  const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
  if (schema.type === 'integer')
    return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
  if (schema.type !== 'string' || typeof value !== 'string' || schema.format !== undefined) return false;
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : null;
  const shortest = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const longest = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  return value.length >= shortest && value.length <= longest && (pattern === null || pattern.test(value));
}

function nastyButFitting(schema: JsonSchema): fc.Arbitrary<string>[] {
  const texts = NASTY_STRINGS.filter((text) => fits(schema, text));
  return texts.length > 0 ? [fc.constantFrom(...texts)] : [];
}

function objectFitting(schema: JsonSchema, known: readonly unknown[]): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, fitting(s, known)]));
  const required = ((schema.required ?? []) as string[]).filter((k) => k in properties);
  return fc.record(model, { requiredKeys: required });
}

/**
 * A tame request has only values that fit its schemas, so it gets past validation into the
 * services (where the values at the schemas' limits still bite); a wild one has anything.
 */
export type Temper = 'tame' | 'wild';

/** A value for a field: fitting, or (when wild) often hostile. */
export function valueFor(
  schema: JsonSchema,
  known: readonly unknown[],
  temper: Temper,
): fc.Arbitrary<unknown> {
  if (temper === 'tame') return fitting(schema, known);
  return fc.oneof({ weight: 2, arbitrary: fitting(schema, known) }, { weight: 1, arbitrary: hostileJson });
}
