/**
 * The answer of `GET …/labletsessions/{name}/explain`: where the session stands, and the
 * scheduler's last recorded decision (`status.scheduling`) — result and reason, queue position,
 * the scale-up it waits for with its ETA, rejections by reason and per-worker verdicts.
 */
import type { AnyResource } from '../../resources/index.js';
import type { LabletSession, SchedulingRecord } from '../../resources/kinds/lablet-session.js';

export interface SchedulingExplanation extends Partial<Omit<SchedulingRecord, 'message'>> {
  apiVersion: 'lcm/v1';
  kind: 'SchedulingExplanation';
  session: { namespace?: string; name: string };
  phase: string;
  worker?: string;
  /** One sentence for a person: the decision's message, or why there is none yet. */
  message: string;
}

export function explainSession(object: AnyResource): SchedulingExplanation {
  const session = object as unknown as LabletSession;
  const phase = session.status?.phase ?? 'Pending';
  const worker = session.status?.worker;
  const decision = session.status?.scheduling;
  const { name, namespace } = session.metadata;
  const { message: decisionMessage, ...recorded } = decision ?? {};
  return {
    apiVersion: 'lcm/v1',
    kind: 'SchedulingExplanation',
    session: { name, ...(namespace ? { namespace } : {}) },
    phase,
    ...(worker ? { worker } : {}),
    ...recorded,
    message: messageOf(worker, decision, decisionMessage),
  };
}

function messageOf(
  worker: string | undefined,
  decision: SchedulingRecord | undefined,
  message: string | undefined,
): string {
  if (worker) return message ?? `placed on worker ${worker}`;
  if (!decision) return 'no scheduling decision is recorded for this session yet';
  const eta = decision.scaleUp?.eta ? `; expected ready ${decision.scaleUp.eta}` : '';
  return `${message ?? decision.reason} (queue position ${decision.queuePosition}${eta})`;
}
