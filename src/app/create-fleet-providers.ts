/**
 * The controllers' view of a ProviderSet: the same clouds, CML clients, LDS and grading engine,
 * plus where a simulated instance's CML answers (its own cml-sim, stopped once the worker is
 * Terminated).
 */
import { defaultCmlEndpoint } from '../controllers/workers/fleet-providers.js';
import type { ControllerProviders } from './controller-catalogue.js';
import type { ProviderSet } from './provider-set.js';

export function createFleetProviders(set: ProviderSet): ControllerProviders {
  return {
    lds: set.lds,
    grading: set.grading,
    cloudFor: (provider) => set.cloudFor(provider),
    cmlFor: (endpoint, options) => set.cmlFor(endpoint, options),
    cmlEndpointFor: async (instance, provider) =>
      provider === 'sim' ? set.simulatedCml.endpointFor(instance.id) : defaultCmlEndpoint(instance),
    releaseCmlEndpoint: async (instanceId, provider) => {
      if (provider === 'sim') await set.simulatedCml.release(instanceId);
    },
  };
}
