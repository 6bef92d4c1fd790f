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
 * Creates a fresh `controller` key, then revokes the simulators' keys left by earlier starts, and
 * returns the new key (`lcm_<keyId>_<secret>`); only its hash is stored. A new key first, so a
 * shared simulator host is never without a valid one for longer than it takes to hand it over.
 */
export async function replaceSimulatorApiKey(client: ResourceClient): Promise<string> {
  const { items } = await client.list('ApiKey');
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
  for (const key of items as unknown as ApiKey[])
    if (key.spec.description === SIMULATOR_KEY_DESCRIPTION)
      await ignoreNotFound(client.delete('ApiKey', key.metadata.name));
  return generated.key;
}
