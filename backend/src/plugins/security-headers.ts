import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A year, the value HSTS preload lists ask for. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer, the same on each (helmet's, read once at start). The
 * Content-Security-Policy allows scripts only from this origin, never inline: the console is
 * built by Vite into external module files, so it needs no exception. Styles may be inline
 * because Swagger UI sets some; styles cannot run code. HSTS is sent only when the request came
 * over TLS (directly, or per X-Forwarded-Proto from a trusted proxy): over plain HTTP it is
 * meaningless, and on localhost it would pin the browser to HTTPS for every port of that host.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = headersSetBy(
    helmet({
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
    }),
  );
  app.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') void reply.header('Strict-Transport-Security', HSTS);
    void reply.headers(headers);
    done();
  });
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The headers a helmet middleware sets, read once: with fixed directives they are the same on
 * every answer. Handing them to Fastify (`reply.headers`) rather than running helmet on each
 * request's raw response saves helmet's chain of a dozen middlewares and Node's per-call header
 * checks, about 3 µs a request; Fastify writes them with the answer's own.
 */
function headersSetBy(middleware: Middleware): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = String(value);
    },
    removeHeader: () => undefined,
    getHeader: () => undefined,
  };
  let finished = false;
  middleware({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error instanceof Error ? error : new Error('helmet failed');
    finished = true;
  });
  // Should helmet ever work asynchronously or per request, fail at start rather than send nothing.
  if (!finished || Object.keys(headers).length === 0) throw new Error('helmet set no headers at once');
  return headers;
}
