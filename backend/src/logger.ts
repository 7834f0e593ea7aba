import {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { stdSerializers } from 'pino';
import type { Config } from './config.js';

// Fields of errors that hold what a client sent, byte for byte: Node's HTTP parser errors
// carry the raw request (headers with tokens and cookies, the body with a password).
const RAW_INPUT_FIELDS = ['rawPacket', 'body', 'headers'];

/** pino's error serializer, without the fields that hold raw input. */
function errorWithoutBytes(error: Error) {
  const serialized = stdSerializers.err(error);
  for (const field of RAW_INPUT_FIELDS) delete serialized[field];
  return serialized;
}

/**
 * JSON lines in production (and whenever the output is not a terminal, so log shippers get
 * JSON); pretty, coloured lines for a developer at a terminal. Every line of a request carries
 * its request id as `reqId`.
 */
export function loggerOptions(
  config: Config,
  /** Where lines go instead of stdout (tests read them). */
  stream?: { write: (line: string) => void },
): FastifyServerOptions['logger'] {
  const base = {
    level: config.logLevel,
    serializers: { err: errorWithoutBytes },
    // Credentials never reach the log, whatever a handler decides to log.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.current_password',
        '*.new_password',
        '*.access_token',
        '*.refresh_token',
      ],
      censor: '[redacted]',
    },
  };
  if (stream) return { ...base, stream };
  if (config.nodeEnv !== 'production' && process.stdout.isTTY) {
    return {
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    };
  }
  return base;
}

/**
 * One line per request, when it is answered: method, URL, client, status and time. Fastify's
 * default writes two (one on arrival), which cost a read of one user about a sixth of its
 * time; the arrival line is kept at debug level, for following a request that hangs.
 *
 * The line is written through a child logger that skips redaction. Its fields come from the
 * request and reply serializers (method, URL, host, client address, status), never from
 * headers or bodies, so there is nothing to redact, and checking every redaction path on every
 * line cost more than writing it. Lines about errors keep redaction.
 */
export class AccessLog extends LogController {
  readonly #plain = new WeakMap<FastifyBaseLogger, Map<string, FastifyBaseLogger>>();

  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error(
        { req: request, res: reply, responseTime: reply.elapsedTime, err: error },
        'request errored',
      );
      return;
    }
    // At the request logger's level, which is a route's own if it sets one.
    const log = this.#plainOf(request.server.log, request.log.level);
    log.info(
      { reqId: request.id, req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
  }

  #plainOf(log: FastifyBaseLogger, level: string): FastifyBaseLogger {
    let byLevel = this.#plain.get(log);
    if (!byLevel) this.#plain.set(log, (byLevel = new Map<string, FastifyBaseLogger>()));
    let plain = byLevel.get(level);
    if (!plain) byLevel.set(level, (plain = log.child({}, { redact: [], level })));
    return plain;
  }
}
