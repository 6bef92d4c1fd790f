/**
 * The simulated external world of a deployment: the cloud, one CML per instance, the LDS and the
 * grading engine, on one clock and time scale. `lcm serve` starts them in its own process; a sim
 * host (`sim-host/`) serves them to other processes, so they outlive an LCM process that crashes.
 */
import type { Clock } from '../clock/index.js';
import type { Logger } from '../observability/index.js';
import type { CloudProvider } from '../providers/cloud/cloud-provider.js';
import { SimCloudProvider } from './cloud-sim/sim-cloud-provider.js';
import { SimCmlFleet } from './cml-sim/cml-sim-fleet.js';
import type { EventSenderTuning } from './event-sink/cloud-event-sender.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { GradingSim } from './grading-sim/grading-sim.js';
import { LdsSim } from './lds-sim/lds-sim.js';

/** Where a simulated instance's CML answers. */
export interface SimulatedCmlEndpoints {
  /** The base URL of the instance's CML (its simulator starts on first use). */
  endpointFor(instanceId: string): Promise<string>;
  /** Stops the instance's CML (the instance was terminated). */
  release(instanceId: string): Promise<void>;
}

/** Where the simulators send their CloudEvents (LCM's `POST /api/events`) and with what key. */
export interface EventSink {
  url: string | undefined;
  headers?: Record<string, string>;
}

export interface Simulators {
  cloud: CloudProvider;
  cml: SimulatedCmlEndpoints;
  /** Base URLs of the HTTP simulators (undefined when that system is real). */
  ldsUrl: string | undefined;
  gradingUrl: string | undefined;
  /** Points the LDS and grading simulators' events (including pending retries) at `sink`. */
  setEventSink(sink: EventSink): Promise<void>;
  /**
   * Sets fault settings (merged over the current ones) on every simulator at once: the cloud,
   * each CML (those started later too), the LDS and the grading engine. A fault test's storm.
   */
  setFaults(settings: Partial<FaultSettings>): Promise<void>;
  close(): Promise<void>;
}

export interface StartSimulatorsOptions {
  clock: Clock;
  logger: Logger;
  /** Every simulated delay × this. */
  timeScale: number;
  /** Start lds-sim with this account; omit when a real LDS is configured. */
  lds?: { username: string; password: string };
  /** Start grading-sim accepting this static token; omit when a real engine is configured. */
  gradingToken?: string;
  /** The account every simulated CML accepts. */
  cml?: { username: string; password: string };
  sink?: EventSink;
  /** Event delivery tuning (a sim host retries long: its LCM may be restarting). */
  sender?: Omit<EventSenderTuning, 'headers'>;
}

export async function startSimulators(options: StartSimulatorsOptions): Promise<Simulators> {
  const { clock, logger, timeScale } = options;
  const closers: (() => Promise<void>)[] = [];
  const sender = { ...options.sender, headers: options.sink?.headers ?? {} };
  try {
    let lds: LdsSim | undefined;
    if (options.lds) {
      lds = new LdsSim({
        clock,
        logger: logger.child({ sim: 'lds' }),
        credentials: options.lds,
        sinkUrl: options.sink?.url,
        sender,
      });
      await lds.start();
      closers.push(() => lds?.close() ?? Promise.resolve());
    }
    let grading: GradingSim | undefined;
    if (options.gradingToken !== undefined) {
      grading = new GradingSim({
        clock,
        logger: logger.child({ sim: 'grading' }),
        timeScale,
        staticTokens: [options.gradingToken],
        sinkUrl: options.sink?.url,
        sender,
      });
      await grading.start();
      closers.push(() => grading?.close() ?? Promise.resolve());
    }
    const cml = new SimCmlFleet({
      clock,
      timeScale,
      ...(options.cml ? { credentials: options.cml } : {}),
    });
    const cloudFaults = new FaultInjector();
    const cloud = new SimCloudProvider({
      clock,
      timeScale,
      idSeed: clock.nowMs(),
      faults: cloudFaults,
    });
    closers.push(
      () => cml.close(),
      () => cloud.close(),
    );
    return {
      cloud,
      cml,
      ldsUrl: lds?.url,
      gradingUrl: grading?.url,
      async setEventSink(sink) {
        lds?.setEventSink(sink);
        grading?.setEventSink(sink);
        return Promise.resolve();
      },
      async setFaults(settings) {
        cloudFaults.configure(settings);
        lds?.faults.configure(settings);
        grading?.faults.configure(settings);
        await cml.setFaults(settings);
      },
      close: () => closeAll(closers, logger),
    };
  } catch (error) {
    await closeAll(closers, logger);
    throw error;
  }
}

/** Runs every closer even when one fails, so no simulator is left listening. */
async function closeAll(closers: (() => Promise<void>)[], logger: Logger): Promise<void> {
  const results = await Promise.allSettled([...closers].reverse().map((close) => close()));
  for (const result of results)
    if (result.status === 'rejected')
      logger.warn({ err: result.reason as Error }, 'closing a simulator failed');
}
