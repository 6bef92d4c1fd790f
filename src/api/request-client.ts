/**
 * Per-request clients: the shared LocalResourceClient, audited as the caller and wrapped in the
 * RBAC decorator. Routes never touch the unwrapped client, so no route can skip a check.
 */
import type { FastifyRequest } from 'fastify';
import { AuthorizedResourceClient } from '../client/authorized-client.js';
import type { LocalResourceClient } from '../client/local-client.js';
import { principalOf } from './plugins/authentication.js';

export class RequestClients {
  readonly #local: LocalResourceClient;

  constructor(options: { local: LocalResourceClient }) {
    this.#local = options.local;
  }

  /** The caller's client; writes are audited with `verb` (default: the write's own operation). */
  for(request: FastifyRequest, verb?: string): AuthorizedResourceClient {
    const principal = principalOf(request);
    const inner = this.#local.withAudit({
      actor: { id: principal.id, username: principal.username, via: principal.via },
      requestId: request.id,
      ...(verb ? { verb } : {}),
    });
    return new AuthorizedResourceClient({ inner, principal });
  }
}
