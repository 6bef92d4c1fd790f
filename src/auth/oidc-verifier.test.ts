/** Tests for OIDC token verification against a real loopback issuer serving discovery and JWKS. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { OidcVerifier, type OidcVerifierOptions } from './oidc-verifier.js';

const AUDIENCE = 'lcm-api';

interface FakeIssuer {
  url: string;
  /** Requests served, by path, to check caching. */
  hits: Map<string, number>;
  sign(
    claims: JWTPayload,
    options?: { key?: CryptoKey; kid?: string; ttlSeconds?: number },
  ): Promise<string>;
}

const servers: Server[] = [];
let clock: ManualClock;

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A minimal OIDC provider: discovery document, one RS256 key in its JWKS, and a token signer. */
async function startIssuer(realmPath = '/realms/lcm'): Promise<FakeIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }],
  };
  const hits = new Map<string, number>();
  let base = '';
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body =
      path === `${realmPath}/.well-known/openid-configuration`
        ? {
            issuer: `${base}${realmPath}`,
            jwks_uri: `${base}${realmPath}/protocol/openid-connect/certs`,
          }
        : path === `${realmPath}/protocol/openid-connect/certs`
          ? jwks
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  base = await listen(server);
  const url = `${base}${realmPath}`;
  return {
    url,
    hits,
    sign: (claims, { key = privateKey, kid = 'key-1', ttlSeconds = 300 } = {}) =>
      new SignJWT({ preferred_username: 'alice', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(url)
        .setAudience(AUDIENCE)
        .setSubject('f3b1c1e2-user-id')
        .setIssuedAt(clock.now())
        .setExpirationTime(clock.nowMs() / 1000 + ttlSeconds)
        .sign(key),
  };
}

function newVerifier(issuer: string, overrides: Partial<OidcVerifierOptions> = {}): OidcVerifier {
  return new OidcVerifier({
    issuer,
    audience: AUDIENCE,
    rolesClaim: 'realm_access.roles',
    usernameClaim: 'preferred_username',
    clock,
    ...overrides,
  });
}

beforeEach(() => {
  clock = new ManualClock();
});

afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .filter((s) => s.listening)
      .map(closeServer),
  );
});

describe('OidcVerifier', () => {
  it('accepts a Keycloak-shaped token and maps sub, username and realm roles', async () => {
    const issuer = await startIssuer();
    const token = await issuer.sign({
      realm_access: { roles: ['manager', 'user', 'offline_access', 'uma_authorization'] },
    });
    await expect(newVerifier(issuer.url).verify(token)).resolves.toEqual({
      id: 'f3b1c1e2-user-id',
      username: 'alice',
      roles: ['manager', 'user'],
      via: 'oidc',
    });
  });

  it('reads roles and username from custom dot paths', async () => {
    const issuer = await startIssuer();
    const token = await issuer.sign({
      resource_access: { 'lcm-api': { roles: ['author'] } },
      profile: { login: 'a.lice' },
    });
    const verifier = newVerifier(issuer.url, {
      rolesClaim: 'resource_access.lcm-api.roles',
      usernameClaim: 'profile.login',
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      username: 'a.lice',
      roles: ['author'],
    });
  });

  it('drops unknown roles and yields no roles when the claim is missing or misshapen', async () => {
    const issuer = await startIssuer();
    const verifier = newVerifier(issuer.url);
    const cases: [JWTPayload, string[]][] = [
      [{ realm_access: { roles: ['superadmin', 'ADMIN', 42, 'user', 'user'] } }, ['user']],
      [{}, []],
      [{ realm_access: 'admin' }, []],
      [{ realm_access: { roles: { admin: true } } }, []],
    ];
    for (const [claims, roles] of cases)
      await expect(verifier.verify(await issuer.sign(claims))).resolves.toMatchObject({ roles });
  });

  it('rejects a token for another audience as Unauthorized', async () => {
    const issuer = await startIssuer();
    const token = await issuer.sign({});
    const verifier = newVerifier(issuer.url, { audience: 'some-other-client' });
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('rejects a token from another issuer as Unauthorized', async () => {
    const issuer = await startIssuer();
    const token = await issuer.sign({});
    const verifier = newVerifier(issuer.url, {
      issuer: `${issuer.url}-other`,
      jwksUrl: `${issuer.url}/protocol/openid-connect/certs`,
    });
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('rejects an expired token once the clock passes exp', async () => {
    const issuer = await startIssuer();
    const token = await issuer.sign({}, { ttlSeconds: 60 });
    const verifier = newVerifier(issuer.url);
    await expect(verifier.verify(token)).resolves.toMatchObject({ via: 'oidc' });
    await clock.advance(61_000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('rejects tokens signed by a key the issuer does not publish', async () => {
    const issuer = await startIssuer();
    const { privateKey: strangerKey } = await generateKeyPair('RS256');
    const verifier = newVerifier(issuer.url);
    for (const kid of ['key-1', 'unknown-kid']) {
      const token = await issuer.sign(
        { realm_access: { roles: ['admin'] } },
        { key: strangerKey, kid },
      );
      await expect(verifier.verify(token), kid).rejects.toMatchObject({ reason: 'Unauthorized' });
    }
  });

  it('rejects malformed tokens as Unauthorized', async () => {
    const issuer = await startIssuer();
    const verifier = newVerifier(issuer.url);
    for (const token of ['', 'abc', 'a.b.c'])
      await expect(verifier.verify(token), token).rejects.toMatchObject({ reason: 'Unauthorized' });
  });

  it('discovers the JWKS URL once and reuses it', async () => {
    const issuer = await startIssuer();
    const verifier = newVerifier(issuer.url);
    for (let i = 0; i < 3; i++) await verifier.verify(await issuer.sign({}));
    expect(issuer.hits.get('/realms/lcm/.well-known/openid-configuration')).toBe(1);
    expect(issuer.hits.get('/realms/lcm/protocol/openid-connect/certs')).toBe(1);
  });

  it('uses a configured jwksUrl without discovery', async () => {
    const issuer = await startIssuer();
    const verifier = newVerifier(issuer.url, {
      jwksUrl: `${issuer.url}/protocol/openid-connect/certs`,
    });
    await expect(verifier.verify(await issuer.sign({}))).resolves.toMatchObject({ via: 'oidc' });
    expect(issuer.hits.has('/realms/lcm/.well-known/openid-configuration')).toBe(false);
  });

  it('reports an unreachable issuer as Unavailable and retries discovery later', async () => {
    const issuer = await startIssuer();
    const token = await issuer.sign({});
    const down = await listen(createServer());
    await closeServer(servers.pop() as Server);
    const verifier = newVerifier(down);
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'Unavailable' });
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'Unavailable' });
  });

  it('reports a failing discovery endpoint or JWKS as Unavailable', async () => {
    const issuer = await startIssuer();
    const token = await issuer.sign({});
    const noDiscovery = newVerifier(`${issuer.url}/missing`);
    const noJwks = newVerifier(issuer.url, { jwksUrl: `${issuer.url}/missing-certs` });
    await expect(noDiscovery.verify(token)).rejects.toMatchObject({ reason: 'Unavailable' });
    await expect(noJwks.verify(token)).rejects.toMatchObject({ reason: 'Unavailable' });
  });

  it('refuses a jwksUrl that is not a URL with Invalid', () => {
    expect(() => newVerifier('https://idp.example/realms/lcm', { jwksUrl: 'not a url' })).toThrow(
      expect.objectContaining({ reason: 'Invalid', details: { field: 'jwksUrl' } }),
    );
  });
});
