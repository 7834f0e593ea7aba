import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from './errors.js';

/**
 * Failures that never reach a route or the error handler still leave in the error envelope:
 * requests Node's HTTP parser rejects (clientError) and URLs Fastify's router cannot route.
 */

// https://nodejs.org/api/http.html#event-clienterror
const CLIENT_ERRORS = new Map([
  ['ERR_HTTP_REQUEST_TIMEOUT', { status: 408, message: 'The request took too long to arrive' }],
  ['HPE_HEADER_OVERFLOW', { status: 431, message: 'The request headers are too large' }],
]);
const NOT_HTTP = { status: 400, message: 'The request is not valid HTTP' };

/** The headers of an envelope answered outside Fastify: its request id, no caching, no sniffing. */
function envelopeHeaders(body: string, requestId: string): Record<string, string | number> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Request-Id': requestId,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}

/** The answer written straight to the socket: the envelope, its request id, then close. */
function rawErrorResponse(
  status: number,
  message: string,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): string {
  const body = JSON.stringify(errorBody(status, message));
  const headers = { ...envelopeHeaders(body, requestId), ...extraHeaders, Connection: 'close' };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`;
}

export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = CLIENT_ERRORS.get(error.code ?? '') ?? NOT_HTTP;
  const reqId = randomUUID();
  // The error itself is not logged: Node's parse errors carry the raw request bytes
  // (rawPacket), which hold whatever the client sent: tokens, cookies, passwords.
  this.log.info({ reqId, status, code: error.code }, message);
  // Once an answer has begun on this connection, another would corrupt it: only close.
  const answering = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (socket.writable && !answering?.headersSent) socket.write(rawErrorResponse(status, message, reqId));
  socket.destroy();
}

/**
 * Node answers an `Expect` other than 100-continue itself, with a bare 417 and no request id,
 * before Fastify sees the request; with a listener on checkExpectation, the answer is ours.
 * https://nodejs.org/api/http.html#event-checkexpectation
 */
export function answerUnmetExpectations(app: FastifyInstance): void {
  app.server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const reqId = randomUUID();
    app.log.info({ reqId, status: 417 }, 'Expectation not supported');
    // Closed after: a body the client sent anyway is not read as the next request.
    response.shouldKeepAlive = false;
    response.end(
      envelopeFor(response, 417, 'The Expect header asks for something this server does not do', reqId),
    );
  });
}

/**
 * CONNECT asks for a tunnel, which Node hands to a 'connect' listener or else drops without a
 * word; this server tunnels nothing, so it answers 405 in the envelope and closes.
 */
export function refuseTunnels(app: FastifyInstance): void {
  app.server.on('connect', (_request: IncomingMessage, socket: Socket) => {
    const reqId = randomUUID();
    app.log.info({ reqId, status: 405 }, 'CONNECT refused');
    const allow = { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' };
    socket.end(rawErrorResponse(405, 'This server does not open tunnels', reqId, allow));
  });
}

/** Writes the head of an envelope answer on a Node response and answers its body. */
function envelopeFor(response: ServerResponse, status: number, message: string, reqId: string): string {
  const body = JSON.stringify(errorBody(status, message));
  response.writeHead(status, envelopeHeaders(body, reqId));
  return body;
}

/** Fastify's own routing failures: an undecodable URL (400), a path parameter too long (414). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
  const message =
    status === 500
      ? 'Internal server error'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not valid'
        : 'The URL is too long';
  request.log.info({ status, code: error.code }, message);
  void reply.header('X-Request-Id', request.id).status(status).send(errorBody(status, message));
}

const SHUTTING_DOWN = { status: 503, message: 'The server is shutting down; try again' };

/**
 * RFC 9112 section 3.2: an HTTP/1.1 request without a Host header, or with more than one, is a
 * 400. Node keeps only the first of several, so they are counted in the raw headers.
 */
function hostProblem(raw: IncomingMessage): { status: number; message: string } | null {
  let hosts = 0;
  const headers = raw.rawHeaders;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') hosts += 1;
  }
  if (hosts > 1) return { status: 400, message: 'The request has more than one Host header' };
  if (hosts === 0 && raw.httpVersion === '1.1') {
    return { status: 400, message: 'The request has no Host header' };
  }
  return null;
}

/**
 * Requests Node lets through that the app refuses before routing: a bad Host (above), and
 * anything that arrives once shutdown has begun (Fastify's own 503 then is not the envelope, so
 * it is turned off in app.ts and answered here).
 */
export function refuseMalformedOrLate(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    const refusal = closing ? SHUTTING_DOWN : hostProblem(request.raw);
    if (!refusal) {
      done();
      return;
    }
    if (closing) void reply.header('Connection', 'close');
    void reply.status(refusal.status).send(errorBody(refusal.status, refusal.message));
  });
}
