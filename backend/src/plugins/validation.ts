import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { FieldErrors } from '../errors.js';

/**
 * Two validators: query strings and path parameters arrive as text and are coerced to the types
 * their schemas declare; JSON bodies are taken exactly as sent, so `"name": 5` is an error, not
 * the string "5". Unknown fields are never silently dropped: schemas say
 * `additionalProperties: false` and the client hears which field was unknown.
 */
function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  addFormats.default(ajv);
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: 'array' });
type Validator = ReturnType<Ajv['compile']>;
const compiled = new Map<string, Validator>();

/**
 * The validators are made once per process for each schema, not once per route and app (see
 * serializers.ts for why): keyed by the part and the schema as JSON.
 */
export function installValidators(app: FastifyInstance): void {
  app.setValidatorCompiler(compileValidator);
}

function compileValidator({ schema, httpPart }: { schema: object; httpPart?: string }): Validator {
  const body = httpPart === 'body';
  const key = `${body ? 'body' : 'text'}\n${JSON.stringify(schema)}`;
  let validator = compiled.get(key);
  if (!validator) {
    validator = (body ? bodyAjv : textAjv).compile(schema);
    compiled.set(key, validator);
  }
  return validator;
}

/**
 * For a route whose body is a stream its handler reads (an import's file): the body schema only
 * documents it; the query and path are validated as everywhere.
 */
export function streamedBodyValidator(route: {
  schema: object;
  httpPart?: string;
}): Validator | (() => true) {
  return route.httpPart === 'body' ? () => true as const : compileValidator(route);
}

const CONTEXT_NAMES = new Map([
  ['querystring', 'query'],
  ['params', 'path'],
]);

/** At most this many fields are named in a 422; the answer says how many more there were. */
export const MAX_FIELD_ERRORS = 20;
// A field name comes from input; a long one is cut so that the 422 stays small.
const MAX_FIELD_NAME = 100;

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'pattern':
      return 'has a format or characters that are not allowed';
    case 'type':
      return `must be ${(error.params as { type: string }).type}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function fieldOf(error: ErrorObject, context: string): string {
  let field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  if (child !== undefined) field = field ? `${field}.${child}` : child;
  if (!field) field = CONTEXT_NAMES.get(context) ?? context;
  return field.length > MAX_FIELD_NAME ? `${field.slice(0, MAX_FIELD_NAME)}…` : field;
}

export interface FieldErrorList {
  errors: FieldErrors;
  /** Errors left out of `errors` (their fields past the first MAX_FIELD_ERRORS). */
  omitted: number;
}

/**
 * Turns Ajv's errors into `{field: [message]}`; errors about the whole part use its name.
 * Field names come from input (`__proto__`, `constructor`), so they are collected in a Map and
 * the answer is an object with no prototype. Only the first MAX_FIELD_ERRORS fields are kept.
 */
export function toFieldErrors(errors: ErrorObject[], context = 'body'): FieldErrorList {
  const fields = new Map<string, string[]>();
  let omitted = 0;
  for (const error of errors) {
    const field = fieldOf(error, context);
    let messages = fields.get(field);
    if (!messages) {
      if (fields.size >= MAX_FIELD_ERRORS) {
        omitted += 1;
        continue;
      }
      fields.set(field, (messages = []));
    }
    const message = describe(error);
    if (!messages.includes(message)) messages.push(message);
  }
  return { errors: fieldErrors(fields), omitted };
}

/** A FieldErrors object built from a Map: no prototype, so any name is a plain own key. */
function fieldErrors(fields: Map<string, string[]>): FieldErrors {
  const result = Object.create(null) as FieldErrors;
  for (const [field, messages] of fields) result[field] = messages;
  return result;
}
