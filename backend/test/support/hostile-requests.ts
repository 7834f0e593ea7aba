import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations.js';
import {
  fitting,
  hostileJson,
  hostileString,
  PROTOTYPE_NAMES,
  valueFor,
  type Temper,
} from './hostile-values.js';

/**
 * Generators of the parts of a hostile request, shaped after a route's schemas: bodies with extra,
 * prototype-named and duplicated keys, deep nesting, bodies that are not JSON at all, wrong
 * content types, path parameters of every shape and query strings with keys nobody documented.
 */

/** Key and value pairs written out as JSON text, so a key can appear twice. */
function objectText(entries: [string, unknown][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

/** An object body shaped after the schema, with extra, prototype-named and duplicated keys. */
function objectBodyText(schema: JsonSchema, known: readonly unknown[], temper: Temper): fc.Arbitrary<string> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const fields = Object.entries(properties).map(([key, s]) => {
    const field = valueFor(s, known, temper).map((v): [string, unknown] => [key, v]);
    return temper === 'tame' && required.has(key) ? field : fc.option(field, { freq: 4 });
  });
  if (temper === 'tame') {
    return fc
      .tuple(...fields)
      .map((given) => objectText(given.filter((e): e is [string, unknown] => e !== null)));
  }
  const extra = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), hostileString), hostileJson),
    { maxLength: 3 },
  );
  return fc
    .tuple(fc.tuple(...fields), extra, fc.boolean(), fc.boolean())
    .map(([given, extras, duplicate, extraFirst]) => {
      const entries = given.filter((e): e is [string, unknown] => e !== null);
      const all = extraFirst ? [...extras, ...entries] : [...entries, ...extras];
      // A repeated key: JSON.parse keeps the last, other parsers the first.
      if (duplicate && all.length > 0) all.push([all[0]![0], 12345]);
      return objectText(all);
    });
}

/** Many keys nobody asked for, as in a body made to make validation errors expensive. */
const manyUnknownKeys = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.constantFrom('k', 'constructor', '__proto__x'))
  .map(([n, prefix]) => objectText(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i])));

const deepNesting = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('[', '{"a":', '{"name":'))
  .map(([depth, open]) => open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth));

const BROKEN_JSON = [
  '',
  ' ',
  '{',
  '{"a":',
  'nul',
  '{"a":1}x',
  '\u0000',
  '\ufeff{}',
  "{'a':1}",
  '[1,]',
  '{"a":1,}',
  '1'.repeat(400),
  '"\\ud800"',
  '{"__proto__":{"role":"admin"}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  'null',
  '[]',
  '0',
  '"text"',
];

/** Bytes that are not UTF-8 at all, inside something that looks like JSON. */
const invalidUtf8 = fc
  .constantFrom([0xed, 0xa0, 0x80], [0xff, 0xfe], [0xc0, 0xaf], [0x80])
  .map((bytes) => Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]));

/** A body just past the default limit of 1 MiB (BODY_LIMIT), made only when drawn. */
const pastTheBodyLimit = fc.constant(null).map(() => `{"name":"${'x'.repeat(1024 * 1024)}"}`);

export type Payload = string | Buffer | undefined;

/** A body for a route: shaped after its schema (if it has one) or, when wild, anything at all. */
export function bodyFor(
  schema: JsonSchema | null,
  known: readonly unknown[],
  temper: Temper,
): fc.Arbitrary<Payload> {
  const shaped = schema?.type === 'object' ? objectBodyText(schema, known, temper) : null;
  if (temper === 'tame') return shaped ?? fc.constant(undefined);
  return fc.oneof(
    ...(shaped ? [{ weight: 8, arbitrary: shaped }] : []),
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: fc.constantFrom(...BROKEN_JSON) },
    { weight: 1, arbitrary: manyUnknownKeys },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: pastTheBodyLimit },
  );
}

/** Mostly right: a wrong content type stops a request before anything else is looked at. */
export const hostileContentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'application/json;;;',
      'application/json; charset=utf-16',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '*/*',
      '',
      'application/json\u0000',
      'constructor',
      '__proto__',
    ),
  },
  { weight: 1, arbitrary: hostileString.filter((s) => s.length < 200) },
);

/** A value as URL text: objects and arrays as their JSON (some have no prototype to call toString on). */
const asText = (value: unknown): string =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);

/** Encodes text for a URL; text encodeURIComponent refuses (a lone surrogate) goes as raw bytes. */
export function urlEncoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^A-Za-z0-9%]/g, (c) => {
      try {
        return encodeURIComponent(c);
      } catch {
        return '%3F';
      }
    });
  }
}

const RAW_SEGMENTS = [
  '',
  '%',
  '%zz',
  '%00',
  '%ED%A0%80',
  '%C0%AF',
  '..',
  '.',
  '%2F',
  '%2e%2e',
  '0',
  '-1',
  '01',
  '1.0',
  '1e3',
  '0x1',
  '2147483648',
  '9007199254740993',
  '9'.repeat(120),
  ' 1',
  '+1',
  '%201',
  'NaN',
  ':id',
  '{id}',
  '__proto__',
  'constructor',
  'toString',
];

/** A path parameter of any shape, already encoded for the URL. */
export function pathSegment(
  schema: JsonSchema,
  known: readonly unknown[],
  temper: Temper,
): fc.Arbitrary<string> {
  if (temper === 'tame') return fitting(schema, known).map((v) => urlEncoded(asText(v)));
  return fc.oneof(
    { weight: 3, arbitrary: fitting(schema, known).map((v) => urlEncoded(asText(v))) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length < 500).map(urlEncoded) },
  );
}

const RAW_QUERY_PARTS = [
  '%',
  '%zz',
  '&',
  '=',
  '==x',
  'a=b=c',
  '%00=1',
  ';',
  '?',
  '#',
  '[]=1',
  'a[b]=1',
  '%ED%A0%80=x',
];

/**
 * A query string (without `?`): the documented parameters, fitting or hostile, some given twice,
 * plus keys nobody documented, prototype names first among them.
 */
export function queryFor(
  parameters: { name: string; schema: JsonSchema }[],
  known: readonly unknown[],
  temper: Temper,
): fc.Arbitrary<string> {
  const documented = parameters.map((p) =>
    fc.option(
      fc
        .array(valueFor(p.schema, known, temper), { minLength: 1, maxLength: temper === 'tame' ? 1 : 2 })
        .map((values) => values.map((v) => `${urlEncoded(p.name)}=${urlEncoded(asText(v))}`)),
      { freq: 3 },
    ),
  );
  const extra = fc.array(
    fc.oneof(
      fc
        .tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), hostileString), hostileString)
        .filter(([k, v]) => k.length + v.length < 2_000)
        .map(([k, v]) => `${urlEncoded(k)}=${urlEncoded(v)}`),
      fc.constantFrom(...RAW_QUERY_PARTS),
    ),
    { maxLength: temper === 'tame' ? 0 : 3 },
  );
  return fc
    .tuple(fc.tuple(...documented), extra)
    .map(([given, extras]) => [...given.flatMap((g) => g ?? []), ...extras].join('&'));
}

/** Header values no well-behaved client sends; a duplicated header is joined as Node joins it. */
export const hostileHeaderValue = fc.oneof(
  hostileString.filter((s) => s.length < 10_000),
  fc.tuple(hostileString, hostileString).map(([a, b]) => `${a}, ${b}`),
);

/** Authorization headers that are not a working bearer token. */
export const hostileAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Bearer a.b.c',
    'Basic YTpi',
    'bearer x',
    'Bearer \u00ff',
    'Bearer x y',
  ),
  hostileHeaderValue.map((v) => `Bearer ${v}`),
  hostileHeaderValue,
);

/**
 * Header values as an HTTP/1.1 parser hands them to the app: the client's UTF-8 bytes read as
 * latin1, without surrounding blanks or control characters. Node refuses NUL and the other
 * controls before the app sees the request (a 400 from plugins/client-errors.ts), so sending
 * them through inject would test requests no client can make.
 */
export function onTheWire(headers: Record<string, string>): Record<string, string> {
  const allowed = (c: string) => c === '\t' || (c >= ' ' && c !== '\u007f');
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      [...Buffer.from(value, 'utf8').toString('latin1')]
        .filter(allowed)
        .join('')
        .replace(/^[\t ]+|[\t ]+$/g, ''),
    ]),
  );
}
