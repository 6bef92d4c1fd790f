/**
 * The simulators of a sim host (`sim-host-server.ts`) as this process's `Simulators`: a
 * CloudProvider forwarding each call over HTTP (dates revived), CML endpoints, the LDS and
 * grading URLs. Errors come back as the same `LcmError`s the host's simulators threw.
 */
import { Agent, fetch } from 'undici';
import { mapStatusError } from '../../errors/index.js';
import type {
  CloudInstance,
  CloudProvider,
  InstanceMetrics,
} from '../../providers/cloud/cloud-provider.js';
import type { EventSink, Simulators } from '../simulators.js';
import type { CloudOperation, SimHostInfo } from './sim-host-server.js';

export async function connectSimulators(baseUrl: string): Promise<Simulators> {
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      dispatcher: agent,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw mapStatusError(response.status, parsed);
    return parsed;
  };
  const info = (await call('GET', '/_sim/host')) as SimHostInfo;
  const cloudCall = async (operation: CloudOperation, ...args: unknown[]) =>
    (
      (await call('POST', `/cloud/${operation}`, { args: args.map(withoutSignal) })) as {
        result: unknown;
      }
    ).result;
  const cloud: CloudProvider = {
    launch: async (request) => reviveInstance(await cloudCall('launch', request)),
    describe: async (id) => reviveInstance(await cloudCall('describe', id)),
    start: async (id) => (await cloudCall('start', id)) as never,
    stop: async (id, options) => (await cloudCall('stop', id, options ?? {})) as never,
    terminate: async (id, options) => (await cloudCall('terminate', id, options ?? {})) as never,
    listByTag: async (key, value) =>
      ((await cloudCall('listByTag', key, value)) as unknown[]).map(reviveInstance),
    metrics: async (id) => reviveMetrics(await cloudCall('metrics', id)),
    close: () => Promise.resolve(),
  };
  return {
    cloud,
    cml: {
      endpointFor: async (instanceId) =>
        ((await call('POST', `/cml/${encodeURIComponent(instanceId)}`)) as { url: string }).url,
      release: async (instanceId) => {
        await call('DELETE', `/cml/${encodeURIComponent(instanceId)}`);
      },
    },
    ldsUrl: info.ldsUrl,
    gradingUrl: info.gradingUrl,
    async setEventSink(sink: EventSink) {
      await call('PUT', '/_sim/sink', sink);
    },
    async setFaults(settings) {
      await call('PUT', '/_sim/faults', settings);
    },
    close: () => agent.close(),
  };
}

/** Call options carry an AbortSignal, which does not cross the wire (nor need to). */
function withoutSignal(arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null || !('signal' in arg)) return arg;
  const { signal: _signal, ...rest } = arg as Record<string, unknown>;
  return rest;
}

function reviveInstance(value: unknown): CloudInstance {
  const instance = value as CloudInstance & { launchTime: string };
  return { ...instance, launchTime: new Date(instance.launchTime) };
}

function reviveMetrics(value: unknown): InstanceMetrics {
  const metrics = value as InstanceMetrics & { sampledAt?: string };
  return metrics.sampledAt === undefined
    ? metrics
    : { ...metrics, sampledAt: new Date(metrics.sampledAt) };
}
