/** The objects a step cannot do without, read from the context with a clear error when missing. */
import { NotFoundError, UnavailableError } from '../../../errors/index.js';
import type { CmlClient } from '../../../providers/cml/cml-client.js';
import type { LabRecord } from '../../../resources/kinds/lab-record.js';
import type { Worker } from '../../../resources/kinds/worker.js';
import { statusOf, type SessionStepContext } from '../session-step-context.js';

export function requireWorker(ctx: SessionStepContext): Worker {
  const name = statusOf(ctx).worker ?? '';
  const worker = ctx.caches.worker(name);
  if (!worker) throw new NotFoundError(`worker ${name} of session ${ctx.key} does not exist`);
  return worker;
}

export function requireLab(ctx: SessionStepContext): LabRecord {
  const name = statusOf(ctx).lab ?? '';
  const lab = ctx.caches.lab(name);
  if (!lab) throw new NotFoundError(`LabRecord ${name} of session ${ctx.key} does not exist`);
  return lab;
}

/** The CML client of the session's worker; `Unavailable` while the worker has no endpoint. */
export function cmlOf(ctx: SessionStepContext): CmlClient {
  const worker = requireWorker(ctx);
  const endpoint = worker.status?.endpoint;
  if (!endpoint)
    throw new UnavailableError(`worker ${worker.metadata.name} has no CML endpoint yet`);
  return ctx.providers.cmlFor(endpoint);
}
