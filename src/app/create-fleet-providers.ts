/**
 * The workers controller's view of a ProviderSet: the same clouds and CML clients, plus where a
 * simulated instance's CML answers (its own cml-sim, stopped once the worker is Terminated).
 */
import { defaultCmlEndpoint, type FleetProviders } from '../controllers/workers/fleet-providers.js';
import type { ProviderSet } from './provider-set.js';

export function createFleetProviders(set: ProviderSet): FleetProviders {
  return {
    cloudFor: (provider) => set.cloudFor(provider),
    cmlFor: (endpoint, options) => set.cmlFor(endpoint, options),
    cmlEndpointFor: async (instance, provider) =>
      provider === 'sim' ? set.simulatedCml.endpointFor(instance.id) : defaultCmlEndpoint(instance),
    releaseCmlEndpoint: async (instanceId, provider) => {
      if (provider === 'sim') await set.simulatedCml.release(instanceId);
    },
  };
}
