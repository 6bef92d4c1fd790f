/**
 * The failure half of the CmlClient contract: token expiry and re-authentication, bad
 * credentials, injected 5xx and hangs, each surfacing as the documented `LcmError` reason.
 */
import { describe, expect, it } from 'vitest';
import { hasReason } from '../../errors/index.js';
import { requireControls, type CmlContractContext } from './cml-contract-world.js';

export function describeCmlFailureContract(context: CmlContractContext): void {
  describe('failures', () => {
    it('authenticates again transparently once the token has expired', async (test) => {
      const world = await context.open();
      const controls = requireControls(world, test);
      const client = world.createClient();
      await client.listLabs();
      const before = controls.authenticationCount();
      await controls.expireTokens();
      expect(await client.listLabs()).toEqual([]);
      expect(controls.authenticationCount()).toBe(before + 1);
    });

    it('shares one re-authentication between concurrent calls that hit an expired token', async (test) => {
      const world = await context.open();
      const controls = requireControls(world, test);
      const client = world.createClient();
      await client.listLabs();
      const before = controls.authenticationCount();
      await controls.expireTokens();
      await Promise.all([1, 2, 3, 4, 5].map(() => client.listLabs()));
      expect(controls.authenticationCount()).toBe(before + 1);
    });

    it('reports Unauthorized when the fresh token is refused too, after one re-authentication', async (test) => {
      const world = await context.open();
      const controls = requireControls(world, test);
      const client = world.createClient();
      await client.listLabs();
      const before = controls.authenticationCount();
      await controls.failNext({ method: 'GET', path: '/api/v0/labs', status: 401, count: 2 });
      await expect(client.listLabs()).rejects.toSatisfy((error) =>
        hasReason(error, 'Unauthorized'),
      );
      expect(controls.authenticationCount()).toBe(before + 1);
      expect(await client.listLabs()).toEqual([]);
    });

    it('reports Unauthorized for a wrong password, on every call', async () => {
      const world = await context.open();
      const client = world.createClient({ password: 'wrong-password' });
      await expect(client.authenticate()).rejects.toSatisfy((error) =>
        hasReason(error, 'Unauthorized'),
      );
      await expect(client.listLabs()).rejects.toSatisfy((error) =>
        hasReason(error, 'Unauthorized'),
      );
    });

    it('maps an injected 503 to a retryable Unavailable and succeeds on the next call', async (test) => {
      const world = await context.open();
      const controls = requireControls(world, test);
      const client = world.createClient();
      await controls.failNext({ method: 'GET', path: '/api/v0/system_stats', status: 503 });
      const failure: unknown = await client.systemStats().catch((error: unknown) => error);
      expect(hasReason(failure, 'Unavailable')).toBe(true);
      expect((failure as { details?: { retryable?: boolean } }).details?.retryable).toBe(true);
      expect((await client.systemStats()).all.cpu.count).toBeGreaterThan(0);
    });

    it('gives up on a call that gets no answer after timeoutMs, with Unavailable', async (test) => {
      const world = await context.open();
      const controls = requireControls(world, test);
      const client = world.createClient({ timeoutMs: 200 });
      await client.authenticate();
      await controls.hang();
      await expect(client.listLabs()).rejects.toSatisfy((error) => hasReason(error, 'Unavailable'));
    });
  });
}
