import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/**
 * JSON lines in production (and whenever the output is not a terminal, so log shippers get
 * JSON); pretty, coloured lines for a developer at a terminal. Every line of a request carries
 * its request id as `reqId`.
 */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  const base = {
    level: config.logLevel,
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
 */
export class AccessLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
