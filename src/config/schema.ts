/**
 * Every setting of LCM in one schema: type, default and a one-line description.
 * docs/configuration.md is generated from this file (`npm run docs:config`).
 */
import { Type, type Static } from '@sinclair/typebox';

const Integer = (options: { default: number; minimum?: number; description: string }) =>
  Type.Integer({ minimum: 0, ...options });

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

const OptionalString = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, description }));

/**
 * External systems. Every system runs as a simulator unless configured: leave `lds.url` or
 * `grading.url` unset to run lds-sim / grading-sim; templates with `provider: sim` use the cloud
 * simulator (and a cml-sim per instance), `provider: aws` uses EC2 in `aws.region`.
 */
export const ProvidersConfigSchema = Type.Object({
  simTimeScale: Type.Number({
    exclusiveMinimum: 0,
    default: 1,
    description: 'Time factor of every simulator: 0.1 runs their delays 10× faster.',
  }),
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

export const ConfigSchema = Type.Object({
  host: Type.String({ default: '127.0.0.1', description: 'Address the HTTP server binds to.' }),
  port: Integer({ default: 8080, description: 'HTTP port (env `PORT`).' }),
  dataDir: Type.String({
    default: './data',
    description: 'Folder of the embedded PGlite store, used when `databaseUrl` is not set.',
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
export type ProvidersConfig = Static<typeof ProvidersConfigSchema>;
