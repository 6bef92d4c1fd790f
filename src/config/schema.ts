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
});

export type LcmConfig = Static<typeof ConfigSchema>;
export type StoreConfig = Static<typeof StoreConfigSchema>;
