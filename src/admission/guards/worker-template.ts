/** WorkerTemplate rules: a sane port range, and an image for real clouds. */
import { InvalidError } from '../../errors/index.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import type { Guard } from '../guard.js';

export const admitWorkerTemplate: Guard = async (request) => {
  if (request.operation === 'delete' || request.operation === 'updateStatus') return request.object;
  const { spec } = request.object as unknown as WorkerTemplate;
  if (spec.ports.from > spec.ports.to)
    throw new InvalidError(
      `spec.ports.from (${spec.ports.from}) must not exceed spec.ports.to (${spec.ports.to})`,
      {
        details: { field: 'spec.ports.from' },
      },
    );
  if (spec.provider === 'aws' && !spec.image.amiId && !spec.image.amiNamePattern)
    throw new InvalidError(
      'an aws template needs spec.image.amiId or spec.image.amiNamePattern (e.g. "CML-2.9*")',
      {
        details: { field: 'spec.image' },
      },
    );
  return request.object;
};
