/**
 * The answer of `GET …/labletsessions/{name}/explain`. Until the scheduler records its decisions
 * (per-worker reasons, score breakdown, queue position, pending scale-up), the answer says where
 * the session stands and that no decision is recorded yet.
 */
import type { AnyResource } from '../../resources/index.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';

export interface SchedulingExplanation {
  apiVersion: 'lcm/v1';
  kind: 'SchedulingExplanation';
  session: { namespace?: string; name: string };
  phase: string;
  worker?: string;
  message: string;
}

export function explainSession(object: AnyResource): SchedulingExplanation {
  const session = object as unknown as LabletSession;
  const phase = session.status?.phase ?? 'Pending';
  const worker = session.status?.worker;
  const { name, namespace } = session.metadata;
  return {
    apiVersion: 'lcm/v1',
    kind: 'SchedulingExplanation',
    session: { name, ...(namespace ? { namespace } : {}) },
    phase,
    ...(worker ? { worker } : {}),
    message: worker
      ? `placed on worker ${worker}`
      : 'no scheduling decision is recorded for this session yet',
  };
}
