/**
 * The definitions controller: keeps each LabletDefinition's status in step with its spec
 * (`deriveDefinitionStatus`). Writes only when something changed; a bad topology that slipped
 * past admission (e.g. from an older release) is recorded as a condition, not retried.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { isLcmError } from '../../errors/index.js';
import type { Logger, Registry } from '../../observability/index.js';
import { setCondition, type AnyResource } from '../../resources/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import {
  Controller,
  type ObjectKeyRef,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../../runtime/index.js';
import { deriveDefinitionStatus } from './derive-definition-status.js';

export interface DefinitionsControllerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
}

export class DefinitionsReconciler implements Reconciler {
  readonly #client: ResourceClient;
  readonly #clock: Clock;
  readonly #cached: (key: ObjectKeyRef) => AnyResource | undefined;

  constructor(options: {
    client: ResourceClient;
    clock: Clock;
    /** Reads a definition from the controller's informer cache. */
    cached: (key: ObjectKeyRef) => AnyResource | undefined;
  }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#cached = options.cached;
  }

  async reconcile(_ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult> {
    const definition = this.#cached(key) as LabletDefinition | undefined;
    if (!definition || definition.metadata.deletionTimestamp) return {};
    const status = this.#derive(definition);
    if (isDeepStrictEqual(status, definition.status)) return {};
    await this.#client.updateStatus({ ...definition, status });
    return {};
  }

  #derive(definition: LabletDefinition): LabletDefinition['status'] {
    const now = this.#clock.now();
    try {
      return deriveDefinitionStatus(definition, now);
    } catch (error) {
      if (!isLcmError(error) || error.reason !== 'Invalid') throw error;
      const conditions = setCondition(
        definition.status?.conditions,
        {
          type: 'Valid',
          status: 'False',
          reason: 'InvalidTopology',
          message: error.message,
        },
        now,
      );
      return { ...definition.status, phase: definition.spec.state, conditions };
    }
  }
}

export function createDefinitionsController(options: DefinitionsControllerOptions): Controller {
  const reconciler = new DefinitionsReconciler({
    ...options,
    cached: (key) => controller.informer('LabletDefinition')?.get(key),
  });
  const controller: Controller = new Controller({
    name: 'definitions',
    for: 'LabletDefinition',
    reconciler,
    ...options,
  });
  return controller;
}
