/**
 * Every controller by name, for `lcm serve` (all in one process) and `lcm controller <name>` (one
 * per process, against a remote API). Controllers get only a ResourceClient, a clock, a logger and
 * metrics, so they run the same either way.
 */
import type { Clock } from '../clock/index.js';
import type { ResourceClient } from '../client/resource-client.js';
import { createDefinitionsController } from '../controllers/definitions/definitions-controller.js';
import { InvalidError } from '../errors/index.js';
import type { Logger, Registry } from '../observability/index.js';
import type { Controller } from '../runtime/index.js';

export interface ControllerDeps {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
}

const FACTORIES: Readonly<Record<string, (deps: ControllerDeps) => Controller>> = {
  definitions: createDefinitionsController,
};

export const CONTROLLER_NAMES: readonly string[] = Object.keys(FACTORIES);

/** Builds the named controller; throws `Invalid` naming the known ones for an unknown name. */
export function createController(name: string, deps: ControllerDeps): Controller {
  const factory = FACTORIES[name];
  if (!factory)
    throw new InvalidError(
      `no controller "${name}"; known controllers: ${CONTROLLER_NAMES.join(', ')}`,
      { details: { field: 'name' } },
    );
  return factory({ ...deps, logger: deps.logger.child({ controller: name }) });
}
