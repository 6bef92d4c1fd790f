/**
 * cml-sim: one simulated CML 2.9 worker as a Fastify HTTP server on loopback, speaking the REST API
 * v0 subset LCM uses under `/api/v0`, with time on an injected Clock and fault injection.
 */
import { randomUUID } from 'node:crypto';
import { fastify, type FastifyError, type FastifyInstance } from 'fastify';
import type { Clock } from '../../clock/index.js';
import type { CmlErrorBody } from '../../providers/cml/cml-wire-types.js';
import { FaultInjector, installFaultInjection } from '../faults.js';
import { CmlSimError } from './cml-sim-error.js';
import { DEFAULT_NODE_PROFILES, type NodeProfile } from './node-profiles.js';
import { authRoutes } from './routes/auth.js';
import { labsRoutes } from './routes/labs.js';
import { licensingRoutes } from './routes/licensing.js';
import { nodesRoutes } from './routes/nodes.js';
import { systemRoutes } from './routes/system.js';
import { SimAuth, type CmlSimUser } from './sim-auth.js';
import type { CmlSimResources, SimContext } from './sim-context.js';
import { SimLabs, type SimLab } from './sim-labs.js';
import { SimLicensing, type CmlSimLicenseOptions } from './sim-licensing.js';

export interface CmlSimOptions {
  clock: Clock;
  /** Multiplies boot, controller-start and registration durations (0.01 = 100× faster). @default 1 */
  timeScale?: number;
  /** @default a FaultInjector with no faults (also settable over `/_sim/faults`) */
  faults?: FaultInjector;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /** @default [{ username: 'admin', password: 'admin', admin: true }] */
  users?: CmlSimUser[];
  /** Token lifetime on the sim's clock (not scaled). @default 86_400_000 (24 h, as CML) */
  tokenTtlMs?: number;
  /** CML services start-up: every `/api/v0` call answers 502 until it has passed. @default 0 */
  startupMs?: number;
  /** Smart Licensing state and node limit. @default registered CML_Enterprise (20 nodes) */
  license?: CmlSimLicenseOptions;
  /** How long a licence registration takes before COMPLETED/FAILED. @default 10_000 */
  registrationDelayMs?: number;
  /** Per node definition boot durations and resources, merged over `DEFAULT_NODE_PROFILES`. */
  nodeProfiles?: Record<string, NodeProfile>;
  /** @default 'cml-sim' */
  hostname?: string;
  /** @default '2.9.0' */
  version?: string;
  resources?: CmlSimResources;
}

/** A running simulated worker. */
export interface CmlSim {
  /** Base URL without `/api/v0`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly faults: FaultInjector;
  /** Every lab on the worker (live objects: read, do not change). */
  labs(): SimLab[];
  /** Nodes whose VM runs (STARTED or BOOTED) across all labs. */
  runningNodeCount(): number;
  /** Successful authentications so far (to see re-authentication in tests). */
  authenticationCount(): number;
  /** Makes every issued token answer 401 from now on. */
  expireTokens(): void;
  /** Sets the licensed expansion nodes (registered workers only). */
  setExpansionNodes(count: number): void;
  /** Closes the server and every open connection (hanging requests included). */
  stop(): Promise<void>;
}

const PUBLIC_PATHS = new Set([
  '/api/v0/system_information',
  '/api/v0/authenticate',
  '/api/v0/auth_extended',
]);

/** Starts one simulated worker; call `stop()` when done. */
export async function startCmlSim(options: CmlSimOptions): Promise<CmlSim> {
  const { clock } = options;
  const timeScale = options.timeScale ?? 1;
  const faults = options.faults ?? new FaultInjector();
  const hostname = options.hostname ?? 'cml-sim';
  const auth = new SimAuth({
    clock,
    users: options.users ?? [{ username: 'admin', password: 'admin', admin: true }],
    tokenTtlMs: options.tokenTtlMs ?? 86_400_000,
  });
  const licensing = new SimLicensing({
    ...options.license,
    clock,
    hostname,
    registrationDelayMs: (options.registrationDelayMs ?? 10_000) * timeScale,
  });
  const labs = new SimLabs({
    clock,
    timeScale,
    profiles: { ...DEFAULT_NODE_PROFILES, ...options.nodeProfiles },
    nodeLimit: () => licensing.nodeLimit(),
  });
  const context: SimContext = {
    clock,
    auth,
    labs,
    licensing,
    hostname,
    version: options.version ?? '2.9.0',
    computeId: randomUUID(),
    resources: {
      cpuCount: options.resources?.cpuCount ?? 16,
      memoryBytes: options.resources?.memoryBytes ?? 64 * 1024 ** 3,
      diskBytes: options.resources?.diskBytes ?? 512 * 1024 ** 3,
    },
  };
  const readyAtMs = clock.nowMs() + (options.startupMs ?? 0) * timeScale;

  const app = fastify({
    forceCloseConnections: true,
    // Reject unknown body fields instead of silently dropping them, as CML's validation does.
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
  });
  installFaultInjection(app, faults, clock);
  installCmlErrors(app);
  // Topologies arrive as YAML text (SEED: application/x-yaml; PCL: no content type).
  app.addContentTypeParser(
    ['application/x-yaml', 'application/yaml', 'text/yaml', '*'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  app.post('/_sim/tokens/expire', async () => {
    auth.expireAll();
    return { ok: true };
  });
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request, reply) => {
        // The front proxy answers 502 until CML's services are up.
        if (clock.nowMs() < readyAtMs)
          return reply
            .code(502)
            .type('text/html')
            .send('<html><body>502 Bad Gateway</body></html>');
        if (!PUBLIC_PATHS.has(request.routeOptions.url ?? ''))
          auth.verify(request.headers.authorization);
        return undefined;
      });
      for (const routes of [authRoutes, systemRoutes, licensingRoutes, labsRoutes, nodesRoutes])
        await api.register(routes, context);
    },
    { prefix: '/api/v0' },
  );

  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    url: address,
    faults,
    labs: () => labs.all(),
    runningNodeCount: () => labs.runningNodes().length,
    authenticationCount: () => auth.authentications,
    expireTokens: () => auth.expireAll(),
    setExpansionNodes: (count) => licensing.setExpansionNodes(count),
    stop: () => app.close(),
  };
}

/** Every error answers CML's `{code, description}`; schema failures are 400 (sim choice). */
function installCmlErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | CmlSimError, _request, reply) => {
    const status =
      error instanceof CmlSimError
        ? error.status
        : error.validation
          ? 400
          : (error.statusCode ?? 500);
    const body: CmlErrorBody = { code: status, description: error.message };
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: CmlErrorBody = { code: 404, description: `Not found: ${request.url}` };
    return reply.code(404).send(body);
  });
}
