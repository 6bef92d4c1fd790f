/** mapStatusError: API error answers back to LcmErrors. */
import { describe, expect, it } from 'vitest';
import { GoneError, InvalidError, UnavailableError } from '../errors/index.js';
import { mapStatusError } from './map-status-error.js';

describe('mapStatusError', () => {
  it('keeps the reason and details of an LcmError body', () => {
    const error = mapStatusError(422, {
      code: 422,
      reason: 'Invalid',
      message: 'spec.region must not be empty',
      details: { field: 'spec.region' },
    });
    expect(error).toBeInstanceOf(InvalidError);
    expect(error.details).toEqual({ field: 'spec.region' });
  });

  it.each([
    [410, { reason: 'Gone' }, 'Gone'],
    [409, { reason: 'AlreadyExists' }, 'AlreadyExists'],
    [409, { reason: 'Conflict' }, 'Conflict'],
    [404, { reason: 'NotFound' }, 'NotFound'],
    [401, { reason: 'Unauthorized' }, 'Unauthorized'],
    [403, { reason: 'Forbidden' }, 'Forbidden'],
    [400, { reason: 'BadRequest' }, 'Invalid'],
    [415, { reason: 'UnsupportedMediaType' }, 'Invalid'],
    [404, '<html>not here</html>', 'NotFound'],
    [429, { reason: 'TooManyRequests' }, 'Unavailable'],
    [500, { reason: 'InternalError' }, 'Unavailable'],
    [502, '<html>bad gateway</html>', 'Unavailable'],
    [503, { reason: 'Unavailable', details: { retryable: true } }, 'Unavailable'],
  ])('maps HTTP %i with body %j to %s', (status, body, reason) => {
    expect(mapStatusError(status, body).reason).toBe(reason);
  });

  it('ignores a reason that only looks like one (an inherited property name)', () => {
    expect(mapStatusError(410, { reason: 'constructor' })).toBeInstanceOf(GoneError);
    expect(mapStatusError(503, undefined)).toBeInstanceOf(UnavailableError);
  });
});
