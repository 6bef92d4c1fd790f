/**
 * Admission for the built-in kinds: schema defaults and validation of spec and status, the kind's
 * guard (guards/<kind>.ts), and the phase table on every status phase change. Kinds without a
 * module (e.g. test kinds) pass through unchanged.
 */
import { Value } from '@sinclair/typebox/value';
import type { Clock } from '../clock/index.js';
import { assertMatchesSchema } from '../config/schema-errors.js';
import type { AnyResource } from '../resources/index.js';
import { findKindModule } from '../resources/kinds/built-in-kinds.js';
import type { KindModule } from '../resources/kinds/kind-module.js';
import {
  assertTransition,
  transitionPhase,
  type PhasedStatus,
} from '../resources/kinds/phase-machine.js';
import type { Admission, AdmissionReader, AdmissionRequest } from './admission.js';
import type { Guard } from './guard.js';
import { admitLabletDefinition } from './guards/lablet-definition.js';
import { admitLabletSession } from './guards/lablet-session.js';
import { admitReservation } from './guards/reservation.js';
import { admitScoreReport } from './guards/score-report.js';
import { admitWorker } from './guards/worker.js';
import { admitWorkerTemplate } from './guards/worker-template.js';

const GUARDS: Record<string, Guard> = {
  LabletDefinition: admitLabletDefinition,
  LabletSession: admitLabletSession,
  Reservation: admitReservation,
  ScoreReport: admitScoreReport,
  Worker: admitWorker,
  WorkerTemplate: admitWorkerTemplate,
};

export interface BuiltInAdmissionOptions {
  clock: Clock;
}

export class BuiltInAdmission implements Admission {
  readonly #clock: Clock;

  constructor(options: BuiltInAdmissionOptions) {
    this.#clock = options.clock;
  }

  async admit(request: AdmissionRequest, reader: AdmissionReader): Promise<AnyResource> {
    const module = findKindModule(request.object.kind);
    if (!module) return request.object;
    const prepared =
      request.operation === 'delete' ? request.object : this.#validate(module, request);
    const guard = GUARDS[module.definition.kind];
    const guarded = guard
      ? await guard({ ...request, object: prepared }, { reader, clock: this.#clock })
      : prepared;
    return request.operation === 'create' || request.operation === 'updateStatus'
      ? this.#checkPhase(module, guarded, request.oldObject)
      : guarded;
  }

  /** Fills spec defaults, then validates the part this operation writes. */
  #validate(module: KindModule, request: AdmissionRequest): AnyResource {
    const { kind } = module.definition;
    const object = structuredClone(request.object);
    if (request.operation !== 'updateStatus') {
      const spec = Value.Default(
        module.specSchema,
        (object as Partial<AnyResource>).spec ?? {},
      ) as Record<string, unknown>;
      assertMatchesSchema(module.specSchema, spec, 'spec', kind);
      object.spec = spec;
    }
    if (request.operation !== 'update' && object.status !== undefined)
      assertMatchesSchema(module.statusSchema, object.status, 'status', kind);
    return object;
  }

  /** New objects start in an initial phase (set when absent); phase changes follow the table. */
  #checkPhase(
    module: KindModule,
    object: AnyResource,
    oldObject: AnyResource | undefined,
  ): AnyResource {
    const machine = module.machine;
    if (!machine) return object;
    const status = (object.status ?? {}) as PhasedStatus;
    if (!oldObject && status.phase === undefined) {
      const initial = machine.initial[0] as string;
      const started = transitionPhase(machine, status, initial, {
        at: this.#clock.now(),
        reason: 'Created',
      });
      return { ...object, status: started as Record<string, unknown> };
    }
    const oldPhase = (oldObject?.status as PhasedStatus | undefined)?.phase;
    if (status.phase !== undefined || oldPhase !== undefined)
      assertTransition(machine, oldPhase, status.phase);
    return object;
  }
}
