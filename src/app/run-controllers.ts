/**
 * Runs controllers in this process under one Manager. Each controller writes through its own
 * audited view of the client (actor `system:controller:<name>`), so the audit trail shows which
 * controller changed what.
 */
import { hostname } from 'node:os';
import type { Clock } from '../clock/index.js';
import type { LocalResourceClient } from '../client/local-client.js';
import type { LcmConfig } from '../config/index.js';
import type { SecretSource } from '../controllers/workers/secret-source.js';
import type { Logger, Registry } from '../observability/index.js';
import { Manager } from '../runtime/index.js';
import { createController, type ControllerProviders } from './controller-catalogue.js';

/** Controllers whose writes are not audited (see below). */
const UNAUDITED: ReadonlySet<string> = new Set(['events']);

export interface RunningControllers {
  stop(): Promise<void>;
}

export function runControllers(options: {
  names: readonly string[];
  local: LocalResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  config: Readonly<LcmConfig>;
  providers: ControllerProviders;
  secrets: SecretSource;
  /** The deployment's URL (CloudEvents `source`). */
  publicUrl: string;
  /** Compete for the controllers' Lease (several replicas on one PostgreSQL). @default false */
  leaderElection: boolean;
}): RunningControllers {
  const manager = new Manager({
    client: options.local,
    clock: options.clock,
    logger: options.logger,
    ...(options.leaderElection
      ? {
          leaderElection: {
            leaseName: 'lcm-controllers',
            identity: `${hostname()}-${process.pid}`,
          },
        }
      : {}),
  });
  for (const name of options.names) {
    const id = `system:controller:${name}`;
    manager.add(
      createController(name, {
        // The event feed writes only its delivery cursors: bookkeeping, not an operator's change.
        client: UNAUDITED.has(name)
          ? options.local
          : options.local.withAudit({ actor: { id, username: id, via: 'system' } }),
        publicUrl: options.publicUrl,
        clock: options.clock,
        logger: options.logger,
        metrics: options.metrics,
        config: options.config,
        providers: options.providers,
        secrets: options.secrets,
      }),
    );
  }
  const abort = new AbortController();
  const running = manager.start(abort.signal).catch((error: unknown) => {
    options.logger.error({ err: error }, 'controller manager failed');
  });
  return {
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}
