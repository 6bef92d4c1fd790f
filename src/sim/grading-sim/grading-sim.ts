/**
 * grading-sim: an HTTP server speaking the grading engine v1 subset LCM uses (plus a Keycloak-like
 * token endpoint); it grades pods by a deterministic rule and emits `grading.session.*` events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CloudEvent } from 'cloudevents';
import { fastify, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock, Timer } from '../../clock/index.js';
import type { Logger } from '../../observability/index.js';
import type { GradingPod, GradingSessionCreate } from '../../providers/grading/grading-client.js';
import {
  CloudEventSender,
  type CloudEventMode,
  type EventSenderTuning,
} from '../event-sink/cloud-event-sender.js';
import { FaultInjector, installFaultInjection } from '../faults.js';
import { defaultRuleset, gradePod, type GradingRuleset } from './grade-pod.js';
import * as schemas from './grading-schemas.js';
import { GradingSimError, GradingSimState } from './grading-sim-state.js';

export interface GradingSimOptions {
  clock: Clock;
  logger: Logger;
  /** Where CloudEvents go; settable later with `PUT /_sim/events`. @default none (dropped) */
  sinkUrl?: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /** URL for `source` and `report_url`. @default the listen address */
  publicUrl?: string;
  /** @default 'binary' */
  eventMode?: CloudEventMode;
  /** Multiplies every delay: 0.01 runs 100× faster. @default 1 */
  timeScale?: number;
  /** Time from `grade` to `grading` (collection). @default 5_000 */
  collectDelayMs?: number;
  /** Time from `grading` to the result and its event. @default 10_000 */
  gradeDelayMs?: number;
  /** Bearer tokens always accepted. @default ['grading-sim-token'] */
  staticTokens?: string[];
  /** OAuth2 clients (id → secret) for client credentials. @default { lcm: 'lcm-secret' } */
  clients?: Record<string, string>;
  /** Lifetime of issued tokens on the clock. @default 300_000 */
  tokenTtlMs?: number;
  /** Rulesets by part id; other parts use `defaultRuleset` (see grade-pod.ts). */
  rulesets?: Record<string, GradingRuleset>;
  faults?: FaultInjector;
  /** Session ids when the client gives none. @default crypto.randomUUID */
  newId?: () => string;
  /** Options passed to the event sender (retry and timeout tuning, the sink's credentials). */
  sender?: EventSenderTuning;
}

interface SessionRoute {
  Params: { sessionId: string };
}
interface PartRoute {
  Params: { sessionId: string; partId: string };
  Querystring: { recollect?: boolean };
}

const SESSIONS = '/api/v1/sessions';

export class GradingSim {
  readonly faults: FaultInjector;
  readonly #options: GradingSimOptions;
  readonly #app: FastifyInstance;
  readonly #state: GradingSimState;
  readonly #sender: CloudEventSender;
  readonly #rulesets: Map<string, GradingRuleset>;
  readonly #cutScores = new Map<string, number>();
  readonly #issued = new Map<string, number>();
  readonly #timers = new Set<Timer>();
  readonly #failNext: string[] = [];
  #url: string | undefined;

  constructor(options: GradingSimOptions) {
    this.#options = options;
    this.faults = options.faults ?? new FaultInjector();
    this.#rulesets = new Map(Object.entries(options.rulesets ?? {}));
    this.#state = new GradingSimState({ clock: options.clock, newId: options.newId ?? randomUUID });
    this.#sender = new CloudEventSender({
      sinkUrl: options.sinkUrl,
      clock: options.clock,
      logger: options.logger,
      mode: options.eventMode ?? 'binary',
      ...options.sender,
    });
    this.#app = fastify({ forceCloseConnections: true });
    this.#app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    installFaultInjection(this.#app, this.faults, options.clock);
    this.#app.addHook('onRequest', async (request, reply) => this.#checkAuth(request, reply));
    this.#app.setErrorHandler(async (error: unknown, request, reply) => {
      const status =
        error instanceof GradingSimError
          ? error.status
          : ((error as { statusCode?: number }).statusCode ?? 500);
      const detail = error instanceof Error ? error.message : String(error);
      return reply
        .code(status)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: titleOf(status),
          status,
          detail,
          instance: request.url,
        });
    });
    this.#registerEngineRoutes();
    this.#registerControlRoutes();
  }

  get url(): string {
    if (this.#url === undefined) throw new Error('GradingSim not started');
    return this.#url;
  }

  /** The token endpoint for `clientCredentials` auth. */
  get tokenUrl(): string {
    return `${this.url}/realms/lcm/protocol/openid-connect/token`;
  }

  /** Sends later events (and retries of pending ones) to `url` with `headers`. */
  setEventSink(sink: { url: string | undefined; headers?: Record<string, string> }): void {
    this.#sender.sinkUrl = sink.url;
    this.#sender.headers = sink.headers ?? {};
  }

  get eventStats(): CloudEventSender['stats'] {
    return this.#sender.stats;
  }

  /** Sets the ruleset a part id is graded against. */
  setRuleset(partId: string, ruleset: GradingRuleset): void {
    this.#rulesets.set(partId, ruleset);
  }

  async start(): Promise<string> {
    const address = await this.#app.listen({
      host: this.#options.host ?? '127.0.0.1',
      port: this.#options.port ?? 0,
    });
    this.#url = (this.#options.publicUrl ?? address).replace(/\/$/, '');
    return this.#url;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) timer.cancel();
    this.#timers.clear();
    await this.#app.close();
    await this.#sender.close();
  }

  /** Bearer auth on `/api/v1` (static tokens, or unexpired ones this sim issued); 401 without body. */
  #checkAuth(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    if (!request.url.startsWith('/api/')) return undefined;
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const staticTokens = this.#options.staticTokens ?? ['grading-sim-token'];
    const expiresAtMs = token === undefined ? undefined : this.#issued.get(token);
    if (token !== undefined && staticTokens.includes(token)) return undefined;
    if (expiresAtMs !== undefined && expiresAtMs > this.#options.clock.nowMs()) return undefined;
    return reply.code(401).header('www-authenticate', 'Bearer').send();
  }

  #registerEngineRoutes(): void {
    const app = this.#app;
    app.post(SESSIONS, { schema: schemas.createSessionSchema }, async (request) =>
      this.#state.create(request.body as GradingSessionCreate),
    );
    app.get<SessionRoute>(
      `${SESSIONS}/:sessionId`,
      { schema: schemas.sessionSchema },
      async (request) => this.#state.get(request.params.sessionId),
    );
    app.post(`${SESSIONS}/parts`, { schema: schemas.addPartSchema }, async (request) => {
      const body = request.body as { sessionId: string; part: { id: string; pod?: GradingPod } };
      return this.#state.addPart(body.sessionId, body.part.id, body.part.pod ?? null);
    });
    app.delete<PartRoute>(
      `${SESSIONS}/:sessionId/parts/:partId`,
      { schema: schemas.partSchema },
      async (request) => this.#state.removePart(request.params.sessionId, request.params.partId),
    );
    for (const method of ['POST', 'PUT'] as const)
      app.route<PartRoute>({
        method,
        url: `${SESSIONS}/:sessionId/parts/:partId/pod`,
        schema: schemas.putPodSchema,
        handler: async (request) => {
          const { sessionId, partId } = request.params;
          const mode = method === 'POST' ? 'create' : 'replace';
          return this.#state.setPod(sessionId, partId, request.body as GradingPod, mode);
        },
      });
    app.delete<PartRoute>(
      `${SESSIONS}/:sessionId/parts/:partId/pod`,
      { schema: schemas.partSchema },
      async (request) =>
        this.#state.setPod(request.params.sessionId, request.params.partId, null, 'replace'),
    );
    app.post<PartRoute>(
      `${SESSIONS}/:sessionId/parts/:partId/grade`,
      { schema: schemas.gradeSchema },
      async (request, reply) => {
        this.#startGrading(request.params.sessionId, request.params.partId);
        return reply.code(202).send();
      },
    );
    app.post<PartRoute>(
      `${SESSIONS}/:sessionId/parts/:partId/submit`,
      { schema: schemas.partSchema },
      async (request) => this.#state.submit(request.params.sessionId, request.params.partId),
    );
    app.get<SessionRoute>(
      `${SESSIONS}/:sessionId/score/view`,
      { schema: schemas.sessionSchema },
      async (request, reply) => {
        const session = this.#state.get(request.params.sessionId);
        const rows = session.parts
          .map(
            (part) =>
              `<tr><td>${part.id}</td><td>${part.scoreReport?.score ?? '-'}/${part.scoreReport?.maxScore ?? '-'}</td></tr>`,
          )
          .join('');
        return reply.type('text/html; charset=utf-8').send(`<!doctype html><table>${rows}</table>`);
      },
    );
    app.put(
      `${SESSIONS}/parts/ruleset/scoring`,
      { schema: schemas.scoringSchema },
      async (request, reply) => {
        const body = request.body as { partId: string; scoringRequirements: { cutScore: number } };
        this.#cutScores.set(body.partId, body.scoringRequirements.cutScore);
        return reply.code(204).send();
      },
    );
    app.post(
      '/realms/:realm/protocol/openid-connect/token',
      { schema: schemas.tokenSchema },
      async (request, reply) => {
        const body = request.body as { client_id: string; client_secret: string };
        const clients = this.#options.clients ?? { lcm: 'lcm-secret' };
        if (clients[body.client_id] !== body.client_secret)
          return reply.code(401).send({ error: 'invalid_client' });
        const ttlMs = this.#options.tokenTtlMs ?? 300_000;
        const token = randomBytes(24).toString('base64url');
        this.#issued.set(token, this.#options.clock.nowMs() + ttlMs);
        return { access_token: token, token_type: 'Bearer', expires_in: Math.floor(ttlMs / 1_000) };
      },
    );
  }

  #registerControlRoutes(): void {
    const app = this.#app;
    app.put<{ Params: { partId: string } }>(
      '/_sim/rulesets/:partId',
      { schema: schemas.rulesetSchema },
      async (request) => {
        this.setRuleset(request.params.partId, request.body as GradingRuleset);
        return { ok: true };
      },
    );
    app.post('/_sim/grading/fail-next', { schema: schemas.failNextSchema }, async (request) => {
      const body = request.body as { count?: number; reason?: string };
      this.failNextGrading(body.count ?? 1, body.reason);
      return { pending: this.#failNext.length };
    });
    app.get('/_sim/events', { schema: {} }, async () => this.#eventsView());
    app.put('/_sim/events', { schema: schemas.simEventsSchema }, async (request) => {
      const body = request.body as { sinkUrl?: string | null };
      if (body.sinkUrl !== undefined) this.#sender.sinkUrl = body.sinkUrl ?? undefined;
      return this.#eventsView();
    });
  }

  /** Makes the next `count` grading runs end in `grading.session.failed`. */
  failNextGrading(count = 1, reason = 'injected grading failure'): void {
    for (let i = 0; i < count; i++) this.#failNext.push(reason);
  }

  #eventsView(): Record<string, unknown> {
    return {
      sinkUrl: this.#sender.sinkUrl ?? null,
      mode: this.#sender.mode,
      ...this.#sender.stats,
    };
  }

  /** collecting → (collectDelay) → grading → (gradeDelay) → reviewing + event, all on the Clock. */
  #startGrading(sessionId: string, partId: string): void {
    this.#state.startGrading(sessionId, partId);
    const scale = this.#options.timeScale ?? 1;
    this.#after((this.#options.collectDelayMs ?? 5_000) * scale, () => {
      this.#state.setGrading(sessionId, partId);
      this.#after((this.#options.gradeDelayMs ?? 10_000) * scale, () =>
        this.#finish(sessionId, partId),
      );
    });
  }

  #after(delayMs: number, callback: () => void): void {
    const timer = this.#options.clock.setTimer(delayMs, () => {
      this.#timers.delete(timer);
      try {
        callback();
      } catch (error) {
        // E.g. the part was deleted while being graded: nothing left to report on.
        this.#options.logger.warn({ err: error }, 'grading run abandoned');
      }
    });
    this.#timers.add(timer);
  }

  #finish(sessionId: string, partId: string): void {
    const pod = this.#state.pod(sessionId, partId);
    const noPod = pod === null || pod.devices.length === 0;
    const failure = this.#failNext.shift() ?? (noPod ? 'no pod with devices assigned' : undefined);
    if (pod === null || failure !== undefined) {
      const reason = failure ?? 'no pod assigned';
      this.#state.fail(sessionId, partId, reason);
      this.#emit('grading.session.failed', sessionId, { part_id: partId, error: reason, reason });
      return;
    }
    const grade = gradePod(pod, this.#rulesets.get(partId) ?? defaultRuleset(pod));
    const cutScore =
      this.#rulesets.get(partId)?.cutScore ?? this.#cutScores.get(partId) ?? grade.cutScore;
    const passed = grade.score >= cutScore;
    this.#state.complete(sessionId, partId, {
      score: grade.score,
      maxScore: grade.maxScore,
      gradingRulesetVersion: grade.rulesetVersion,
      scoringRulesetVersion: '1',
      sections: grade.sections,
      variables: {},
    });
    this.#emit('grading.session.completed', sessionId, {
      part_id: partId,
      score: grade.score,
      max_score: grade.maxScore,
      cut_score: cutScore,
      passed,
      sections: grade.sections.map((section) => ({
        name: section.id,
        score: section.score,
        max_score: section.maxScore,
      })),
      report_url: `${this.url}${SESSIONS}/${encodeURIComponent(sessionId)}/score/view`,
    });
  }

  #emit(type: string, sessionId: string, fields: Record<string, unknown>): void {
    const session = this.#state.get(sessionId);
    const event = new CloudEvent<Record<string, unknown>>({
      type,
      source: this.url,
      subject: sessionId,
      time: this.#options.clock.now().toISOString(),
      datacontenttype: 'application/json',
      data: {
        grading_session_id: sessionId,
        // The engine knows LCM's session only by the id LCM chose for the grading session.
        lablet_session_id: sessionId,
        candidate_id: session.candidateId,
        ...(session.lds ? { lds_session_id: session.lds.id } : {}),
        ...fields,
      },
    });
    this.#sender.send(event, sessionId);
  }
}

function titleOf(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    409: 'Conflict',
    422: 'Unprocessable Entity',
  };
  return titles[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
