/**
 * First-start setup of the built-in issuer: its signing key (shared by all API replicas through the
 * store) and the first `admin` user. Both are create-if-absent, so racing replicas agree.
 */
import { randomBytes } from 'node:crypto';
import {
  generateSigningKeyMaterial,
  hashPassword,
  type SigningKeyMaterial,
} from '../../auth/index.js';
import { hasReason } from '../../errors/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { SigningKey } from '../../resources/kinds/signing-key.js';

const SIGNING_KEY_NAME = 'builtin-issuer';

export async function ensureSigningKey(client: ResourceClient): Promise<SigningKeyMaterial> {
  try {
    return toMaterial((await client.get('SigningKey', SIGNING_KEY_NAME)) as unknown as SigningKey);
  } catch (error) {
    if (!hasReason(error, 'NotFound')) throw error;
  }
  const material = await generateSigningKeyMaterial();
  try {
    await client.create({
      apiVersion: 'lcm/v1',
      kind: 'SigningKey',
      metadata: { name: SIGNING_KEY_NAME },
      spec: { ...material },
    });
    return material;
  } catch (error) {
    if (!hasReason(error, 'AlreadyExists')) throw error;
    return toMaterial((await client.get('SigningKey', SIGNING_KEY_NAME)) as unknown as SigningKey);
  }
}

function toMaterial(key: SigningKey): SigningKeyMaterial {
  return key.spec;
}

export interface BootstrapAdminResult {
  /** Set when an admin was created with a generated password: show it to the operator once. */
  generatedPassword?: string;
  created: boolean;
}

/** Creates `admin` when no user exists yet. */
export async function ensureBootstrapAdmin(
  client: ResourceClient,
  options: { password?: string | undefined },
): Promise<BootstrapAdminResult> {
  const existing = await client.list('User', { limit: 1 });
  if (existing.items.length > 0) return { created: false };
  const password = options.password ?? randomBytes(18).toString('base64url');
  try {
    await client.create({
      apiVersion: 'lcm/v1',
      kind: 'User',
      metadata: { name: 'admin' },
      spec: { roles: ['admin'], passwordHash: await hashPassword(password), disabled: false },
    });
  } catch (error) {
    if (hasReason(error, 'AlreadyExists')) return { created: false };
    throw error;
  }
  return options.password ? { created: true } : { created: true, generatedPassword: password };
}
