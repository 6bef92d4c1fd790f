/** Translates jose verification failures into `UnauthorizedError`s whose message says what failed. */
import { errors } from 'jose';
import { UnauthorizedError } from '../errors/index.js';

/**
 * Maps an error thrown by `jwtVerify` to an `UnauthorizedError` naming the failed check. Errors
 * that are not jose's (an `LcmError` from a key resolver, a programming error) are returned as is.
 */
export function toTokenError(error: unknown): unknown {
  if (!(error instanceof errors.JOSEError)) return error;
  return new UnauthorizedError(describeJoseError(error), { cause: error });
}

function describeJoseError(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return 'token audience does not match';
      case 'iss':
        return 'token issuer does not match';
      case 'nbf':
        return 'token is not valid yet';
      default:
        return `token claim "${error.claim}" is invalid: ${error.reason}`;
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token was not signed by a known key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token signing algorithm is not allowed';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return 'token is malformed';
  return `token rejected: ${error.message}`;
}
