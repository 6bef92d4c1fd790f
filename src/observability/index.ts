/** The observability kernel: logging and the metrics registry. */
export {
  createLogger,
  createSilentLogger,
  type Logger,
  type CreateLoggerOptions,
} from './logger.js';
export { createMetricsRegistry, Registry } from './metrics.js';
