/** API keys `lcm_<keyId>_<secret>`: generation, parsing and constant-time secret checks. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_ID_BYTES = 6;
const SECRET_BYTES = 32;
/** `keyId` is 12 lowercase hex chars; the secret is 32 bytes of base64url (43 chars, no padding). */
const API_KEY = /^lcm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const SECRET_HASH = /^sha256\$([0-9a-f]{64})$/;

/** A freshly generated API key. Show `key` once to its owner; store only `keyId` and `secretHash`. */
export interface GeneratedApiKey {
  /** 12 lowercase hex chars; public, safe as a DNS-1123 resource name suffix. */
  keyId: string;
  /** The full bearer credential `lcm_<keyId>_<secret>`. */
  key: string;
  /** `sha256$<hex>` of the secret, for {@link verifyApiKeySecret}. */
  secretHash: string;
}

/** Generates a new API key with a random `keyId` and a 32-byte random secret. */
export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(KEY_ID_BYTES).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { keyId, key: `lcm_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/**
 * Splits `key` into its `keyId` and `secret`, or returns `undefined` when it is not shaped like an
 * LCM API key (so callers can try other credential types).
 */
export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = API_KEY.exec(key);
  if (!match?.[1] || !match[2]) return undefined;
  return { keyId: match[1], secret: match[2] };
}

/**
 * True when `secret` hashes to `secretHash` (from {@link generateApiKey}); compares in constant
 * time and returns false for a malformed `secretHash`.
 */
export function verifyApiKeySecret(secret: string, secretHash: string): boolean {
  const match = SECRET_HASH.exec(secretHash);
  if (!match?.[1]) return false;
  const expected = Buffer.from(match[1], 'hex');
  const actual = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(actual, expected);
}

// A plain SHA-256 is enough here, unlike passwords: the secret is 256 random bits, so a leaked
// hash cannot be brute-forced, and a fast check keeps per-request API-key auth cheap.
function hashSecret(secret: string): string {
  return `sha256$${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}
