import helmet from 'helmet';
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
export function installSecurityHeaders(app: FastifyInstance): void {
  // Built once: @fastify/helmet builds a new helmet middleware on every request, which cost
  // a read of one user about a tenth of its time. The headers are the same on every answer.
  const setHeaders = helmet({
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
  app.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') void reply.header('Strict-Transport-Security', HSTS);
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
