import type { FastifyInstance, FastifyServerOptions } from 'fastify';
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
 * own request logging writes two (one on arrival), which cost a read of one user about a sixth
 * of its time; the arrival line is kept at debug level for following a request that hangs.
 */
export function installAccessLog(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    request.log.debug({ req: request }, 'incoming request');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
    done();
  });
}
