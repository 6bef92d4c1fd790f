/** The built-in kinds of LCM, registered in every process. */
import { KindRegistry } from '../registry.js';
import type { KindModule } from './kind-module.js';
import { API_KEY } from './api-key.js';
import { AUDIT_RECORD } from './audit-record.js';
import { EVENT_RECEIPT } from './event-receipt.js';
import { EVENT_SINK_CURSOR } from './event-sink-cursor.js';
import { LAB_RECORD } from './lab-record.js';
import { LABLET_DEFINITION } from './lablet-definition.js';
import { LABLET_SESSION } from './lablet-session.js';
import { LEASE } from './lease.js';
import { RESERVATION } from './reservation.js';
import { SCORE_REPORT } from './score-report.js';
import { SIGNING_KEY } from './signing-key.js';
import { USER } from './user.js';
import { WORKER } from './worker.js';
import { WORKER_TEMPLATE } from './worker-template.js';

export const KIND_MODULES: readonly KindModule[] = [
  WORKER_TEMPLATE,
  WORKER,
  LABLET_DEFINITION,
  LABLET_SESSION,
  SCORE_REPORT,
  RESERVATION,
  LAB_RECORD,
  LEASE,
  USER,
  API_KEY,
  AUDIT_RECORD,
  EVENT_RECEIPT,
  SIGNING_KEY,
  EVENT_SINK_CURSOR,
];

export function createKindRegistry(): KindRegistry {
  return new KindRegistry(KIND_MODULES.map((module) => module.definition));
}

export function findKindModule(kind: string): KindModule | undefined {
  return KIND_MODULES.find((module) => module.definition.kind === kind);
}
