/**
 * The API's object graph over an open store: admission, the local client, the token issuer (built-in
 * or OIDC), the first admin, the audit retention sweep, and the Fastify app. Shared by `lcm serve`
 * and `lcm api`.
 */
import type { FastifyInstance } from 'fastify';
import { BuiltInAdmission } from '../admission/built-in-admission.js';
import { Authenticator } from '../api/auth/authenticator.js';
import { ensureBootstrapAdmin, ensureSigningKey } from '../api/auth/bootstrap-credentials.js';
import { AuditRetention } from '../api/audit/audit-retention.js';
import { buildApiServer } from '../api/server.js';
import { BuiltInIssuer, OidcVerifier } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import { LocalResourceClient } from '../client/local-client.js';
import type { LcmConfig } from '../config/index.js';
import type { Logger, Registry } from '../observability/index.js';
import type { KindRegistry } from '../resources/index.js';
import type { ResourceStore } from '../store/index.js';

export interface AssembledApi {
  app: FastifyInstance;
  /** The unaudited in-process client (for controllers running in the same process). */
  local: LocalResourceClient;
  /** Set on the first start when the admin's password was generated: show it once. */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

export async function assembleApi(options: {
  config: Readonly<LcmConfig>;
  store: ResourceStore;
  registry: KindRegistry;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
}): Promise<AssembledApi> {
  const { config, clock } = options;
  const local = new LocalResourceClient({
    store: options.store,
    admission: new BuiltInAdmission({ clock }),
    clock,
  });
  const oidc = config.auth.oidcIssuer
    ? new OidcVerifier({
        issuer: config.auth.oidcIssuer,
        audience: config.auth.oidcAudience,
        ...(config.auth.oidcJwksUrl ? { jwksUrl: config.auth.oidcJwksUrl } : {}),
        rolesClaim: config.auth.oidcRolesClaim,
        usernameClaim: config.auth.oidcUsernameClaim,
        clock,
      })
    : undefined;
  const issuer = oidc
    ? undefined
    : await BuiltInIssuer.create({
        key: await ensureSigningKey(local),
        issuer: 'lcm',
        audience: config.auth.oidcAudience,
        tokenTtlSeconds: config.auth.tokenTtlSeconds,
        clock,
      });
  const admin = issuer
    ? await ensureBootstrapAdmin(local, { password: config.auth.adminPassword })
    : { created: false };
  const authenticator = new Authenticator({
    client: local,
    clock,
    ...(issuer ? { issuer } : {}),
    ...(oidc ? { oidc } : {}),
  });
  const app = await buildApiServer({
    store: options.store,
    registry: options.registry,
    local,
    authenticator,
    ...(issuer ? { issuer } : {}),
    metrics: options.metrics,
    logger: options.logger,
    clock,
    config: { api: config.api, auth: config.auth, scheduling: config.scheduling },
  });
  const retention = new AuditRetention({
    client: local,
    clock,
    logger: options.logger,
    retentionDays: config.auth.auditRetentionDays,
  });
  retention.start();
  return {
    app,
    local,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    close: async () => {
      retention.stop();
      await app.close();
    },
  };
}
