/**
 * Builds the external systems for a process: a real client where one is configured, a simulator
 * otherwise (DESIGN.md "External systems"). Switching a system from simulated to real is
 * configuration only (`providers.*` in docs/configuration.md); controllers see the same ports.
 */
import type { Clock } from '../clock/index.js';
import type { ProvidersConfig } from '../config/index.js';
import { InvalidError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { CloudProvider } from '../providers/cloud/cloud-provider.js';
import { Ec2CloudProvider } from '../providers/cloud/ec2-cloud-provider.js';
import type { CmlClient } from '../providers/cml/cml-client.js';
import { HttpCmlClient } from '../providers/cml/http-cml-client.js';
import type { GradingClient } from '../providers/grading/grading-client.js';
import { HttpGradingClient } from '../providers/grading/http-grading-client.js';
import { HttpLdsClient } from '../providers/lds/http-lds-client.js';
import type { LdsClient } from '../providers/lds/lds-client.js';
import type { FaultSettings } from '../sim/faults.js';
import { connectSimulators } from '../sim/sim-host/remote-simulators.js';
import { startSimulators, type EventSink, type SimulatedCmlEndpoints } from '../sim/simulators.js';

/** The LDS deployment name used when one LDS serves every region. */
const DEFAULT_LDS_REGION = 'default';

export interface ProviderSet {
  /** The cloud for a WorkerTemplate's `provider`; `aws` needs `providers.aws.region`. */
  cloudFor(provider: 'aws' | 'sim'): CloudProvider;
  /**
   * A CML client for a worker's endpoint (one per endpoint and TLS choice, token cached).
   * `insecureTls` overrides `providers.cml.insecureTls` for this worker.
   */
  cmlFor(endpoint: string, options?: { insecureTls?: boolean }): CmlClient;
  /** The CML endpoint of a simulated instance (its cml-sim starts on first use). */
  simulatedCml: SimulatedCmlEndpoints;
  lds: LdsClient;
  grading: GradingClient;
  /** URLs of the HTTP simulators this set started, for logs and tests. */
  simulatorUrls: { lds?: string; grading?: string };
  /** Sets fault settings on every simulator (see `Simulators.setFaults`); real systems are untouched. */
  setSimulatorFaults(settings: Partial<FaultSettings>): Promise<void>;
  close(): Promise<void>;
}

export interface CreateProviderSetOptions {
  config: ProvidersConfig;
  clock: Clock;
  logger: Logger;
  /** Where simulators send their CloudEvents (LCM's `POST /api/events`). */
  eventsSinkUrl?: string;
  /** The API key simulators send their CloudEvents with (a `controller` key). @default none */
  eventsSinkCredential?: string;
}

export async function createProviderSet(options: CreateProviderSetOptions): Promise<ProviderSet> {
  const { logger } = options;
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    // Every closer runs even when one fails, so no simulator is left listening.
    const results = await Promise.allSettled(closers.reverse().map((close) => close()));
    for (const result of results)
      if (result.status === 'rejected')
        logger.warn({ err: result.reason as Error }, 'closing a provider failed');
  };
  try {
    return await buildProviderSet(options, closers, closeAll);
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function buildProviderSet(
  options: CreateProviderSetOptions,
  closers: (() => Promise<void>)[],
  closeAll: () => Promise<void>,
): Promise<ProviderSet> {
  const { config, clock, logger } = options;
  const credential = options.eventsSinkCredential;
  const sink: EventSink = {
    url: options.eventsSinkUrl,
    ...(credential ? { headers: { authorization: `Bearer ${credential}` } } : {}),
  };
  const sims = config.simHostUrl
    ? await connectSimulators(config.simHostUrl)
    : await startSimulators({
        clock,
        logger,
        timeScale: config.simTimeScale,
        ...(config.lds.url ? {} : { lds: config.lds }),
        ...(config.grading.url ? {} : { gradingToken: config.grading.token }),
        cml: config.cml,
        sink,
      });
  closers.push(() => sims.close());
  // A shared host's simulators learn where this process takes their events.
  if (config.simHostUrl) await sims.setEventSink(sink);
  const simulatorUrls: ProviderSet['simulatorUrls'] = {
    ...(config.lds.url || !sims.ldsUrl ? {} : { lds: sims.ldsUrl }),
    ...(config.grading.url || !sims.gradingUrl ? {} : { grading: sims.gradingUrl }),
  };
  const ldsUrl = config.lds.url ?? sims.ldsUrl;
  const gradingUrl = config.grading.url ?? sims.gradingUrl;
  if (!ldsUrl || !gradingUrl)
    throw new InvalidError(
      'the simulator host serves no LDS or grading simulator; set providers.lds.url and providers.grading.url',
      { details: { field: 'providers.simHostUrl' } },
    );

  const lds = new HttpLdsClient({
    deployments: {
      [DEFAULT_LDS_REGION]: {
        baseUrl: ldsUrl,
        username: config.lds.username,
        password: config.lds.password,
        ...(config.lds.frontendUrl ? { frontendBaseUrl: config.lds.frontendUrl } : {}),
      },
    },
    defaultRegion: DEFAULT_LDS_REGION,
  });
  const grading = new HttpGradingClient({
    baseUrl: gradingUrl,
    auth: { kind: 'static', token: config.grading.token },
    clock,
  });
  let ec2: Ec2CloudProvider | undefined;
  const cmlClients = new Map<string, HttpCmlClient>();
  closers.push(
    () => lds.close(),
    () => grading.close(),
    async () => ec2?.close(),
    async () => {
      await Promise.all([...cmlClients.values()].map((client) => client.close()));
    },
  );

  return {
    cloudFor(provider) {
      if (provider === 'sim') return sims.cloud;
      const { region, subnetId, securityGroupIds, keyName } = config.aws;
      if (!region)
        throw new InvalidError(
          'a WorkerTemplate uses provider aws, but providers.aws.region (LCM_PROVIDERS_AWS_REGION) is not set',
          { details: { field: 'providers.aws.region' } },
        );
      ec2 ??= new Ec2CloudProvider({
        region,
        ...(subnetId ? { subnetId } : {}),
        securityGroupIds,
        ...(keyName ? { keyName } : {}),
        clock,
        logger: logger.child({ provider: 'ec2' }),
      });
      return ec2;
    },
    cmlFor(endpoint, options = {}) {
      const { username, password, timeoutMs } = config.cml;
      const insecureTls = options.insecureTls ?? config.cml.insecureTls;
      const key = `${insecureTls ? 'insecure' : 'verified'} ${endpoint}`;
      let client = cmlClients.get(key);
      if (!client) {
        const cmlLogger = logger.child({ cml: endpoint });
        client = new HttpCmlClient({
          baseUrl: endpoint,
          username,
          password,
          insecureTls,
          timeoutMs,
          logger: cmlLogger,
        });
        cmlClients.set(key, client);
      }
      return client;
    },
    simulatedCml: sims.cml,
    lds,
    grading,
    simulatorUrls,
    setSimulatorFaults: (settings) => sims.setFaults(settings),
    close: closeAll,
  };
}
