import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { toFieldErrors } from '../../src/plugins/validation.js';
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
    expect(toFieldErrors(errors)).toEqual({
      email: ['is required'],
      admin: ['is not a known field'],
    });
  });

  it('explains enums, types and patterns in plain words', () => {
    const errors = errorsFor(CreateUserBodySchema, { name: 'A\u0000', email: 5, role: 'root' });
    expect(toFieldErrors(errors)).toEqual({
      name: ['has a format or characters that are not allowed'],
      email: ['must be string'],
      role: ['must be one of: admin, manager, viewer'],
    });
  });

  it("falls back to Ajv's own message for other keywords", () => {
    const errors = errorsFor(ListUsersQuerySchema, { per_page: 0 });
    expect(toFieldErrors(errors, 'querystring')).toEqual({ per_page: ['must be >= 1'] });
  });

  it('names the part itself when the whole of it is wrong', () => {
    const errors = errorsFor(CreateUserBodySchema, 'text');
    expect(toFieldErrors(errors)).toEqual({ body: ['must be object'] });
    expect(toFieldErrors(errors, 'querystring')).toEqual({ query: ['must be object'] });
    expect(toFieldErrors(errors, 'params')).toEqual({ path: ['must be object'] });
    expect(toFieldErrors(errors, 'headers')).toEqual({ headers: ['must be object'] });
  });

  it('joins nested paths with dots and lists each message once', () => {
    const schema = {
      type: 'object',
      properties: { address: { type: 'object', properties: { city: { type: 'string' } } } },
    };
    const errors = errorsFor(schema, { address: { city: 1 } });
    expect(toFieldErrors([...errors, ...errors])).toEqual({ 'address.city': ['must be string'] });
    const missing = errorsFor(
      { type: 'object', properties: { address: { type: 'object', required: ['city'] } } },
      { address: {} },
    );
    expect(toFieldErrors(missing)).toEqual({ 'address.city': ['is required'] });
  });

  it('says "is invalid" when Ajv gives no message', () => {
    expect(toFieldErrors([{ keyword: 'custom', instancePath: '/x', schemaPath: '#', params: {} }])).toEqual({
      x: ['is invalid'],
    });
  });
});
