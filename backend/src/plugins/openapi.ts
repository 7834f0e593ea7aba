import type { SwaggerOptions } from '@fastify/swagger';

/** OpenAPI 3.1, generated from the same TypeBox schemas that validate and serialize. */
export function openApiOptions(): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'User Management System API',
        version: '1.0.0',
        description:
          'Every answer is the envelope `{status, data, message}`; errors add `code` and, for ' +
          "validation errors, `errors` by field. The seed's `/users/` paths serve the same API.",
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'users', description: 'User accounts' },
        { name: 'auth', description: 'Sign-in, tokens, my account and sessions' },
        { name: 'groups', description: 'Groups of users and their members' },
        { name: 'audit', description: 'Who changed what' },
        { name: 'settings', description: 'Roles, statuses, permissions, password policy' },
        { name: 'operations', description: 'Health and readiness' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  };
}
