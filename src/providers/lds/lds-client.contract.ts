/**
 * The LdsClient contract suite: what every LdsClient must do against an LDS (the lds-sim, or a
 * real deployment when credentials are configured; simulator-only cases are skipped there).
 */
import type { CloudEventV1 } from 'cloudevents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasReason } from '../../errors/index.js';
import { buildLdsSessionCreate } from './build-lds-session-create.js';
import type { LdsClient } from './lds-client.js';

/** Hooks only a simulator offers: faults, student actions and the event sink. */
export interface LdsSimulatorHooks {
  /** Makes the next request whose path contains `path` fail with `status`. */
  failNext(fault: { path: string; status: number }): void;
  /** Makes every request hang until the connection closes. */
  hang(): void;
  /** The same LDS with a client timeout of about 100 ms. */
  impatientClient: LdsClient;
  /** What the student's browser does with the launch URL. */
  openLaunchUrl(url: string): Promise<void>;
  /** The student presses "finish". */
  finish(sessionId: string): Promise<void>;
  /** Waits (bounded) until the sink accepted `count` events; resolves with all of them. */
  waitForEvents(count: number): Promise<{ event: CloudEventV1<unknown>; mode: string }[]>;
  /** The events' expected `source`. */
  source: string;
  /** Which CloudEvents HTTP mode the LDS sends. */
  eventMode: 'structured' | 'binary';
}

export interface LdsContractContext {
  client: LdsClient;
  /** The region `client` serves. */
  region: string;
  /** A client for the same LDS with a wrong password. */
  badCredentialsClient: LdsClient;
  sim?: LdsSimulatorHooks;
  close(): Promise<void>;
}

export interface LdsContractOptions {
  /** True when `newContext` provides `sim` hooks. */
  simulated: boolean;
  newContext(): Promise<LdsContractContext>;
}

const FQN = 'Exam Associate CCNA v1.1 LAB 1.3a';

export function describeLdsClientContract(name: string, options: LdsContractOptions): void {
  describe(`LdsClient contract: ${name}`, () => {
    let ctx: LdsContractContext;
    beforeEach(async () => {
      ctx = await options.newContext();
    });
    afterEach(async () => {
      await ctx.close();
    });

    async function createSession(sessionName = 'default-s1'): Promise<string> {
      const session = buildLdsSessionCreate({
        sessionName,
        formQualifiedName: FQN,
        scheduledAt: new Date('2026-01-01T10:00:00Z'),
      });
      const created = await ctx.client.createSession({ region: ctx.region, session });
      return created.session_id;
    }

    it('creates a pending session with one part for the form', async () => {
      const session = buildLdsSessionCreate({
        sessionName: 'default-s1',
        formQualifiedName: FQN,
        scheduledAt: new Date('2026-01-01T10:00:00Z'),
      });
      const created = await ctx.client.createSession({ region: ctx.region, session });
      expect(created.message).toBe('Session created');
      expect(created.location).toContain(created.session_id);
      const read = await ctx.client.getSession({
        region: ctx.region,
        sessionId: created.session_id,
      });
      expect(read).toMatchObject({
        id: created.session_id,
        state: 'SESSION_PENDING',
        is_finalized: false,
        auth_id: 'default-s1',
        current_session_part: 1,
        log_id: `SID=${created.session_id}`,
      });
      expect(read.session_parts).toHaveLength(1);
      expect(read.session_parts[0]).toMatchObject({
        form_qualified_name: FQN,
        repository_type: 'minio',
        session_part_state: 'SESSION_PART_PENDING',
      });
    });

    it('replaces the devices of a part and returns what it stored', async () => {
      const sessionId = await createSession();
      const ref = { region: ctx.region, sessionId, part: 1 };
      await ctx.client.setDevices({
        ...ref,
        devices: [{ device_label: 'old', protocol: 'ssh', host: '10.0.0.5', port: 2200 }],
      });
      const stored = await ctx.client.setDevices({
        ...ref,
        devices: [
          { device_label: 'R1', protocol: 'telnet', host: '10.0.0.5', port: 5001 },
          { device_label: 'PC1', protocol: 'vnc', host: '10.0.0.5', port: 5901, password: 'pw' },
        ],
      });
      expect(stored.map((device) => device.device_label)).toEqual(['R1', 'PC1']);
      expect(stored[1]).toMatchObject({ protocol: 'vnc', port: 5901, password: 'pw' });
    });

    it('rejects duplicate device labels in one part as Invalid', async () => {
      const sessionId = await createSession();
      const device = { device_label: 'R1', protocol: 'telnet', host: '10.0.0.5', port: 5001 };
      const error = await ctx.client
        .setDevices({ region: ctx.region, sessionId, part: 1, devices: [device, device] })
        .catch((caught: unknown) => caught);
      expect(hasReason(error, 'Invalid')).toBe(true);
    });

    it('hands out a launch URL with a token and moves the session to prelaunch', async () => {
      const sessionId = await createSession();
      const url = await ctx.client.getLaunchUrl({ region: ctx.region, sessionId });
      expect(new URL(url).searchParams.get('token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const read = await ctx.client.getSession({ region: ctx.region, sessionId });
      expect(read.state).toBe('SESSION_PRELAUNCH');
    });

    it('finalizes a released session and accepts a second release', async () => {
      const sessionId = await createSession();
      await ctx.client.releaseSession({ region: ctx.region, sessionId });
      await ctx.client.releaseSession({ region: ctx.region, sessionId });
      const read = await ctx.client.getSession({ region: ctx.region, sessionId });
      expect(read.is_finalized).toBe(true);
    });

    it('reports an unknown session or part as NotFound', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const get = await ctx.client
        .getSession({ region: ctx.region, sessionId: unknown })
        .catch((caught: unknown) => caught);
      expect(hasReason(get, 'NotFound')).toBe(true);
      const sessionId = await createSession();
      const part = await ctx.client
        .setDevices({ region: ctx.region, sessionId, part: 2, devices: [] })
        .catch((caught: unknown) => caught);
      expect(hasReason(part, 'NotFound')).toBe(true);
    });

    it('reports wrong credentials as Unauthorized', async () => {
      const error = await ctx.badCredentialsClient
        .getSession({ region: ctx.region, sessionId: 'any' })
        .catch((caught: unknown) => caught);
      expect(hasReason(error, 'Unauthorized')).toBe(true);
    });

    describe.skipIf(!options.simulated)(
      'with simulator hooks (skipped against a real LDS: faults and student actions need the simulator)',
      () => {
        it('reports an injected 5xx as Unavailable', async () => {
          ctx.sim?.failNext({ path: '/lab_session', status: 503 });
          const error = await createSession().catch((caught: unknown) => caught);
          expect(hasReason(error, 'Unavailable')).toBe(true);
        });

        it('reports a hanging LDS as Unavailable once the client timeout passes', async () => {
          const sim = ctx.sim;
          if (!sim) throw new Error('simulator hooks missing');
          sim.hang();
          const error = await sim.impatientClient
            .getSession({ region: ctx.region, sessionId: 'any' })
            .catch((caught: unknown) => caught);
          expect(hasReason(error, 'Unavailable')).toBe(true);
        });

        it('emits started, user-finished and ended CloudEvents carrying the LDS session id', async () => {
          const sim = ctx.sim;
          if (!sim) throw new Error('simulator hooks missing');
          const sessionId = await createSession('default-s7');
          const url = await ctx.client.getLaunchUrl({ region: ctx.region, sessionId });
          await sim.openLaunchUrl(url);
          expect((await ctx.client.getSession({ region: ctx.region, sessionId })).state).toBe(
            'SESSION_RUNNING',
          );
          await sim.finish(sessionId);
          await ctx.client.releaseSession({ region: ctx.region, sessionId });
          const received = await sim.waitForEvents(3);
          expect(received.map((entry) => entry.event.type)).toEqual([
            'lds.session.started',
            'lds.session.user-finished',
            'lds.session.ended',
          ]);
          for (const { event, mode } of received) {
            expect(mode).toBe(sim.eventMode);
            expect(event.source).toBe(sim.source);
            expect(event.subject).toBe(sessionId);
            expect(event.data).toMatchObject({
              lds_session_id: sessionId,
              session_id: sessionId,
              auth_id: 'default-s7',
            });
          }
          expect(new Set(received.map((entry) => entry.event.id)).size).toBe(3);
        });
      },
    );
  });
}
