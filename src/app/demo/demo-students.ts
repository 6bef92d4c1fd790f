/**
 * Simulated students for the demo (docs/demo.md): for each LabletSession labelled
 * `lcm.io/demo-students=true`, once the lab is Ready with a login URL and the class has started,
 * the student opens it after a short random delay (lds-sim reports the session started, LCM
 * moves it to Running); about a third then finish early (lds-sim reports "user finished", LCM
 * grades), the others work until the timeslot ends. Level-based on the session's status, so a
 * restart neither opens a lab twice nor skips one: a lab is opened only while its access is
 * `Provisioned`, finished only while `Active`. Delays run on the injected clock, scaled by the
 * simulators' time scale.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { Logger, Registry } from '../../observability/index.js';
import { formatObjectKey } from '../../resources/index.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import {
  Controller,
  Informer,
  type ObjectKeyRef,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../../runtime/index.js';
import { DEMO_STUDENTS_LABEL } from './demo-labels.js';
import { StudentBrowser } from './student-browser.js';

/** Share of students who finish before their timeslot ends. */
const EARLY_FINISH_SHARE = 1 / 3;
/** At time scale 1: a student opens the lab 15–90 s after the class starts (or the lab is ready)… */
const OPEN_DELAY_MS = { min: 15_000, max: 90_000 };
/** …and an early finisher works 5–15 minutes before pressing "finish". */
const WORK_MS = { min: 300_000, max: 900_000 };

export interface DemoStudentsOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** Base URL of the lds-sim the sessions' LDS sessions live in. */
  ldsSimUrl: string;
  /** `providers.simTimeScale`: every delay is multiplied by it. */
  timeScale: number;
  /** Random numbers in [0, 1) for delays and who finishes early. @default Math.random */
  random?: () => number;
}

export interface RunningDemoStudents {
  /** Test hook: the sessions are listed and none has work ready (timed waits may be pending). */
  isIdle(): boolean;
  stop(): Promise<void>;
}

/** What one student will do, decided when their lab is first seen. */
interface StudentPlan {
  /** The session's uid: a session deleted and created again under the same name is a new student. */
  uid: string | undefined;
  openAtMs: number;
  opened: boolean;
  finishesEarly: boolean;
  workMs: number;
  /** When the student was first seen working, for a session that does not say `startedAt`. */
  seenRunningAtMs?: number;
  finished: boolean;
}

export class DemoStudentsReconciler implements Reconciler {
  readonly #options: DemoStudentsOptions;
  readonly #browser: StudentBrowser;
  readonly #cached: (key: ObjectKeyRef) => LabletSession | undefined;
  readonly #random: () => number;
  /** By session key (`namespace/name`). */
  readonly #plans = new Map<string, StudentPlan>();

  constructor(
    options: DemoStudentsOptions & {
      browser: StudentBrowser;
      cached: (key: ObjectKeyRef) => LabletSession | undefined;
    },
  ) {
    this.#options = options;
    this.#browser = options.browser;
    this.#cached = options.cached;
    this.#random = options.random ?? Math.random;
  }

  async reconcile(_ctx: ReconcileContext, key: ObjectKeyRef): Promise<ReconcileResult> {
    const id = formatObjectKey(key);
    const session = this.#cached(key);
    const { phase, access } = session?.status ?? {};
    if (!session || phase === 'Terminated') {
      this.#plans.delete(id);
      return {};
    }
    if (phase === 'Ready' && access?.phase === 'Provisioned' && access.loginUrl)
      return this.#open(id, this.#planFor(id, session), access.loginUrl);
    if (phase === 'Running' && access?.phase === 'Active' && access.ldsSessionId)
      return this.#finish(id, session, this.#planFor(id, session), access.ldsSessionId);
    return {};
  }

  async #open(id: string, plan: StudentPlan, loginUrl: string): Promise<ReconcileResult> {
    // Opened already: LCM has not seen the start yet. Opening again would be harmless but noisy.
    if (plan.opened) return {};
    const waitMs = plan.openAtMs - this.#options.clock.nowMs();
    if (waitMs > 0) return { requeueAfterMs: waitMs };
    await this.#browser.open(loginUrl);
    plan.opened = true;
    this.#options.logger.info({ session: id }, 'demo student opened the lab');
    return {};
  }

  async #finish(
    id: string,
    session: LabletSession,
    plan: StudentPlan,
    ldsSessionId: string,
  ): Promise<ReconcileResult> {
    if (!plan.finishesEarly || plan.finished) return {};
    const nowMs = this.#options.clock.nowMs();
    const startedAt = session.status?.startedAt;
    const startedMs = startedAt ? Date.parse(startedAt) : (plan.seenRunningAtMs ??= nowMs);
    const dueMs = startedMs + plan.workMs;
    const end = session.spec.timeslot?.end;
    // A student whose work would outlast the timeslot simply works until it ends.
    if (end !== undefined && dueMs >= Date.parse(end)) return {};
    if (dueMs > nowMs) return { requeueAfterMs: dueMs - nowMs };
    await this.#browser.finish(ldsSessionId);
    plan.finished = true;
    this.#options.logger.info({ session: id }, 'demo student finished early');
    return {};
  }

  #planFor(id: string, session: LabletSession): StudentPlan {
    const uid = session.metadata.uid;
    let plan = this.#plans.get(id);
    if (!plan || plan.uid !== uid) {
      const scale = this.#options.timeScale;
      // Students arrive when the class starts, or when their lab is ready if that is later.
      const arrivalMs = Math.max(
        this.#options.clock.nowMs(),
        Date.parse(session.spec.timeslot?.start ?? '') || 0,
      );
      plan = {
        uid,
        openAtMs: arrivalMs + this.#between(OPEN_DELAY_MS) * scale,
        opened: false,
        finishesEarly: this.#random() < EARLY_FINISH_SHARE,
        workMs: this.#between(WORK_MS) * scale,
        finished: false,
      };
      this.#plans.set(id, plan);
    }
    return plan;
  }

  #between(range: { min: number; max: number }): number {
    return Math.round(range.min + this.#random() * (range.max - range.min));
  }
}

/** Starts the students; they act until `stop()`. */
export function startDemoStudents(options: DemoStudentsOptions): RunningDemoStudents {
  const { client, clock, logger, metrics } = options;
  // Only the demo's sessions are cached: a real class's sessions are never touched.
  const informer = new Informer({
    client,
    clock,
    logger,
    kind: 'LabletSession',
    labelSelector: `${DEMO_STUDENTS_LABEL}=true`,
  });
  const browser = new StudentBrowser(options.ldsSimUrl);
  const controller = new Controller({
    name: 'demo-students',
    for: 'LabletSession',
    informers: [informer],
    reconciler: new DemoStudentsReconciler({
      ...options,
      browser,
      cached: (key) => informer.get(key) as LabletSession | undefined,
    }),
    // Students act only through lds-sim, where a second open or finish changes nothing, so
    // every replica may run them.
    needsLeaderElection: false,
    client,
    clock,
    logger,
    metrics,
  });
  const abort = new AbortController();
  const running = controller.start(abort.signal).catch((error: unknown) => {
    logger.error({ err: error }, 'demo students stopped on an error');
  });
  return {
    isIdle: () => informer.hasSynced() && controller.isIdle(),
    stop: async () => {
      abort.abort();
      await running;
      await informer.stop();
      await browser.close();
    },
  };
}
