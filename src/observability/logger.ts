/** Structured logging (pino). Components receive a `Logger` and create children per concern. */
import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

export type Logger = PinoLogger;

export interface CreateLoggerOptions {
  /** @default 'info' */
  level?: LevelWithSilent;
  /** Base fields on every line, e.g. `{ service: 'lcm' }`. */
  base?: Record<string, unknown>;
}

/** Secrets never reach a log line, whatever object carries them (two levels deep). */
const SECRET_KEYS = [
  'password',
  'passwordHash',
  'token',
  'apiKey',
  'key',
  'secret',
  'secretHash',
  'privateJwk',
  'authorization',
  'cookie',
  'licenseToken',
];
export const REDACTED_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
];

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    base: options.base ?? { service: 'lcm' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}

/** A logger that drops everything; for tests and benchmarks. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
