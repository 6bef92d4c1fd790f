/**
 * The HTTP transport of the real CML, LDS and grading clients: fetch (undici) with a per-call
 * timeout, optional acceptance of self-signed certificates (the norm on CML), JSON bodies, and
 * every failure mapped to an `LcmError` (timeouts and connection errors → Unavailable).
 */
import { Agent, fetch, type Dispatcher } from 'undici';
import { InvalidError, UnavailableError } from '../../errors/index.js';
import { mapHttpError } from './map-http-error.js';

export interface HttpJsonClientOptions {
  /** Base URL, e.g. `https://10.0.0.5/api/v0`. */
  baseUrl: string;
  /** Name of the system for error messages, e.g. `CML`. */
  system: string;
  /** @default 30_000 */
  timeoutMs?: number;
  /** Accept self-signed or otherwise unverifiable certificates. @default false */
  insecureTls?: boolean;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** What the call does, for error messages. */
  operation: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON-serialised unless it is a string (sent as-is with `contentType`). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  text: string;
}

export class HttpJsonClient {
  readonly #options: HttpJsonClientOptions;
  readonly #dispatcher: Dispatcher | undefined;

  constructor(options: HttpJsonClientOptions) {
    this.#options = options;
    this.#dispatcher = options.insecureTls
      ? new Agent({ connect: { rejectUnauthorized: false } })
      : undefined;
  }

  /** Sends the request; resolves on 2xx, otherwise rejects with the mapped `LcmError`. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(this.#options.baseUrl.replace(/\/$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const timeoutMs = this.#options.timeoutMs ?? 30_000;
    const isText = typeof request.body === 'string';
    let response: Awaited<ReturnType<typeof fetch>>;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          ...(request.body === undefined
            ? {}
            : {
                'content-type': request.contentType ?? (isText ? 'text/plain' : 'application/json'),
              }),
          ...request.headers,
        },
        ...(request.body === undefined
          ? {}
          : { body: isText ? (request.body as string) : JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(timeoutMs),
        ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
      });
      text = await response.text();
    } catch (error) {
      throw this.#transportError(request, error, timeoutMs);
    }
    if (response.status >= 400)
      throw mapHttpError({
        system: this.#options.system,
        operation: request.operation,
        status: response.status,
        body: text,
      });
    return { status: response.status, text };
  }

  /** Sends the request and parses a JSON answer (undefined for an empty body). */
  async json<T>(request: HttpRequest): Promise<T> {
    const { text } = await this.send(request);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      // A 2xx that is not JSON means a proxy or a broken server answered: retry later.
      throw new UnavailableError(
        `${this.#options.system} ${request.operation} answered with a body that is not JSON: ${text.slice(0, 120)}`,
        {
          details: { system: this.#options.system, operation: request.operation, retryable: true },
          cause: error,
        },
      );
    }
  }

  /** Frees the connections now; calls still in flight fail (shutdown must not wait for them). */
  async close(): Promise<void> {
    await this.#dispatcher?.destroy();
  }

  /**
   * A failure before any HTTP answer. A certificate the client refuses will not fix itself:
   * Invalid, with the setting to change. Anything else (timeout, refused connection) is
   * Unavailable; for a POST the outcome is unknown (the system may have acted), which
   * `details.outcomeUnknown` tells the caller, so it looks before it retries.
   */
  #transportError(request: HttpRequest, error: unknown, timeoutMs: number): Error {
    const system = this.#options.system;
    const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))
      return new InvalidError(
        `${system} ${request.operation} failed: the server's TLS certificate is not trusted (${code}); install a trusted certificate or set insecureTls for this system`,
        {
          details: { system, operation: request.operation, field: 'insecureTls', retryable: false },
          cause: error,
        },
      );
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : describeCause(error);
    return new UnavailableError(`${system} ${request.operation} failed: ${reason}`, {
      details: {
        system,
        operation: request.operation,
        retryable: true,
        ...(request.method === 'POST' ? { outcomeUnknown: true } : {}),
      },
      cause: error,
    });
  }
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${error.message} (${cause.code})` : error.message;
}
