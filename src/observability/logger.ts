/** Structured logging (pino). Components receive a `Logger` and create children per concern. */
import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

export type Logger = PinoLogger;

export interface CreateLoggerOptions {
  /** @default 'info' */
  level?: LevelWithSilent;
  /** Base fields on every line, e.g. `{ service: 'lcm' }`. */
  base?: Record<string, unknown>;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino({ level: options.level ?? 'info', base: options.base ?? { service: 'lcm' } });
}

/** A logger that drops everything; for tests and benchmarks. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
