/**
 * The OpenAPI document as `/openapi.json` serves it, rendered without a listening server (over a
 * throwaway memory store) for the checked-in docs/openapi.json.
 */
import { SystemClock } from '../clock/index.js';
import { loadConfig } from '../config/index.js';
import { createMetricsRegistry, createSilentLogger } from '../observability/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';
import { MemoryStore } from '../store/memory/memory-store.js';
import { assembleApi } from './assemble-api.js';

export async function renderOpenApi(): Promise<string> {
  const config = loadConfig({
    env: {},
    overrides: { logLevel: 'silent', auth: { adminPassword: 'render-openapi-only' } },
  });
  const clock = new SystemClock();
  const registry = createKindRegistry();
  const store = new MemoryStore({ registry, clock, config: config.store });
  const api = await assembleApi({
    config,
    store,
    registry,
    clock,
    logger: createSilentLogger(),
    metrics: createMetricsRegistry({ defaultMetrics: false }),
  });
  try {
    await api.app.ready();
    return `${JSON.stringify(api.app.swagger(), null, 2)}\n`;
  } finally {
    await api.close();
    await store.close();
  }
}
