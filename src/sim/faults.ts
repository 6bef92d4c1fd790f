/**
 * Fault injection for every simulator: an error rate, added latency, hanging requests (always, or
 * occasionally, held until the connection closes or for a time on the clock), and targeted
 * failures ("fail the next 2 POSTs to /import with 503"). Settable at start and at run time over
 * each simulator's control endpoint (`GET`/`PUT /_sim/faults`, `POST /_sim/faults/fail-next`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock/index.js';

export interface FaultSettings {
  /** Probability (0–1) that a request fails with `errorStatus`. @default 0 */
  errorRate: number;
  /** HTTP status of random failures. @default 503 */
  errorStatus: number;
  /** Added delay before each answer, in ms of the simulator's clock. @default 0 */
  latencyMs: number;
  /** When true, requests get no answer until the connection closes. @default false */
  hang: boolean;
  /** Probability (0–1) that a request hangs as with `hang` (occasional hangs). @default 0 */
  hangRate: number;
  /**
   * How long a hung request is held, in ms of the simulator's clock, before its connection is
   * dropped — what the caller's timeout would do. Lets a hang end under a ManualClock, where a
   * client's own (real-time) timeout would stall the run. 0 = until the connection closes.
   * @default 0
   */
  hangMs: number;
}

/** A one-shot failure for requests matching `method` and a `path` substring. */
export interface TargetedFault {
  method?: string;
  /** Substring of the request path, e.g. `/import` or `/labs/abc/start`. */
  path?: string;
  status: number;
  /** How many matching requests fail. @default 1 */
  count?: number;
  body?: unknown;
}

export const NO_FAULTS: FaultSettings = {
  errorRate: 0,
  errorStatus: 503,
  latencyMs: 0,
  hang: false,
  hangRate: 0,
  hangMs: 0,
};

/** JSON Schema of a `Partial<FaultSettings>` body (the control endpoints of sims and sim host). */
export const FAULT_SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
    errorStatus: { type: 'integer', minimum: 400, maximum: 599 },
    latencyMs: { type: 'integer', minimum: 0 },
    hang: { type: 'boolean' },
    hangRate: { type: 'number', minimum: 0, maximum: 1 },
    hangMs: { type: 'integer', minimum: 0 },
  },
} as const;

export class FaultInjector {
  #settings: FaultSettings;
  readonly #targeted: (TargetedFault & { remaining: number })[] = [];
  readonly #random: () => number;

  /** @param random injectable for deterministic tests; @default Math.random */
  constructor(settings: Partial<FaultSettings> = {}, random: () => number = Math.random) {
    this.#settings = { ...NO_FAULTS, ...settings };
    this.#random = random;
  }

  get settings(): FaultSettings {
    return { ...this.#settings };
  }

  configure(settings: Partial<FaultSettings>): void {
    this.#settings = { ...this.#settings, ...settings };
  }

  failNext(fault: TargetedFault): void {
    this.#targeted.push({ ...fault, remaining: fault.count ?? 1 });
  }

  reset(): void {
    this.#settings = { ...NO_FAULTS };
    this.#targeted.length = 0;
  }

  /** Decides what happens to one request: nothing, a failure, or a hang. */
  decide(
    method: string,
    path: string,
  ): { kind: 'pass' } | { kind: 'hang' } | { kind: 'fail'; status: number; body: unknown } {
    const targeted = this.#targeted.find(
      (fault) =>
        fault.remaining > 0 &&
        (!fault.method || fault.method === method) &&
        (!fault.path || path.includes(fault.path)),
    );
    if (targeted) {
      targeted.remaining--;
      return {
        kind: 'fail',
        status: targeted.status,
        body: targeted.body ?? { description: 'injected fault' },
      };
    }
    if (this.#settings.hang) return { kind: 'hang' };
    if (this.#settings.hangRate > 0 && this.#random() < this.#settings.hangRate)
      return { kind: 'hang' };
    if (this.#settings.errorRate > 0 && this.#random() < this.#settings.errorRate)
      return {
        kind: 'fail',
        status: this.#settings.errorStatus,
        body: { description: 'injected fault' },
      };
    return { kind: 'pass' };
  }
}

/**
 * Installs the faults on a simulator's Fastify app (before its routes) and registers the control
 * endpoints under `/_sim/faults`, which are never themselves faulted. Create the app with
 * `forceCloseConnections: true`, or a hanging request keeps `close()` waiting.
 */
export function installFaultInjection(
  app: FastifyInstance,
  faults: FaultInjector,
  clock: Clock,
): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/_sim/')) return;
    const { latencyMs } = faults.settings;
    if (latencyMs > 0) await clock.sleep(latencyMs);
    const decision = faults.decide(request.method, request.url);
    if (decision.kind === 'fail') return reply.code(decision.status).send(decision.body);
    if (decision.kind === 'hang') {
      // Take the reply away from Fastify so the handler never runs: a hung call has no effect.
      reply.hijack();
      const { hangMs } = faults.settings;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          timer?.cancel();
          app.server.off('close', done);
          resolve();
        };
        const timer = hangMs > 0 ? clock.setTimer(hangMs, done) : undefined;
        request.raw.once('close', done);
        app.server.once('close', done);
      });
      request.raw.destroy();
      return reply;
    }
    return undefined;
  });
  app.get('/_sim/faults', async () => faults.settings);
  const targetedSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['status'],
    properties: {
      method: { type: 'string' },
      path: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      count: { type: 'integer', minimum: 1 },
      body: {},
    },
  };
  app.put('/_sim/faults', { schema: { body: FAULT_SETTINGS_SCHEMA } }, async (request) => {
    faults.configure(request.body as Partial<FaultSettings>);
    return faults.settings;
  });
  app.post('/_sim/faults/fail-next', { schema: { body: targetedSchema } }, async (request) => {
    faults.failNext(request.body as TargetedFault);
    return { ok: true };
  });
  app.delete('/_sim/faults', async () => {
    faults.reset();
    return faults.settings;
  });
}
