/** ScoreReports are immutable once created: the record of a grade never changes. */
import { InvalidError } from '../../errors/index.js';
import type { Guard } from '../guard.js';

export const admitScoreReport: Guard = async (request) => {
  if (request.operation === 'update' || request.operation === 'updateStatus')
    throw new InvalidError(
      `ScoreReport ${request.object.metadata.name} is immutable; a re-grade creates a new ScoreReport`,
      { details: { field: request.operation === 'update' ? 'spec' : 'status' } },
    );
  return request.object;
};
