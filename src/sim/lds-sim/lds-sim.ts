/**
 * lds-sim: an HTTP server speaking the LDS Reservations API v3 subset LCM uses, which emits
 * `lds.session.started` / `.user-finished` / `.ended` CloudEvents to a sink as a student would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CloudEvent } from 'cloudevents';
import { fastify, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock } from '../../clock/index.js';
import type { Logger } from '../../observability/index.js';
import type { LdsDevice, LdsSession, LdsSessionCreate } from '../../providers/lds/lds-client.js';
import {
  CloudEventSender,
  type CloudEventMode,
  type EventSenderTuning,
} from '../event-sink/cloud-event-sender.js';
import { FaultInjector, installFaultInjection } from '../faults.js';
import { signLaunchToken, verifyLaunchToken } from './launch-token.js';
import {
  createSessionSchema,
  devicesSchema,
  getDevicesSchema,
  launchSchema,
  listSessionsSchema,
  releaseSchema,
  sessionSchema,
  simEventsSchema,
} from './lds-schemas.js';
import { LdsSimError, LdsSimState, type LdsTransition } from './lds-sim-state.js';

export interface LdsSimOptions {
  clock: Clock;
  logger: Logger;
  /** Where CloudEvents go; settable later with `PUT /_sim/events`. @default none (dropped) */
  sinkUrl?: string;
  /** The one Basic-auth account the sim accepts. @default { username: 'lds', password: 'lds' } */
  credentials?: { username: string; password: string };
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /** Browser-facing URL for launch URLs and the events' `source`. @default the listen address */
  publicUrl?: string;
  /** @default 'structured' */
  eventMode?: CloudEventMode;
  /** Send every event twice (same id), to exercise consumers' dedupe. @default false */
  duplicateEvents?: boolean;
  /** Launch-token lifetime on the clock. @default 86_400_000 (1 day) */
  launchTokenTtlMs?: number;
  faults?: FaultInjector;
  /** LDS session ids. @default crypto.randomUUID */
  newId?: () => string;
  /** Options passed to the event sender (retry and timeout tuning, the sink's credentials). */
  sender?: EventSenderTuning;
}

interface IdRoute {
  Params: { id: string };
}
interface PartRoute {
  Params: { id: string; part: number };
}

const BASE = '/reservations/v3/lab_session';

export class LdsSim {
  readonly faults: FaultInjector;
  readonly #options: LdsSimOptions;
  readonly #app: FastifyInstance;
  readonly #state: LdsSimState;
  readonly #sender: CloudEventSender;
  readonly #secret = randomBytes(32).toString('hex');
  #duplicate: boolean;
  #url: string | undefined;

  constructor(options: LdsSimOptions) {
    this.#options = options;
    this.faults = options.faults ?? new FaultInjector();
    this.#duplicate = options.duplicateEvents ?? false;
    this.#state = new LdsSimState({ clock: options.clock, newId: options.newId ?? randomUUID });
    this.#sender = new CloudEventSender({
      sinkUrl: options.sinkUrl,
      clock: options.clock,
      logger: options.logger,
      mode: options.eventMode ?? 'structured',
      ...options.sender,
    });
    this.#app = fastify({ forceCloseConnections: true });
    installFaultInjection(this.#app, this.faults, options.clock);
    this.#app.addHook('onRequest', async (request, reply) => this.#checkAuth(request, reply));
    this.#app.setErrorHandler(async (error: unknown, _request, reply) => {
      if (error instanceof LdsSimError)
        return reply.code(error.status).send({ detail: error.message });
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      const message = error instanceof Error ? error.message : String(error);
      return reply.code(status).send({ detail: message });
    });
    this.#registerApiRoutes();
    this.#registerStudentAndControlRoutes();
  }

  /** Base URL once started, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    if (this.#url === undefined) throw new Error('LdsSim not started');
    return this.#url;
  }

  /** Sends later events (and retries of pending ones) to `url` with `headers`. */
  setEventSink(sink: { url: string | undefined; headers?: Record<string, string> }): void {
    this.#sender.sinkUrl = sink.url;
    this.#sender.headers = sink.headers ?? {};
  }

  /** Delivery counters of the event sender. */
  get eventStats(): CloudEventSender['stats'] {
    return this.#sender.stats;
  }

  /** A copy of one session, for tests. */
  session(id: string): LdsSession {
    return this.#state.get(id);
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
    await this.#app.close();
    await this.#sender.close();
  }

  /** Basic auth on the API (not on the student page or the `/_sim` control routes). */
  #checkAuth(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    if (!request.url.startsWith('/reservations/')) return undefined;
    const { username, password } = this.#options.credentials ?? {
      username: 'lds',
      password: 'lds',
    };
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (request.headers.authorization === expected) return undefined;
    return reply
      .code(401)
      .header('www-authenticate', 'Basic realm="LDS"')
      .send({ detail: 'Not authenticated' });
  }

  #registerApiRoutes(): void {
    const app = this.#app;
    app.post(BASE, { schema: createSessionSchema }, async (request) => {
      const session = this.#state.create(request.body as LdsSessionCreate);
      return {
        session_id: session.id,
        location: `${this.url}${BASE}/${session.id}`,
        message: 'Session created',
      };
    });
    app.get(BASE, { schema: listSessionsSchema }, async (request) => {
      const { state } = request.query as { state: string };
      return { latest_session_id: this.#state.latestIn(state)?.id ?? null, state };
    });
    app.get<IdRoute>(`${BASE}/:id`, { schema: sessionSchema }, async (request) =>
      this.#state.get(request.params.id),
    );
    app.put<PartRoute>(
      `${BASE}/:id/part/:part/devices`,
      { schema: devicesSchema },
      async (request) => {
        const { id, part } = request.params;
        return this.#state.setDevices(id, part, request.body as LdsDevice[]);
      },
    );
    app.get<PartRoute>(
      `${BASE}/:id/part/:part/devices`,
      { schema: getDevicesSchema },
      async (request) => {
        const { id, part } = request.params;
        return this.#state.getDevices(id, part);
      },
    );
    app.get<IdRoute>(
      `${BASE}/:id/lablet_launch_url`,
      { schema: sessionSchema },
      async (request) => {
        const { id } = request.params;
        this.#state.prelaunch(id);
        const nowS = Math.floor(this.#options.clock.nowMs() / 1_000);
        const ttlS = Math.floor((this.#options.launchTokenTtlMs ?? 86_400_000) / 1_000);
        const token = signLaunchToken({ sid: id, iat: nowS, exp: nowS + ttlS }, this.#secret);
        return { url: `${this.url}/lablet?token=${token}` };
      },
    );
    app.post<IdRoute>(
      `${BASE}/:id/release`,
      {
        schema: releaseSchema,
        // LDS insists on a JSON body here: answer 415 before the schema would answer 400.
        preValidation: async (request, reply) => {
          if ((request.headers['content-type'] ?? '').startsWith('application/json'))
            return undefined;
          return reply.code(415).send({ detail: 'release requires a JSON body' });
        },
      },
      async (request, reply) => {
        this.#apply(request.params.id, this.#state.release(request.params.id));
        return reply.code(204).send();
      },
    );
    app.put<IdRoute>(`${BASE}/:id/pause`, { schema: sessionSchema }, async (request, reply) => {
      this.#state.pause(request.params.id);
      return reply.code(204).send();
    });
    app.put<IdRoute>(`${BASE}/:id/resume`, { schema: sessionSchema }, async (request, reply) => {
      this.#state.resume(request.params.id);
      return reply.code(204).send();
    });
    app.put<IdRoute>(
      `${BASE}/:id/force_user_finished`,
      { schema: sessionSchema },
      async (request) => {
        this.#apply(request.params.id, this.#state.finish(request.params.id));
        return { result: 'Session set to user finished' };
      },
    );
  }

  #registerStudentAndControlRoutes(): void {
    const app = this.#app;
    // The page the student's browser opens: a valid token counts as "student logged in".
    app.get('/lablet', { schema: launchSchema }, async (request, reply) => {
      const { token } = request.query as { token: string };
      const claims = verifyLaunchToken(token, this.#secret, this.#options.clock.nowMs());
      if (!claims) return reply.code(401).send({ detail: 'invalid or expired launch token' });
      this.#apply(claims.sid, this.#state.start(claims.sid));
      return reply
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><title>Lab ${claims.sid}</title><p>Lab session running.</p>`);
    });
    app.get('/_sim/sessions', { schema: {} }, async () => this.#state.list());
    app.post<IdRoute>('/_sim/sessions/:id/start', { schema: sessionSchema }, async (request) => {
      this.#apply(request.params.id, this.#state.start(request.params.id));
      return this.#state.get(request.params.id);
    });
    app.post<IdRoute>('/_sim/sessions/:id/finish', { schema: sessionSchema }, async (request) => {
      this.#apply(request.params.id, this.#state.finish(request.params.id));
      return this.#state.get(request.params.id);
    });
    app.get('/_sim/events', { schema: {} }, async () => this.#eventsView());
    app.put('/_sim/events', { schema: simEventsSchema }, async (request) => {
      const body = request.body as { sinkUrl?: string | null; duplicate?: boolean };
      if (body.sinkUrl !== undefined) this.#sender.sinkUrl = body.sinkUrl ?? undefined;
      if (body.duplicate !== undefined) this.#duplicate = body.duplicate;
      return this.#eventsView();
    });
  }

  #eventsView(): Record<string, unknown> {
    return {
      sinkUrl: this.#sender.sinkUrl ?? null,
      mode: this.#sender.mode,
      duplicate: this.#duplicate,
      ...this.#sender.stats,
    };
  }

  /** Emits the CloudEvent of a transition, in order per LDS session. */
  #apply(id: string, transition: LdsTransition): void {
    if (transition === 'none') return;
    const session = this.#state.get(id);
    const at = this.#options.clock.now().toISOString();
    const timeField = { started: 'started_at', 'user-finished': 'finished_at', ended: 'ended_at' }[
      transition
    ];
    const event = new CloudEvent<Record<string, unknown>>({
      type: `lds.session.${transition}`,
      source: this.url,
      subject: id,
      time: at,
      datacontenttype: 'application/json',
      data: {
        // The LDS id under both names the consumers correlate by (external-apis.md §2.5).
        lds_session_id: id,
        session_id: id,
        // LCM's session name, which LCM sent as auth_id / candidate_id.
        auth_id: session.auth_id,
        user_id: session.candidate_id,
        state: session.state,
        [timeField]: at,
      },
    });
    this.#sender.send(event, id);
    if (this.#duplicate) this.#sender.send(event, id);
  }
}
