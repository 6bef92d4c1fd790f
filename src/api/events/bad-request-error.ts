/** A 400 for a request that is not an acceptable CloudEvent (malformed, or a type LCM does not take). */

/**
 * Not an `LcmError`: SPEC.md "Events" answers these with 400, which no `LcmError` reason has. The
 * error handler maps any client error carrying `statusCode: 400` to `{ code: 400, reason: 'BadRequest' }`.
 */
export class BadRequestError extends Error {
  /** Read by the error handler, as on Fastify's own client errors. */
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}
