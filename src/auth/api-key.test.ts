/** Tests for API key generation, parsing and secret verification. */
import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey, verifyApiKeySecret } from './api-key.js';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('generateApiKey', () => {
  it('produces lcm_<keyId>_<secret> with a 12-hex keyId and a 32-byte base64url secret', () => {
    const { keyId, key, secretHash } = generateApiKey();
    expect(keyId).toMatch(/^[0-9a-f]{12}$/);
    expect(keyId).toMatch(DNS_1123_LABEL);
    expect(key.startsWith(`lcm_${keyId}_`)).toBe(true);
    const secret = key.slice(`lcm_${keyId}_`.length);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(secretHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(secretHash).not.toContain(secret);
  });

  it('generates distinct ids and secrets each time', () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(50);
    expect(new Set(keys.map((k) => k.key)).size).toBe(50);
  });
});

describe('parseApiKey', () => {
  it('round-trips a generated key, including secrets that contain underscores', () => {
    for (let i = 0; i < 200; i++) {
      const { keyId, key } = generateApiKey();
      const parsed = parseApiKey(key);
      expect(parsed?.keyId).toBe(keyId);
      expect(`lcm_${keyId}_${parsed?.secret ?? ''}`).toBe(key);
    }
  });

  it('returns undefined for anything not shaped like an API key', () => {
    const { key } = generateApiKey();
    const notKeys = [
      '',
      'lcm_',
      key.slice(0, -1),
      `${key}A`,
      key.replace('lcm_', 'LCM_'),
      key.replace(/^lcm_[0-9a-f]{12}/, 'lcm_ABCDEF012345'),
      key.replace(/^lcm_[0-9a-f]{12}/, 'lcm_0123456789a'),
      `Bearer ${key}`,
      'eyJhbGciOiJFUzI1NiJ9.e30.sig',
    ];
    for (const value of notKeys) expect(parseApiKey(value), value).toBeUndefined();
  });
});

describe('verifyApiKeySecret', () => {
  it('accepts the secret of the key the hash was generated for and nothing else', () => {
    const first = generateApiKey();
    const second = generateApiKey();
    const secret = parseApiKey(first.key)?.secret ?? '';
    const otherSecret = parseApiKey(second.key)?.secret ?? '';
    expect(verifyApiKeySecret(secret, first.secretHash)).toBe(true);
    expect(verifyApiKeySecret(otherSecret, first.secretHash)).toBe(false);
    expect(verifyApiKeySecret(secret, second.secretHash)).toBe(false);
  });

  it('returns false for malformed hashes instead of throwing', () => {
    const { key } = generateApiKey();
    const secret = parseApiKey(key)?.secret ?? '';
    for (const hash of [
      '',
      'sha256$',
      'sha256$abc',
      `md5$${'0'.repeat(64)}`,
      `sha256$${'G'.repeat(64)}`,
    ])
      expect(verifyApiKeySecret(secret, hash), hash).toBe(false);
  });
});
