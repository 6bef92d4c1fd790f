/**
 * The CLI's connection to a remote API: resolves the server and credential (flags ← env ← stored
 * login), serves resource operations through the HttpResourceClient and makes the plain JSON calls
 * of the other endpoints (login, actions, explain, API keys), mapping error bodies to `LcmError`s.
 */
import type { Command } from 'commander';
import { Agent, request } from 'undici';
import { API_BASE } from '../api/resource-paths.js';
import { SystemClock, type Clock } from '../clock/index.js';
import { HttpResourceClient } from '../client/http-client.js';
import { mapStatusError } from '../errors/index.js';
import type { ResourceClient } from '../client/resource-client.js';
import { UnauthorizedError, UnavailableError } from '../errors/index.js';
import type { KindDefinition } from '../resources/index.js';
import { configDirFrom, CredentialsFile } from './credentials-file.js';

/** `--server` and `--token`, taken by every command that talks to the API. */
export interface ConnectionFlags {
  server?: string;
  token?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--server <url>', 'API base URL (env LCM_API_URL; default: the stored login)')
    .option('--token <token>', 'bearer token or API key (env LCM_TOKEN or LCM_API_KEY)');
}

const REQUEST_TIMEOUT_MS = 30_000;

export class ApiSession {
  readonly server: string;
  readonly clock: Clock;
  readonly #credential: string | undefined;
  readonly #agent = new Agent({ headersTimeout: REQUEST_TIMEOUT_MS });
  #resources: HttpResourceClient | undefined;

  constructor(options: { server: string; credential?: string; clock?: Clock }) {
    this.server = options.server.replace(/\/+$/, '');
    this.#credential = options.credential;
    this.clock = options.clock ?? new SystemClock();
  }

  /** The resource client (get, list, create, update, delete, watch) over this connection. */
  get resources(): ResourceClient {
    if (!this.#credential) throw notLoggedIn(this.server);
    this.#resources ??= new HttpResourceClient({
      baseUrl: this.server,
      credential: this.#credential,
      clock: this.clock,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    return this.#resources;
  }

  /** A JSON call to `path`; rejects with the `LcmError` the server answered. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#credential) headers.authorization = `Bearer ${this.#credential}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(`${this.server}${path}`, {
        method: method as 'GET',
        headers,
        dispatcher: this.#agent,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new UnavailableError(`cannot reach ${this.server}: ${describeNetworkError(error)}`, {
        cause: error,
      });
    }
    const text = await response.body.text();
    const parsed = parseJson(text);
    if (response.statusCode < 300) return parsed as T;
    throw mapStatusError(response.statusCode, parsed);
  }

  async close(): Promise<void> {
    await this.#resources?.close();
    await this.#agent.close();
  }
}

/**
 * Opens a session with the server and credential from, in order: the flags, the environment
 * (`LCM_API_URL`, `LCM_TOKEN`, `LCM_API_KEY`) and the stored login — whose token is only ever sent
 * to the server it was issued by. `Unauthorized` when there is no credential or it has expired.
 */
export async function openApiSession(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ApiSession> {
  const clock = new SystemClock();
  const stored = await new CredentialsFile({ dir: configDirFrom(env) }).read();
  // Empty variables count as unset, so `LCM_TOKEN= lcm …` falls back to the stored login.
  const server = trimSlash(flags.server ?? (env.LCM_API_URL || stored?.server));
  if (!server)
    throw new UnauthorizedError(
      'not logged in: run `lcm login --server <url>`, or pass --server and --token',
    );
  const explicit = flags.token ?? (env.LCM_TOKEN || env.LCM_API_KEY);
  if (explicit) return new ApiSession({ server, credential: explicit, clock });
  if (!stored || trimSlash(stored.server) !== server) throw notLoggedIn(server);
  if (Date.parse(stored.expiresAt) <= clock.nowMs())
    throw new UnauthorizedError(
      `your login to ${server} expired at ${stored.expiresAt}: run \`lcm login\` again`,
    );
  return new ApiSession({ server, credential: stored.token, clock });
}

/** Runs `work` with an open session and always closes it. */
export async function withApiSession<T>(
  flags: ConnectionFlags,
  work: (session: ApiSession) => Promise<T>,
): Promise<T> {
  const session = await openApiSession(flags);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** The URL path of one object (for actions and explain). */
export function objectPath(kind: KindDefinition, name: string, namespace: string): string {
  const collection =
    kind.scope === 'Namespaced'
      ? `${API_BASE}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`
      : `${API_BASE}/${kind.plural}`;
  return `${collection}/${encodeURIComponent(name)}`;
}

function notLoggedIn(server: string): UnauthorizedError {
  return new UnauthorizedError(
    `not logged in to ${server}: run \`lcm login --server ${server}\`, or pass --token (or set LCM_TOKEN / LCM_API_KEY)`,
  );
}

function trimSlash(url: string | undefined): string | undefined {
  return url ? url.replace(/\/+$/, '') : undefined;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeNetworkError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code ?? message ?? String(error);
}
