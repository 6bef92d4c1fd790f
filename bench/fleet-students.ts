/**
 * The students of the fleet benchmark, driven by a watch on LabletSessions rather than by polling
 * (a list of 10,000 sessions per tick would load the store more than the control plane does):
 * each opens the lab once it is Ready (lds-sim's student page, which emits `lds.session.started`),
 * and a finisher presses "finish" a while after the session is Running (`…user-finished`). The
 * simulated times of both are recorded for the latency figures.
 */
import { Agent, fetch } from 'undici';
import type { Clock } from '../src/clock/index.js';
import type { ResourceClient } from '../src/client/resource-client.js';
import { createSilentLogger } from '../src/observability/index.js';
import type { LabletSession } from '../src/resources/kinds/lablet-session.js';
import { Informer } from '../src/runtime/index.js';

/** What one student did, in simulated ms. */
export interface StudentActions {
  openedAtMs?: number;
  finishedAtMs?: number;
}

export interface Students {
  actions: ReadonlyMap<string, StudentActions>;
  /** Requests to lds-sim that failed (after which the student tries again on the next change). */
  failures(): number;
  /**
   * Resolves once `count` sessions are Terminated, or after `timeoutMs` of real time; prints the
   * sessions by phase to stderr every 10 s meanwhile, so a long run shows its progress.
   */
  allTerminated(count: number, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export function startStudents(options: {
  client: ResourceClient;
  clock: Clock;
  ldsUrl: string;
  /** Whether this session's student finishes early. */
  finishes(name: string): boolean;
  /** Simulated time from Running to the finisher's "finish". */
  finishAfterMs: number;
}): Students {
  const { clock } = options;
  const agent = new Agent({ connections: 64 });
  const actions = new Map<string, StudentActions>();
  const finishing = new Set<string>();
  const terminated = new Set<string>();
  const phases = new Map<string, string>();
  let failures = 0;

  const request = async (url: string, method: 'GET' | 'POST'): Promise<boolean> => {
    try {
      const response = await fetch(url, { method, dispatcher: agent });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  };

  const open = (name: string, loginUrl: string, record: StudentActions): void => {
    record.openedAtMs = clock.nowMs();
    void request(loginUrl, 'GET').then((ok) => {
      if (ok) return;
      failures++;
      delete record.openedAtMs;
    });
  };

  const finish = (name: string, ldsSessionId: string, record: StudentActions): void => {
    finishing.add(name);
    clock.setTimer(options.finishAfterMs, () => {
      record.finishedAtMs = clock.nowMs();
      void request(`${options.ldsUrl}/_sim/sessions/${ldsSessionId}/finish`, 'POST').then((ok) => {
        if (ok) return;
        failures++;
        finishing.delete(name);
        delete record.finishedAtMs;
      });
    });
  };

  const act = (session: LabletSession): void => {
    const { name } = session.metadata;
    const phase = session.status?.phase;
    const access = session.status?.access;
    phases.set(name, phase ?? 'Pending');
    if (phase === 'Terminated') terminated.add(name);
    let record = actions.get(name);
    if (!record) actions.set(name, (record = {}));
    if (record.openedAtMs === undefined && (phase === 'Ready' || phase === 'Running'))
      if (access?.loginUrl) open(name, access.loginUrl, record);
    if (phase === 'Running' && access?.ldsSessionId && options.finishes(name))
      if (!finishing.has(name)) finish(name, access.ldsSessionId, record);
  };

  const informer = new Informer<LabletSession & { kind: string; apiVersion: string }>({
    client: options.client,
    clock,
    logger: createSilentLogger(),
    kind: 'LabletSession',
  });
  informer.addEventHandler({ onAdd: act, onUpdate: (_old, session) => act(session) });
  informer.start();

  return {
    actions,
    failures: () => failures,
    async allTerminated(count, timeoutMs) {
      const giveUpAt = Date.now() + timeoutMs;
      const progress = setInterval(() => {
        const byPhase: Record<string, number> = {};
        for (const phase of phases.values()) byPhase[phase] = (byPhase[phase] ?? 0) + 1;
        process.stderr.write(`${clock.now().toISOString()} ${JSON.stringify(byPhase)}\n`);
      }, 10_000);
      try {
        while (terminated.size < count) {
          if (Date.now() >= giveUpAt) return false;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return true;
      } finally {
        clearInterval(progress);
      }
    },
    async stop() {
      await informer.stop();
      await agent.close();
    },
  };
}
