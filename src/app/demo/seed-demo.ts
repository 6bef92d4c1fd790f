/**
 * Seeds the demo of `lcm serve` (docs/demo.md): creates the demo WorkerTemplate and
 * LabletDefinitions when they are missing. Create-only and idempotent: an existing object of the
 * same name is left exactly as the operator has it, and a concurrent seeding is harmless.
 */
import type { ResourceClient } from '../../client/resource-client.js';
import { hasReason, ignoreNotFound } from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';
import type { AnyResource } from '../../resources/index.js';
import { buildDemoDefinitions, buildDemoTemplate } from './demo-objects.js';

export interface SeedDemoOptions {
  client: ResourceClient;
  logger: Logger;
  /** `providers.simTimeScale`: the template's `startupSeconds` follows it. */
  timeScale: number;
  /** Namespace of the definitions. @default 'default' */
  namespace?: string;
}

export interface SeedDemoResult {
  /** `Kind/name` of each object this call created. */
  created: string[];
  /** `Kind/name` of each object that was there already (left unchanged). */
  existing: string[];
}

export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
  const { client, logger } = options;
  const objects = [
    buildDemoTemplate({ timeScale: options.timeScale }),
    ...buildDemoDefinitions(options.namespace ?? 'default'),
  ];
  const result: SeedDemoResult = { created: [], existing: [] };
  for (const object of objects) {
    const ref = `${object.kind}/${object.metadata.name}`;
    const list = (await createIfMissing(client, object)) ? result.created : result.existing;
    list.push(ref);
  }
  if (result.created.length > 0)
    logger.info({ created: result.created }, 'demo: created the demo template and definitions');
  if (result.existing.length > 0)
    logger.info({ existing: result.existing }, 'demo: objects already present, left unchanged');
  return result;
}

/** True when this call created the object; false when one of that name exists. */
async function createIfMissing(client: ResourceClient, object: AnyResource): Promise<boolean> {
  const { kind, metadata } = object;
  if (await ignoreNotFound(client.get(kind, metadata.name, metadata.namespace))) return false;
  try {
    await client.create(object);
    return true;
  } catch (error) {
    // Another replica seeded it between our read and our create.
    if (hasReason(error, 'AlreadyExists')) return false;
    throw error;
  }
}
