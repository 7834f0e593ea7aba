import SerializerSelector, { type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

type Serializer = ReturnType<ReturnType<SerializerFactory>>;

const buildSerializer = SerializerSelector();
const compiled = new Map<string, Serializer>();

/**
 * Fastify's own response serializers (fast-json-stringify), compiled once per process for each
 * schema instead of once per route and app. Compiling is most of the time it takes to build the
 * app: the users routes are mounted twice (the seed's `/users` paths), and the tests build an
 * app for every test. The key is the schema and the shared schemas it may refer to, as JSON;
 * schemas are plain JSON, so equal text means an equal serializer.
 */
export const buildCachedSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = buildSerializer(externalSchemas, options);
  const context = JSON.stringify([externalSchemas ?? null, options ?? null]);
  return (route) => {
    const key = `${context}\n${JSON.stringify(route.schema)}`;
    let serializer = compiled.get(key);
    if (!serializer) {
      serializer = compile(route);
      compiled.set(key, serializer);
    }
    return serializer;
  };
};
