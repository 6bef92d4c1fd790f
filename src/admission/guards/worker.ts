/** Worker rules: the template exists when the worker is created, and never changes afterwards. */
import { InvalidError, hasReason } from '../../errors/index.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { Guard } from '../guard.js';

export const admitWorker: Guard = async (request, { reader }) => {
  if (request.operation === 'delete' || request.operation === 'updateStatus') return request.object;
  const worker = request.object as unknown as Worker;
  const old = request.oldObject as unknown as Worker | undefined;
  if (old) {
    if (old.spec.template !== worker.spec.template || old.spec.region !== worker.spec.region)
      throw new InvalidError(
        'spec.template and spec.region cannot change; create a new worker instead',
        {
          details: {
            field: old.spec.template !== worker.spec.template ? 'spec.template' : 'spec.region',
          },
        },
      );
    return request.object;
  }
  try {
    await reader.get('WorkerTemplate', worker.spec.template);
  } catch (error) {
    if (!hasReason(error, 'NotFound')) throw error;
    throw new InvalidError(`spec.template: WorkerTemplate ${worker.spec.template} does not exist`, {
      details: { field: 'spec.template' },
    });
  }
  return request.object;
};
