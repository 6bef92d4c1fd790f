/**
 * The one mapping point from errors to HTTP: an `LcmError` becomes its status and
 * `{ code, reason, message, details? }`; a failed route schema becomes 422 `Invalid` naming the
 * field; Fastify's own client errors (bad JSON, too large, rate limited, a URL or request the router
 * or Node's parser refuses) keep their status with a reason of their own; anything else is a logged
 * 500 that reveals nothing.
 */
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { isLcmError, toStatusBody } from '../../errors/index.js';

/** Reasons for HTTP-level failures that are not `LcmError`s (listed in docs/errors.md). */
const HTTP_REASONS: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  413: 'PayloadTooLarge',
  414: 'URITooLong',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
};

export interface ErrorHandlerOptions {
  /**
   * Answers a request no route took before the JSON 404, or declines with `undefined` (the
   * dashboard's client-side pages: plugins/dashboard.ts).
   */
  notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | undefined;
}

export function installErrorHandler(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (isLcmError(error)) {
      if (error.status >= 500) request.log.warn({ err: error }, 'request failed');
      return reply.code(error.status).send(toStatusBody(error));
    }
    if (error.validation) {
      const field = validationField(error);
      const first = error.validation[0];
      return reply.code(422).send({
        code: 422,
        reason: 'Invalid',
        message: `${field || 'request'} ${first?.message ?? 'is invalid'}`,
        details: { field },
      });
    }
    const status = error.statusCode ?? 500;
    if (status < 500 && HTTP_REASONS[status])
      return reply
        .code(status)
        .send({ code: status, reason: HTTP_REASONS[status], message: error.message });
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send({
      code: 500,
      reason: 'InternalError',
      message: `internal error; quote request id ${request.id} when reporting it`,
    });
  });
  app.setNotFoundHandler(
    (request, reply) =>
      options.notFoundPage?.(request, reply) ??
      reply.code(404).send({
        code: 404,
        reason: 'NotFound',
        message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}; see /openapi.json`,
      }),
  );
}

/**
 * Fastify's `frameworkErrors` option: a URL the router cannot decode (bad percent-encoding) or a
 * path parameter over `maxParamLength`, answered in the same body shape as every other error.
 */
export function sendFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? 400;
  const reason = status >= 500 ? 'InternalError' : (HTTP_REASONS[status] ?? 'BadRequest');
  void reply.code(status).send({ code: status, reason, message: error.message });
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (request line and headers
 * over 16 KiB, not HTTP at all, too slow to arrive) reaches no route, and gets the same body shape.
 */
export function sendClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message]: [number, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request line and headers exceed 16 KiB; shorten the URL or the headers']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request did not arrive in time']
        : [400, 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify({ code: status, reason: HTTP_REASONS[status], message });
  if (socket.writable)
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        'connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  socket.destroy(error);
}

/** The field a failed route schema names: `body.spec.x`, with the missing or unknown property. */
function validationField(error: FastifyError): string {
  const first = error.validation?.[0];
  const params = first?.params as
    { missingProperty?: string; additionalProperty?: string } | undefined;
  return [
    error.validationContext,
    first?.instancePath.replace(/^\//, '').replaceAll('/', '.'),
    params?.missingProperty ?? params?.additionalProperty,
  ]
    .filter(Boolean)
    .join('.');
}
