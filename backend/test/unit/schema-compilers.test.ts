import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildCachedSerializer } from '../../src/plugins/serializers.js';
import { installValidators } from '../../src/plugins/validation.js';

/** A fresh object each call, as each app (or each mount of a route plugin) builds its schemas. */
const item = (extra: Record<string, object> = {}) => ({
  type: 'object',
  properties: { name: { type: 'string' }, ...extra },
});
const route = (schema: unknown) => ({ schema, method: 'GET', url: '/items', httpStatus: '200' });

describe('response serializers', () => {
  it('are compiled once per process: a second app or mount with an equal schema gets the same one', () => {
    const first = buildCachedSerializer({}, {})(route(item()));
    const second = buildCachedSerializer({}, {})(route(item()));
    expect(second).toBe(first);
    expect(first({ name: 'Ada', secret: 'kept out' })).toBe('{"name":"Ada"}');
  });

  it('are never shared between schemas that differ, in themselves or in the shared schemas', () => {
    const withRole = buildCachedSerializer({}, {})(route(item({ role: { type: 'string' } })));
    expect(withRole({ name: 'Ada', role: 'admin' })).toBe('{"name":"Ada","role":"admin"}');

    const named = (properties: object) => ({ Named: { $id: 'Named', type: 'object', properties } });
    const short = buildCachedSerializer(named({ a: { type: 'string' } }), {})(route({ $ref: 'Named#' }));
    const long = buildCachedSerializer(
      named({ a: { type: 'string' }, b: { type: 'string' } }),
      {},
    )(route({ $ref: 'Named#' }));
    expect(short({ a: '1', b: '2' })).toBe('{"a":"1"}');
    expect(long({ a: '1', b: '2' })).toBe('{"a":"1","b":"2"}');
  });
});

describe('request validators', () => {
  const count = () => ({
    type: 'object',
    properties: { n: { type: 'integer' } },
    required: ['n'],
  });
  const validatorOf = (httpPart: string) => {
    const app = Fastify();
    installValidators(app);
    return app.validatorCompiler!({ schema: count(), method: 'POST', url: '/items', httpPart });
  };

  it('are compiled once per process: a second app with an equal schema gets the same one', () => {
    expect(validatorOf('body')).toBe(validatorOf('body'));
  });

  it('still coerce text parts and take bodies exactly as sent', () => {
    expect(validatorOf('querystring')({ n: '5' })).toBe(true);
    expect(validatorOf('body')({ n: '5' })).toBe(false);
    expect(validatorOf('body')({ n: 5 })).toBe(true);
  });
});
