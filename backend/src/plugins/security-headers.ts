import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** A year, the value HSTS preload lists ask for. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer. The Content-Security-Policy allows scripts only from this
 * origin, never inline: the console is built by Vite into external module files, so it needs no
 * exception. Styles may be inline because Swagger UI sets some; styles cannot run code.
 * HSTS is sent only when the request came over TLS (directly, or per X-Forwarded-Proto from a
 * trusted proxy): over plain HTTP it is meaningless, and on localhost it would pin the browser
 * to HTTPS for every port of that host.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    hsts: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('Strict-Transport-Security', HSTS);
  });
}
