/**
 * The lds-sim's sessions and their state machine (PENDING → PRELAUNCH → RUNNING ⇄ PAUSED →
 * USER_FINISHED, plus `is_finalized` on release), free of HTTP so each rule reads on its own.
 */
import type { Clock } from '../../clock/index.js';
import type { LdsDevice, LdsSession, LdsSessionCreate } from '../../providers/lds/lds-client.js';

/** A refusal with the HTTP status LDS answers with. */
export class LdsSimError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'LdsSimError';
    this.status = status;
  }
}

/** What a transition did, so the server knows which CloudEvent (if any) to emit. */
export type LdsTransition = 'started' | 'user-finished' | 'ended' | 'none';

export interface LdsSimStateOptions {
  clock: Clock;
  newId: () => string;
}

export class LdsSimState {
  readonly #clock: Clock;
  readonly #newId: () => string;
  readonly #sessions = new Map<string, LdsSession>();
  /** Devices by session id, then by 1-based part number. */
  readonly #devices = new Map<string, Map<number, LdsDevice[]>>();

  constructor(options: LdsSimStateOptions) {
    this.#clock = options.clock;
    this.#newId = options.newId;
  }

  list(): LdsSession[] {
    return [...this.#sessions.values()].map((session) => structuredClone(session));
  }

  create(body: LdsSessionCreate): LdsSession {
    const id = this.#newId();
    const { password: _password, session_parts: parts = [], ...fields } = body;
    const session: LdsSession = {
      ...fields,
      id,
      state: 'SESSION_PENDING',
      is_finalized: false,
      active_reservation: true,
      timer_paused: false,
      created: this.#clock.now().toISOString(),
      current_session_part: 1,
      log_id: `SID=${id}`,
      session_parts: parts.map((part) => ({
        repository_type: part.repository_type ?? 'svn',
        form_qualified_name: part.form_qualified_name,
        ...(part.track === undefined ? {} : { track: part.track }),
        ...(part.exam_version === undefined ? {} : { exam_version: part.exam_version }),
        variables: part.variables ?? {},
        session_part_state: 'SESSION_PART_PENDING',
      })),
    };
    this.#sessions.set(id, session);
    this.#devices.set(id, new Map());
    return structuredClone(session);
  }

  get(id: string): LdsSession {
    return structuredClone(this.#session(id));
  }

  /** The most recently created session in `state`, as `GET lab_session?state=` reports it. */
  latestIn(state: string): LdsSession | undefined {
    return [...this.#sessions.values()].reverse().find((session) => session.state === state);
  }

  setDevices(id: string, part: number, devices: LdsDevice[]): LdsDevice[] {
    this.#part(id, part);
    const labels = new Set<string>();
    for (const device of devices) {
      if (labels.has(device.device_label))
        throw new LdsSimError(400, `device_label "${device.device_label}" repeats in part ${part}`);
      labels.add(device.device_label);
    }
    const stored = devices.map((device) => ({
      device_label: device.device_label,
      protocol: device.protocol,
      host: device.host,
      port: device.port ?? null,
      password: device.password ?? null,
    }));
    this.#devices.get(id)?.set(part, stored);
    return structuredClone(stored);
  }

  getDevices(id: string, part: number): LdsDevice[] {
    this.#part(id, part);
    return structuredClone(this.#devices.get(id)?.get(part) ?? []);
  }

  /** Handing out the launch URL moves a pending session to PRELAUNCH. */
  prelaunch(id: string): void {
    const session = this.#open(id);
    if (session.state === 'SESSION_PENDING') session.state = 'SESSION_PRELAUNCH';
  }

  /** The student opened the launch URL: RUNNING (the first time only). */
  start(id: string): LdsTransition {
    const session = this.#open(id);
    if (session.state === 'SESSION_RUNNING' || session.state === 'SESSION_PAUSED') return 'none';
    if (session.state === 'SESSION_USER_FINISHED')
      throw new LdsSimError(409, `session ${id} is already finished`);
    session.state = 'SESSION_RUNNING';
    this.#setPartState(session, 'SESSION_PART_RUNNING');
    return 'started';
  }

  /** The student (or `force_user_finished`) ended the lab. */
  finish(id: string): LdsTransition {
    const session = this.#open(id);
    if (session.state === 'SESSION_USER_FINISHED') return 'none';
    session.state = 'SESSION_USER_FINISHED';
    session.timer_paused = false;
    this.#setPartState(session, 'SESSION_PART_USER_FINISHED');
    return 'user-finished';
  }

  pause(id: string): void {
    const session = this.#open(id);
    if (session.state !== 'SESSION_RUNNING')
      throw new LdsSimError(409, `session ${id} is ${session.state}, not running`);
    session.state = 'SESSION_PAUSED';
    session.timer_paused = true;
  }

  resume(id: string): void {
    const session = this.#open(id);
    if (session.state !== 'SESSION_PAUSED')
      throw new LdsSimError(409, `session ${id} is ${session.state}, not paused`);
    session.state = 'SESSION_RUNNING';
    session.timer_paused = false;
  }

  /** Finalizes the session; releasing again is a no-op (teardown retries must be harmless). */
  release(id: string): LdsTransition {
    const session = this.#session(id);
    if (session.is_finalized) return 'none';
    session.is_finalized = true;
    session.active_reservation = false;
    session.timer_paused = false;
    return 'ended';
  }

  #session(id: string): LdsSession {
    const session = this.#sessions.get(id);
    if (!session) throw new LdsSimError(404, `lab session ${id} not found`);
    return session;
  }

  /** A session that may still change: not finalized. */
  #open(id: string): LdsSession {
    const session = this.#session(id);
    if (session.is_finalized) throw new LdsSimError(409, `session ${id} is finalized`);
    return session;
  }

  #part(id: string, part: number): void {
    const session = this.#session(id);
    if (!Number.isInteger(part) || part < 1 || part > session.session_parts.length)
      throw new LdsSimError(404, `session ${id} has no part ${part}`);
  }

  #setPartState(session: LdsSession, state: string): void {
    const part = session.session_parts[session.current_session_part - 1];
    if (part) part.session_part_state = state;
  }
}
