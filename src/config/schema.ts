/**
 * Every setting of LCM in one schema: type, default and a one-line description.
 * docs/configuration.md is generated from this file (`npm run docs:config`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Integer, OptionalString } from './setting-types.js';
import {
  DemoConfigSchema,
  EventsConfigSchema,
  LabsConfigSchema,
  SessionsConfigSchema,
} from './lifecycle-schemas.js';

export const StoreConfigSchema = Type.Object({
  eventRetentionSeconds: Integer({
    default: 3600,
    minimum: 1,
    description: 'Events older than this are compacted from the watch log.',
  }),
  eventRetentionMaxEvents: Integer({
    default: 100_000,
    minimum: 100,
    description: 'At most this many events are kept in the watch log.',
  }),
  compactionIntervalSeconds: Integer({
    default: 60,
    minimum: 1,
    description: 'How often the event log is compacted.',
  }),
  bookmarkIntervalSeconds: Integer({
    default: 10,
    minimum: 1,
    description: 'How often an idle watch receives a BOOKMARK with the current revision.',
  }),
  watchPollIntervalMs: Integer({
    default: 2000,
    minimum: 10,
    description: 'Safety-net poll of the event log, in case a NOTIFY was missed.',
  }),
  maxObjectBytes: Integer({
    default: 1_048_576,
    minimum: 1024,
    description: 'Largest serialized object the store accepts.',
  }),
});

/**
 * External systems. Every system runs as a simulator unless configured: leave `lds.url` or
 * `grading.url` unset to run lds-sim / grading-sim; templates with `provider: sim` use the cloud
 * simulator (and a cml-sim per instance), `provider: aws` uses EC2 in `aws.region`.
 */
export const ProvidersConfigSchema = Type.Object({
  simTimeScale: Type.Number({
    exclusiveMinimum: 0,
    default: 0.05,
    description:
      'Time factor of every simulator: 0.1 runs their delays 10× faster. The default 0.05 lets the demo boot a worker and a lab in seconds; 1 is real time.',
  }),
  simHostUrl: OptionalString(
    'URL of a shared simulator host (`lcm sim`); unset = the simulators run in this process.',
  ),
  aws: Type.Object(
    {
      region: OptionalString(
        'AWS region for templates with provider aws (unset: aws templates fail).',
      ),
      subnetId: OptionalString('Subnet of launched workers.'),
      securityGroupIds: Type.Array(Type.String({ minLength: 1 }), {
        default: [],
        description: 'Security groups of launched workers (env: comma-separated).',
      }),
      keyName: OptionalString('EC2 key pair of launched workers.'),
    },
    { default: {}, description: 'AWS EC2.' },
  ),
  cml: Type.Object(
    {
      username: Type.String({ default: 'admin', description: 'CML user on every worker.' }),
      password: Type.String({
        default: 'admin',
        description: 'Its password (set it for real workers).',
      }),
      insecureTls: Type.Boolean({
        default: true,
        description: 'Accept self-signed certificates, the norm on CML.',
      }),
      timeoutMs: Integer({ default: 60_000, minimum: 1, description: 'Per-call timeout.' }),
    },
    { default: {}, description: 'Cisco Modeling Labs on the workers.' },
  ),
  lds: Type.Object(
    {
      url: OptionalString('LDS base URL; unset runs lds-sim.'),
      username: Type.String({ default: 'lds', description: 'HTTP Basic user.' }),
      password: Type.String({ default: 'lds', description: 'HTTP Basic password.' }),
      frontendUrl: OptionalString('Browser-facing LDS origin for launch URLs.'),
    },
    { default: {}, description: 'Lab Delivery System.' },
  ),
  grading: Type.Object(
    {
      url: OptionalString('Grading engine base URL; unset runs grading-sim.'),
      token: Type.String({ default: 'grading-sim-token', description: 'Bearer token.' }),
    },
    { default: {}, description: 'Grading engine.' },
  ),
});

/** Authentication, sessions and audit (SPEC.md "Roles", "API contract details"). */
export const AuthConfigSchema = Type.Object({
  oidcIssuer: OptionalString(
    'OIDC issuer URL (e.g. a Keycloak realm). When set, bearer JWTs are verified against its JWKS and the built-in issuer (local users, login) is off.',
  ),
  oidcAudience: Type.String({
    default: 'lcm-api',
    description: 'Audience (`aud`) a token must carry, for OIDC and built-in tokens alike.',
  }),
  oidcJwksUrl: OptionalString(
    'JWKS URL of the OIDC issuer; default: discovered from its `/.well-known/openid-configuration`.',
  ),
  oidcRolesClaim: Type.String({
    default: 'realm_access.roles',
    description: 'Dot path of the roles claim in OIDC tokens (Keycloak realm roles by default).',
  }),
  oidcUsernameClaim: Type.String({
    default: 'preferred_username',
    description: 'Claim holding the display user name in OIDC tokens.',
  }),
  adminPassword: OptionalString(
    'Password of the built-in `admin` created on first start (env `LCM_ADMIN_PASSWORD`); unset = a random one, printed once.',
  ),
  tokenTtlSeconds: Integer({
    default: 28_800,
    minimum: 60,
    description: 'Lifetime of tokens issued by the built-in issuer (and of the dashboard cookie).',
  }),
  cookieSecure: Type.Boolean({
    default: false,
    description: 'Mark the session cookie `Secure` (set when the API is served over HTTPS).',
  }),
  auditRetentionDays: Integer({
    default: 90,
    minimum: 90,
    description: 'Audit records (and CloudEvent receipts) are kept at least this long.',
  }),
  loginRateLimitPerMinute: Integer({
    default: 10,
    minimum: 1,
    description: 'Login attempts allowed per client address per minute.',
  }),
  mutationRateLimitPerMinute: Integer({
    default: 6000,
    minimum: 1,
    description: 'Mutating requests allowed per caller per minute.',
  }),
});

/** Placement and fleet size (SPEC.md "Scheduling", "Auto-scaling"). */
export const SchedulingConfigSchema = Type.Object({
  maxWorkersPerRegion: Integer({
    default: 10,
    minimum: 1,
    description: 'Most workers (starting or running) a region may have.',
  }),
  horizonMinutes: Integer({
    default: 35,
    minimum: 1,
    description:
      'Sessions are placed once their timeslot starts within this many minutes (worker boot + lab start).',
  }),
  scaleUpCooldownSeconds: Integer({
    default: 60,
    description: "No scale-up in a region within this long of the region's last scale-up.",
  }),
});

/**
 * Scale-down of idle workers (SPEC.md "Auto-scaling"; docs/autoscaling.md). On by default: SPEC
 * makes it part of the system, and the original team's off-by-default left idle workers billing
 * (original-system-facts.md lesson 14). Its guards are conservative and the action is a stop, so a
 * worker comes back in `startupSeconds`; keep warm capacity with `minWorkersPerRegion`.
 */
export const AutoscalingConfigSchema = Type.Object({
  scaleDownEnabled: Type.Boolean({
    default: true,
    description: 'Drain and stop idle workers when every scale-down guard holds.',
  }),
  idleTimeoutMinutes: Integer({
    default: 60,
    minimum: 1,
    description: 'A worker must be idle (no allocation, no CML activity) this long to scale down.',
  }),
  minWorkersPerRegion: Integer({
    default: 0,
    description: 'Running workers a region keeps however idle they are.',
  }),
  scaleDownCooldownMinutes: Integer({
    default: 10,
    description: "No scale-down within this long of the region's last scale-up or scale-down.",
  }),
  scaleDownAction: Type.Union([Type.Literal('Stop'), Type.Literal('Terminate')], {
    default: 'Stop',
    description: 'What follows the drain: Stop (restarts in minutes) or Terminate.',
  }),
});

/** The HTTP server. */
export const ApiConfigSchema = Type.Object({
  bodyLimitBytes: Integer({
    default: 2_097_152,
    minimum: 1024,
    description: 'Largest request body accepted; larger requests get 413.',
  }),
  corsOrigins: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    description: 'Origins allowed by CORS (comma-separated in env); empty = CORS off.',
  }),
  sseHeartbeatSeconds: Integer({
    default: 15,
    minimum: 1,
    description: 'Interval of the keep-alive comment on `/api/stream`.',
  }),
  publicUrl: OptionalString(
    'URL the deployment is reached at (CloudEvents `source`, links); default: the listen address.',
  ),
});

export const ConfigSchema = Type.Object({
  host: Type.String({ default: '127.0.0.1', description: 'Address the HTTP server binds to.' }),
  port: Integer({ default: 8080, description: 'HTTP port (env `PORT`).' }),
  dataDir: Type.String({
    default: './data',
    description: 'Folder of the embedded PGlite store, used when `databaseUrl` is not set.',
  }),
  secretsDir: Type.String({
    default: './secrets',
    description:
      "Folder of secret files: a Worker's `spec.license.tokenSecret` names a file here (the CML licence token).",
  }),
  databaseUrl: Type.Optional(
    Type.String({
      description: 'PostgreSQL connection string (env `DATABASE_URL`); unset = embedded PGlite.',
    }),
  ),
  logLevel: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info', description: 'pino log level.' },
  ),
  apiUrl: OptionalString(
    'URL of a remote `lcm api` (env `LCM_API_URL`); `lcm controller` and the CLI talk to it.',
  ),
  apiKey: OptionalString(
    'API key a remote controller presents to `apiUrl` (env `LCM_API_KEY`); never logged.',
  ),
  api: Type.Object(ApiConfigSchema.properties, { default: {}, description: 'HTTP server.' }),
  auth: Type.Object(AuthConfigSchema.properties, {
    default: {},
    description: 'Authentication and audit.',
  }),
  scheduling: Type.Object(SchedulingConfigSchema.properties, {
    default: {},
    description: 'Placement and fleet size.',
  }),
  autoscaling: Type.Object(AutoscalingConfigSchema.properties, {
    default: {},
    description: 'Scale-down of idle workers.',
  }),
  sessions: Type.Object(SessionsConfigSchema.properties, {
    default: {},
    description: 'Session lifecycle deadlines and retries.',
  }),
  labs: Type.Object(LabsConfigSchema.properties, {
    default: {},
    description: 'Lab records: discovery and orphans.',
  }),
  events: Type.Object(EventsConfigSchema.properties, {
    default: {},
    description: 'CloudEvents delivered to HTTP sinks.',
  }),
  demo: Type.Object(DemoConfigSchema.properties, {
    default: {},
    description: 'The demo of `lcm serve`.',
  }),
  store: Type.Object(StoreConfigSchema.properties, {
    default: {},
    description: 'Resource store.',
  }),
  providers: Type.Object(ProvidersConfigSchema.properties, {
    default: {},
    description: 'External systems and their simulators.',
  }),
});

export type LcmConfig = Static<typeof ConfigSchema>;
export type StoreConfig = Static<typeof StoreConfigSchema>;
export type AuthConfig = Static<typeof AuthConfigSchema>;
export type ApiConfig = Static<typeof ApiConfigSchema>;
export type SchedulingConfig = Static<typeof SchedulingConfigSchema>;
export type AutoscalingConfig = Static<typeof AutoscalingConfigSchema>;
export type ProvidersConfig = Static<typeof ProvidersConfigSchema>;
export type SessionsConfig = Static<typeof SessionsConfigSchema>;
export type LabsConfig = Static<typeof LabsConfigSchema>;
export type EventsConfig = Static<typeof EventsConfigSchema>;
export type DemoConfig = Static<typeof DemoConfigSchema>;
