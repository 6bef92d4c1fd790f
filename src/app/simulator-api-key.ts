/** The API key `lcm serve` gives its simulators to post CloudEvents to its own `POST /api/events`. */
import { apiKeyName } from '../api/auth/authenticator.js';
import { generateApiKey, systemPrincipal } from '../auth/index.js';
import type { ResourceClient } from '../client/resource-client.js';
import { ignoreNotFound } from '../errors/index.js';
import { API_VERSION } from '../resources/index.js';
import type { ApiKey } from '../resources/kinds/api-key.js';

/** The description that marks the simulators' key, so the next start finds and revokes it. */
const SIMULATOR_KEY_DESCRIPTION = 'simulators';

/**
 * Revokes the simulators' keys left by earlier starts, creates a fresh `controller` key and returns
 * it (`lcm_<keyId>_<secret>`); only its hash is stored.
 */
export async function replaceSimulatorApiKey(client: ResourceClient): Promise<string> {
  const { items } = await client.list('ApiKey');
  for (const key of items as unknown as ApiKey[])
    if (key.spec.description === SIMULATOR_KEY_DESCRIPTION)
      await ignoreNotFound(client.delete('ApiKey', key.metadata.name));
  const generated = generateApiKey();
  await client.create({
    apiVersion: API_VERSION,
    kind: 'ApiKey',
    metadata: { name: apiKeyName(generated.keyId) },
    spec: {
      role: 'controller',
      secretHash: generated.secretHash,
      description: SIMULATOR_KEY_DESCRIPTION,
      createdBy: systemPrincipal('serve').id,
    },
  });
  return generated.key;
}
