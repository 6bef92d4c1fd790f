/**
 * The GradingClient contract suite: what every GradingClient must do against a grading engine (the
 * grading-sim, or a real engine when credentials are configured; simulator-only cases skip there).
 */
import type { CloudEventV1 } from 'cloudevents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasReason } from '../../errors/index.js';
import type { GradingClient, GradingPod } from './grading-client.js';

/** Hooks only a simulator offers: faults, simulated time, rulesets and the event sink. */
export interface GradingSimulatorHooks {
  failNext(fault: { path: string; status: number }): void;
  hang(): void;
  /** The same engine with a client timeout of about 100 ms. */
  impatientClient: GradingClient;
  /** Moves simulated time past one whole grading run. */
  advanceThroughGrading(): Promise<void>;
  /** The next grading run ends in `grading.session.failed` with `reason`. */
  failNextGrading(reason: string): void;
  setRuleset(
    partId: string,
    ruleset: {
      cutScore?: number;
      sections: { id: string; checks: { device: string; line: string }[] }[];
    },
  ): void;
  waitForEvents(count: number): Promise<{ event: CloudEventV1<unknown>; mode: string }[]>;
  source: string;
  eventMode: 'structured' | 'binary';
}

export interface GradingContractContext {
  client: GradingClient;
  /** A client for the same engine whose token is refused. */
  badCredentialsClient: GradingClient;
  sim?: GradingSimulatorHooks;
  close(): Promise<void>;
}

export interface GradingContractOptions {
  simulated: boolean;
  newContext(): Promise<GradingContractContext>;
}

const PART = 'Exam Associate CCNA v1.1 LAB 1.3a';

/** A pod of two routers whose collected configs LCM pulled from CML. */
function aPod(configs: Record<string, string>): GradingPod {
  return {
    id: 'pod-1',
    devices: Object.entries(configs).map(([label, config], index) => ({
      label,
      hostname: label,
      collector: 'cml',
      interfaces: [
        {
          name: 'console',
          protocol: 'telnet',
          host: '10.0.0.5',
          port: 5000 + index,
          authentication: { scheme: 'none', properties: {} },
          configuration: { collectedConfig: config },
        },
      ],
    })),
  };
}

export function describeGradingClientContract(name: string, options: GradingContractOptions): void {
  describe(`GradingClient contract: ${name}`, () => {
    let ctx: GradingContractContext;
    beforeEach(async () => {
      ctx = await options.newContext();
    });
    afterEach(async () => {
      await ctx.close();
    });

    async function newSession(id: string): Promise<void> {
      await ctx.client.createSession({ id, candidateId: 'user-42', parts: [{ id: PART }] });
    }

    it('creates a session with a part and reads it back', async () => {
      const created = await ctx.client.createSession({
        id: 'default-s1',
        candidateId: 'user-42',
        lds: { id: 'lds-1', environment: 'us-east-1' },
        parts: [{ id: PART }],
      });
      expect(created).toMatchObject({ id: 'default-s1', candidateId: 'user-42' });
      const read = await ctx.client.getSession('default-s1');
      expect(read.lds).toEqual({ id: 'lds-1', environment: 'us-east-1' });
      expect(read.parts.map((part) => part.id)).toEqual([PART]);
      expect(read.parts[0]).toMatchObject({ status: 'created', scoreReport: null, pod: null });
    });

    it('assigns a pod with collected configs and replaces it on a second call', async () => {
      await newSession('default-s2');
      const ref = { sessionId: 'default-s2', partId: PART };
      await ctx.client.assignPod({ ...ref, pod: aPod({ R1: 'hostname R0' }) });
      const session = await ctx.client.assignPod({ ...ref, pod: aPod({ R1: 'hostname R1' }) });
      const device = session.parts[0]?.pod?.devices[0];
      expect(device?.label).toBe('R1');
      expect(device?.interfaces[0]?.configuration.collectedConfig).toBe('hostname R1');
    });

    it('refuses a second session with the same id as Conflict', async () => {
      await newSession('default-s3');
      const error = await newSession('default-s3').catch((caught: unknown) => caught);
      expect(hasReason(error, 'Conflict')).toBe(true);
    });

    it('reports an unknown session or part as NotFound', async () => {
      const session = await ctx.client.getSession('no-such-session').catch((e: unknown) => e);
      expect(hasReason(session, 'NotFound')).toBe(true);
      await newSession('default-s4');
      const part = await ctx.client
        .assignPod({ sessionId: 'default-s4', partId: 'no-such-part', pod: aPod({ R1: '' }) })
        .catch((e: unknown) => e);
      expect(hasReason(part, 'NotFound')).toBe(true);
    });

    it('reports a refused token as Unauthorized', async () => {
      const error = await ctx.badCredentialsClient.getSession('any').catch((e: unknown) => e);
      expect(hasReason(error, 'Unauthorized')).toBe(true);
    });

    describe.skipIf(!options.simulated)(
      'with simulator hooks (skipped against a real engine: faults, time and rulesets need the simulator)',
      () => {
        function hooks(): GradingSimulatorHooks {
          if (!ctx.sim) throw new Error('simulator hooks missing');
          return ctx.sim;
        }

        it('reports an injected 5xx as Unavailable', async () => {
          hooks().failNext({ path: '/api/v1/sessions', status: 500 });
          const error = await newSession('default-s5').catch((e: unknown) => e);
          expect(hasReason(error, 'Unavailable')).toBe(true);
        });

        it('reports a hanging engine as Unavailable once the client timeout passes', async () => {
          hooks().hang();
          const error = await hooks()
            .impatientClient.getSession('any')
            .catch((e: unknown) => e);
          expect(hasReason(error, 'Unavailable')).toBe(true);
        });

        it('grades expected config lines after the delay and emits grading.session.completed', async () => {
          const sim = hooks();
          sim.setRuleset(PART, {
            cutScore: 2,
            sections: [
              { id: 'routing', checks: [{ device: 'R1', line: 'router ospf 1' }] },
              {
                id: 'naming',
                checks: [
                  { device: 'R1', line: 'hostname R1' },
                  { device: 'R2', line: 'hostname R2' },
                ],
              },
            ],
          });
          await newSession('default-s6');
          const ref = { sessionId: 'default-s6', partId: PART };
          const pod = aPod({ R1: 'hostname R1\n  router  ospf 1 \n', R2: 'hostname SW' });
          await ctx.client.assignPod({ ...ref, pod });
          await ctx.client.gradePart(ref);
          expect((await ctx.client.getSession(ref.sessionId)).parts[0]?.status).toBe('collecting');
          await expect(ctx.client.gradePart(ref)).rejects.toMatchObject({ reason: 'Conflict' });
          await sim.advanceThroughGrading();
          const [received] = await sim.waitForEvents(1);
          expect(received?.mode).toBe(sim.eventMode);
          expect(received?.event).toMatchObject({
            type: 'grading.session.completed',
            source: sim.source,
            subject: 'default-s6',
          });
          expect(received?.event.data).toMatchObject({
            grading_session_id: 'default-s6',
            score: 2,
            max_score: 3,
            cut_score: 2,
            passed: true,
            sections: [
              { name: 'routing', score: 1, max_score: 1 },
              { name: 'naming', score: 1, max_score: 2 },
            ],
          });
          const part = (await ctx.client.getSession(ref.sessionId)).parts[0];
          expect(part).toMatchObject({
            status: 'reviewing',
            scoreReport: { score: 2, maxScore: 3 },
          });
          const submitted = await ctx.client.submitPart(ref);
          expect(submitted.parts[0]?.status).toBe('locked');
        });

        it('emits grading.session.failed with the reason when a grading run fails', async () => {
          const sim = hooks();
          await newSession('default-s8');
          const ref = { sessionId: 'default-s8', partId: PART };
          await ctx.client.assignPod({ ...ref, pod: aPod({ R1: 'hostname R1' }) });
          sim.failNextGrading('collector could not reach R1');
          await ctx.client.gradePart(ref);
          await sim.advanceThroughGrading();
          const [received] = await sim.waitForEvents(1);
          expect(received?.event.type).toBe('grading.session.failed');
          expect(received?.event.data).toMatchObject({
            grading_session_id: 'default-s8',
            error: 'collector could not reach R1',
          });
          const part = (await ctx.client.getSession(ref.sessionId)).parts[0];
          expect(part).toMatchObject({
            status: 'faulted',
            statusReason: 'collector could not reach R1',
          });
        });
      },
    );
  });
}
