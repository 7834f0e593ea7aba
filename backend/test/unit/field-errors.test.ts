import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { MAX_FIELD_ERRORS, toFieldErrors } from '../../src/plugins/validation.js';
import { CreateUserBodySchema, ListUsersQuerySchema } from '../../src/schemas/users.js';

/** The errors Ajv reports for `data` against `schema`, as the app's validators would see them. */
function errorsFor(schema: object, data: unknown): ErrorObject[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  expect(validate(data)).toBe(false);
  return validate.errors ?? [];
}

describe('toFieldErrors', () => {
  it('names missing and unknown fields by their own name', () => {
    const errors = errorsFor(CreateUserBodySchema, { name: 'Ada', admin: true });
    expect(toFieldErrors(errors).errors).toEqual({
      email: ['is required'],
      admin: ['is not a known field'],
    });
  });

  it('explains enums, types and patterns in plain words', () => {
    const errors = errorsFor(CreateUserBodySchema, { name: 'A\u0000', email: 5, role: 'root' });
    expect(toFieldErrors(errors).errors).toEqual({
      name: ['has a format or characters that are not allowed'],
      email: ['must be string'],
      role: ['must be one of: viewer, manager, admin'],
    });
  });

  it("falls back to Ajv's own message for other keywords", () => {
    const errors = errorsFor(ListUsersQuerySchema, { per_page: 0 });
    expect(toFieldErrors(errors, 'querystring').errors).toEqual({ per_page: ['must be >= 1'] });
  });

  it('names the part itself when the whole of it is wrong', () => {
    const errors = errorsFor(CreateUserBodySchema, 'text');
    expect(toFieldErrors(errors).errors).toEqual({ body: ['must be object'] });
    expect(toFieldErrors(errors, 'querystring').errors).toEqual({ query: ['must be object'] });
    expect(toFieldErrors(errors, 'params').errors).toEqual({ path: ['must be object'] });
    expect(toFieldErrors(errors, 'headers').errors).toEqual({ headers: ['must be object'] });
  });

  it('joins nested paths with dots and lists each message once', () => {
    const schema = {
      type: 'object',
      properties: { address: { type: 'object', properties: { city: { type: 'string' } } } },
    };
    const errors = errorsFor(schema, { address: { city: 1 } });
    expect(toFieldErrors([...errors, ...errors]).errors).toEqual({ 'address.city': ['must be string'] });
    const missing = errorsFor(
      { type: 'object', properties: { address: { type: 'object', required: ['city'] } } },
      { address: {} },
    );
    expect(toFieldErrors(missing).errors).toEqual({ 'address.city': ['is required'] });
  });

  it('says "is invalid" when Ajv gives no message', () => {
    expect(
      toFieldErrors([{ keyword: 'custom', instancePath: '/x', schemaPath: '#', params: {} }]).errors,
    ).toEqual({
      x: ['is invalid'],
    });
  });

  it('takes prototype names as plain field names', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const errors = errorsFor(CreateUserBodySchema, JSON.parse(`{${names.map((n) => `"${n}":1`).join(',')}}`));
    const { errors: fields } = toFieldErrors(errors);
    for (const name of names) {
      expect(Object.hasOwn(fields, name)).toBe(true);
      expect(fields[name]).toEqual(['is not a known field']);
    }
  });

  it('names at most MAX_FIELD_ERRORS fields, cut to a readable length, and counts the rest', () => {
    const body = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}${'x'.repeat(300)}`, 1]));
    const { errors, omitted } = toFieldErrors(errorsFor(CreateUserBodySchema, body));
    expect(Object.keys(errors)).toHaveLength(MAX_FIELD_ERRORS);
    expect(Object.keys(errors).every((field) => field.length <= 101)).toBe(true);
    // name and email are missing too: 52 errors in all.
    expect(omitted).toBe(52 - MAX_FIELD_ERRORS);
  });
});
