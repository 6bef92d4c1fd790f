/**
 * What the workers controller needs from the outside world: a cloud per template provider and a
 * CML client per worker endpoint. `app/` passes its ProviderSet (plus the simulated-CML hooks).
 */
import type { CloudInstance, CloudProvider } from '../../providers/cloud/cloud-provider.js';
import type { CmlClient } from '../../providers/cml/cml-client.js';
import type { WorkerTemplateSpec } from '../../resources/kinds/worker-template.js';

/** A WorkerTemplate's `spec.provider`. */
export type FleetProvider = WorkerTemplateSpec['provider'];

/**
 * The clouds and CML servers of the fleet. `app/`'s `ProviderSet` satisfies the required part;
 * the optional hooks exist for simulated workers, whose CML is not at the instance's IP.
 */
export interface FleetProviders {
  /** The cloud of a template's `provider`. Throws `Invalid` when that cloud is not configured. */
  cloudFor(provider: FleetProvider): CloudProvider;
  /** A CML client for a worker's endpoint; the same client for the same endpoint (token cached). */
  cmlFor(endpoint: string, options?: { insecureTls?: boolean }): CmlClient;
  /**
   * The CML base URL of a running instance; `undefined` while it has no address yet.
   * @default {@link defaultCmlEndpoint}: `https://<publicIp or privateIp>`
   */
  cmlEndpointFor?(instance: CloudInstance, provider: FleetProvider): Promise<string | undefined>;
  /**
   * Called once the worker of `instanceId` is Terminated (possibly more than once: idempotent),
   * so a simulated CML can be stopped. @default nothing to release
   */
  releaseCmlEndpoint?(instanceId: string, provider: FleetProvider): Promise<void>;
}

/** A real worker's CML answers on HTTPS at the instance's address (public first). */
export function defaultCmlEndpoint(instance: CloudInstance): string | undefined {
  const address = instance.publicIp ?? instance.privateIp;
  return address === undefined ? undefined : `https://${address}`;
}
