/**
 * Every controller by name, for `lcm serve` (all in one process) and `lcm controller <name>` (one
 * per process, against a remote API). Controllers get only a ResourceClient, a clock, a logger,
 * metrics, the configuration and the external systems' ports, so they run the same either way.
 */
import type { Clock } from '../clock/index.js';
import type { ResourceClient } from '../client/resource-client.js';
import type { LcmConfig } from '../config/index.js';
import { createDefinitionsController } from '../controllers/definitions/definitions-controller.js';
import type { SessionProviders } from '../controllers/sessions/session-step-context.js';
import { createSessionsController } from '../controllers/sessions/sessions-controller.js';
import { sessionTimingsFrom } from '../controllers/sessions/session-timings.js';
import { createEventFeed } from '../controllers/events/event-feed.js';
import { createLabsController } from '../controllers/labs/labs-controller.js';
import { createReservationsController } from '../controllers/reservations/reservations-controller.js';
import { createSchedulerController } from '../controllers/scheduler/scheduler-controller.js';
import type { FleetProviders } from '../controllers/workers/fleet-providers.js';
import { scaleDownSettingsFrom } from '../controllers/workers/scale-down-policy.js';
import type { SecretSource } from '../controllers/workers/secret-source.js';
import { createWorkersController } from '../controllers/workers/workers-controller.js';
import { InvalidError } from '../errors/index.js';
import type { Logger, Registry } from '../observability/index.js';
import type { Runnable } from '../runtime/index.js';

/** The external systems controllers use: the fleet's clouds and CML, the LDS, the grading engine. */
export type ControllerProviders = FleetProviders & Pick<SessionProviders, 'lds' | 'grading'>;

export interface ControllerDeps {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** Each factory passes on the slice its controller reads. */
  config: Readonly<LcmConfig>;
  /** Clouds, CML servers, the LDS and the grading engine. */
  providers: ControllerProviders;
  /** Licence tokens and other secrets by name (workers controller, event sinks). */
  secrets: SecretSource;
  /** The deployment's URL: the `source` of the CloudEvents LCM sends. */
  publicUrl: string;
}

const FACTORIES: Readonly<Record<string, (deps: ControllerDeps) => Runnable>> = {
  definitions: createDefinitionsController,
  events: (deps) =>
    createEventFeed({ ...deps, events: deps.config.events, source: deps.publicUrl }),
  labs: (deps) => createLabsController({ ...deps, labs: deps.config.labs }),
  reservations: (deps) =>
    createReservationsController({
      ...deps,
      scheduling: deps.config.scheduling,
      sessions: deps.config.sessions,
    }),
  scheduler: (deps) => createSchedulerController({ ...deps, config: deps.config.scheduling }),
  sessions: (deps) =>
    createSessionsController({
      ...deps,
      providers: {
        cmlFor: (endpoint) => deps.providers.cmlFor(endpoint),
        lds: deps.providers.lds,
        grading: deps.providers.grading,
      },
      timings: sessionTimingsFrom(deps.config.sessions),
    }),
  workers: (deps) =>
    createWorkersController({ ...deps, scaleDown: scaleDownSettingsFrom(deps.config.autoscaling) }),
};

export const CONTROLLER_NAMES: readonly string[] = Object.keys(FACTORIES);

/** Builds the named controller; throws `Invalid` naming the known ones for an unknown name. */
export function createController(name: string, deps: ControllerDeps): Runnable {
  const factory = FACTORIES[name];
  if (!factory)
    throw new InvalidError(
      `no controller "${name}"; known controllers: ${CONTROLLER_NAMES.join(', ')}`,
      { details: { field: 'name' } },
    );
  return factory({ ...deps, logger: deps.logger.child({ controller: name }) });
}
