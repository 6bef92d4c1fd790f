/**
 * The real LDS client: Reservations API v3 over HTTP with Basic auth, one deployment per region
 * (chosen per call by `region`, falling back to `defaultRegion`).
 */
import { InvalidError, UnavailableError } from '../../errors/index.js';
import { HttpJsonClient } from '../http/http-json-client.js';
import type {
  LdsClient,
  LdsDevice,
  LdsSession,
  LdsSessionCreate,
  LdsSessionCreated,
  LdsSessionRef,
  LdsTarget,
} from './lds-client.js';

/** One LDS deployment (config `lds.deployments.<region>`). */
export interface LdsDeployment {
  /** Internal API base URL, without `/reservations/v3`, e.g. `https://lds.example.com`. */
  baseUrl: string;
  username: string;
  password: string;
  /** Browser-facing origin; launch URLs are rewritten to it. @default the URL LDS returned */
  frontendBaseUrl?: string;
}

export interface HttpLdsClientOptions {
  /** Deployments by region, e.g. `{ 'us-east-1': {...} }`. */
  deployments: Record<string, LdsDeployment>;
  /** Region used when a call names one without a deployment. @default none (→ Invalid) */
  defaultRegion?: string;
  /** Per-call timeout. @default 30_000 */
  timeoutMs?: number;
  /** @default false */
  insecureTls?: boolean;
}

interface Deployment {
  baseUrl: string;
  http: HttpJsonClient;
  authorization: string;
  frontendBaseUrl: string | undefined;
}

const BASE_PATH = '/reservations/v3/lab_session';

/**
 * One `HttpJsonClient` per deployment, built once. A single client for all regions (rather than
 * one client per region) keeps the port region-aware, so the sessions controller passes the
 * worker's region and never picks deployments itself.
 */
export class HttpLdsClient implements LdsClient {
  readonly #deployments = new Map<string, Deployment>();
  readonly #defaultRegion: string | undefined;

  constructor(options: HttpLdsClientOptions) {
    this.#defaultRegion = options.defaultRegion;
    for (const [region, deployment] of Object.entries(options.deployments)) {
      const credentials = `${deployment.username}:${deployment.password}`;
      this.#deployments.set(region, {
        baseUrl: deployment.baseUrl,
        http: new HttpJsonClient({
          baseUrl: deployment.baseUrl,
          system: `LDS ${region}`,
          timeoutMs: options.timeoutMs ?? 30_000,
          insecureTls: options.insecureTls ?? false,
        }),
        authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`,
        frontendBaseUrl: deployment.frontendBaseUrl,
      });
    }
  }

  async createSession(
    request: LdsTarget & { session: LdsSessionCreate },
  ): Promise<LdsSessionCreated> {
    const deployment = this.#deployment(request.region);
    return deployment.http.json<LdsSessionCreated>({
      method: 'POST',
      path: BASE_PATH,
      operation: 'create session',
      body: request.session,
      headers: { authorization: deployment.authorization },
    });
  }

  async getSession(request: LdsSessionRef): Promise<LdsSession> {
    const deployment = this.#deployment(request.region);
    return deployment.http.json<LdsSession>({
      method: 'GET',
      path: `${BASE_PATH}/${encodeURIComponent(request.sessionId)}`,
      operation: 'get session',
      headers: { authorization: deployment.authorization },
    });
  }

  async setDevices(
    request: LdsSessionRef & { part: number; devices: LdsDevice[] },
  ): Promise<LdsDevice[]> {
    const deployment = this.#deployment(request.region);
    return deployment.http.json<LdsDevice[]>({
      method: 'PUT',
      path: `${BASE_PATH}/${encodeURIComponent(request.sessionId)}/part/${request.part}/devices`,
      operation: 'set devices',
      body: request.devices,
      headers: { authorization: deployment.authorization },
    });
  }

  async getLaunchUrl(request: LdsSessionRef): Promise<string> {
    const deployment = this.#deployment(request.region);
    const answer = await deployment.http.json<{ url?: unknown } | undefined>({
      method: 'GET',
      path: `${BASE_PATH}/${encodeURIComponent(request.sessionId)}/lablet_launch_url`,
      operation: 'get launch URL',
      headers: { authorization: deployment.authorization },
    });
    if (typeof answer?.url !== 'string' || answer.url === '')
      throw new UnavailableError('LDS get launch URL answered without a url; retry later', {
        details: { system: 'LDS', operation: 'get launch URL', retryable: true },
      });
    // A relative answer is resolved against the deployment, as a browser would.
    const absolute = new URL(answer.url, deployment.baseUrl).toString();
    return rewriteOrigin(absolute, deployment.frontendBaseUrl);
  }

  async releaseSession(request: LdsSessionRef): Promise<void> {
    const deployment = this.#deployment(request.region);
    // LDS requires a JSON body here (415 without one).
    await deployment.http.send({
      method: 'POST',
      path: `${BASE_PATH}/${encodeURIComponent(request.sessionId)}/release`,
      operation: 'release session',
      body: {},
      headers: { authorization: deployment.authorization },
    });
  }

  /** Closes every deployment's connection pool. */
  async close(): Promise<void> {
    await Promise.all([...this.#deployments.values()].map((deployment) => deployment.http.close()));
  }

  #deployment(region: string): Deployment {
    const deployment =
      this.#deployments.get(region) ??
      (this.#defaultRegion === undefined ? undefined : this.#deployments.get(this.#defaultRegion));
    if (!deployment)
      throw new InvalidError(
        `no LDS deployment serves region "${region}" and none is the default`,
        {
          details: { field: 'region', region },
        },
      );
    return deployment;
  }
}

/** Replaces scheme, host and port of `url` with those of `frontendBaseUrl` (path kept). */
function rewriteOrigin(url: string, frontendBaseUrl: string | undefined): string {
  if (frontendBaseUrl === undefined) return url;
  const original = new URL(url);
  const frontend = new URL(frontendBaseUrl);
  const prefix = frontend.pathname.replace(/\/$/, '');
  return `${frontend.origin}${prefix}${original.pathname}${original.search}${original.hash}`;
}
