/** Tests for the built-in ES256 issuer: round trip, clock-driven expiry and every rejection. */
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import {
  BuiltInIssuer,
  generateSigningKeyMaterial,
  type BuiltInIssuerOptions,
} from './builtin-issuer.js';

const ALICE = { id: 'alice', username: 'Alice', roles: ['author', 'user'] as const };

async function newIssuer(overrides: Partial<BuiltInIssuerOptions> = {}): Promise<{
  issuer: BuiltInIssuer;
  clock: ManualClock;
  options: BuiltInIssuerOptions;
}> {
  const clock = new ManualClock();
  const options: BuiltInIssuerOptions = {
    key: await generateSigningKeyMaterial(),
    issuer: 'lcm',
    audience: 'lcm-api',
    tokenTtlSeconds: 3600,
    clock,
    ...overrides,
  };
  return { issuer: await BuiltInIssuer.create(options), clock, options };
}

describe('generateSigningKeyMaterial', () => {
  it('produces a P-256 key pair whose kid is set on both JWKs', async () => {
    const key = await generateSigningKeyMaterial();
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256' });
    expect(key.privateJwk).toMatchObject({ kty: 'EC', kid: key.kid });
    expect(key.privateJwk.d).toBeTypeOf('string');
    expect(key.publicJwk.d).toBeUndefined();
    expect(JSON.parse(JSON.stringify(key))).toEqual(key);
  });
});

describe('BuiltInIssuer', () => {
  it('issues a token that verifies back to the same principal, via password', async () => {
    const { issuer } = await newIssuer();
    const { token } = await issuer.issue(ALICE);
    await expect(issuer.verify(token)).resolves.toEqual({
      id: 'alice',
      username: 'Alice',
      roles: ['author', 'user'],
      via: 'password',
    });
  });

  it('writes sub, preferred_username, roles, iss, aud, iat and exp from the clock', async () => {
    const { issuer, clock, options } = await newIssuer({ tokenTtlSeconds: 900 });
    const { token, expiresAt } = await issuer.issue(ALICE);
    const nowSeconds = clock.nowMs() / 1000;
    expect(decodeJwt(token)).toEqual({
      sub: 'alice',
      preferred_username: 'Alice',
      roles: ['author', 'user'],
      iss: 'lcm',
      aud: 'lcm-api',
      iat: nowSeconds,
      exp: nowSeconds + 900,
    });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: options.key.kid });
    expect(expiresAt).toBe(new Date(clock.nowMs() + 900_000).toISOString());
  });

  it('accepts a token until its expiry and rejects it as Unauthorized afterwards', async () => {
    const { issuer, clock } = await newIssuer({ tokenTtlSeconds: 60 });
    const { token } = await issuer.issue(ALICE);
    await clock.advance(59_000);
    await expect(issuer.verify(token)).resolves.toMatchObject({ id: 'alice' });
    await clock.advance(1_000);
    await expect(issuer.verify(token)).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('rejects tokens signed with another key', async () => {
    const { issuer } = await newIssuer();
    const { issuer: other } = await newIssuer();
    const { token } = await other.issue(ALICE);
    await expect(issuer.verify(token)).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('rejects tokens for another issuer or audience signed with the same key', async () => {
    const { issuer, options } = await newIssuer();
    const wrongIssuer = await BuiltInIssuer.create({ ...options, issuer: 'someone-else' });
    const wrongAudience = await BuiltInIssuer.create({ ...options, audience: 'other-api' });
    for (const source of [wrongIssuer, wrongAudience]) {
      const { token } = await source.issue(ALICE);
      await expect(issuer.verify(token)).rejects.toMatchObject({ reason: 'Unauthorized' });
    }
  });

  it('rejects tampered and malformed tokens', async () => {
    const { issuer } = await newIssuer();
    const { token } = await issuer.issue(ALICE);
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...decodeJwt(token), roles: ['admin'] }),
    ).toString('base64url');
    for (const bad of [`${header}.${forgedPayload}.${signature}`, 'not-a-jwt', '', `${token}x`])
      await expect(issuer.verify(bad), bad).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('rejects a validly signed token whose claims are not shaped like ours', async () => {
    const { issuer, clock, options } = await newIssuer();
    const key = await importJWK(options.key.privateJwk, 'ES256');
    const token = await new SignJWT({ roles: 'admin' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('mallory')
      .setIssuer('lcm')
      .setAudience('lcm-api')
      .setIssuedAt(clock.now())
      .setExpirationTime(clock.nowMs() / 1000 + 60)
      .sign(key);
    await expect(issuer.verify(token)).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('drops role names it does not know', async () => {
    const { issuer } = await newIssuer();
    const { token } = await issuer.issue({
      ...ALICE,
      roles: ['user', 'superuser'] as unknown as readonly ['user'],
    });
    await expect(issuer.verify(token)).resolves.toMatchObject({ roles: ['user'] });
  });

  it('refuses unusable key material and token lifetimes with Invalid', async () => {
    const key = await generateSigningKeyMaterial();
    const base = { key, issuer: 'lcm', audience: 'lcm-api', tokenTtlSeconds: 60 };
    const clock = new ManualClock();
    await expect(
      BuiltInIssuer.create({ ...base, clock, key: { ...key, privateJwk: { kty: 'EC' } } }),
    ).rejects.toMatchObject({ reason: 'Invalid', details: { field: 'key.privateJwk' } });
    await expect(
      BuiltInIssuer.create({ ...base, clock, tokenTtlSeconds: 0 }),
    ).rejects.toMatchObject({ reason: 'Invalid', details: { field: 'tokenTtlSeconds' } });
  });
});
