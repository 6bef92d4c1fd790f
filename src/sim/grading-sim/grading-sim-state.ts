/**
 * The grading-sim's sessions, parts and pods, and the part status machine (created → collecting →
 * grading → reviewing → locked, or → faulted), free of HTTP and timers.
 */
import type { Clock } from '../../clock/index.js';
import type {
  GradingPod,
  GradingScoreReport,
  GradingSession,
  GradingSessionCreate,
  GradingSessionPart,
  GradingStatus,
} from '../../providers/grading/grading-client.js';

/** A refusal with the HTTP status the engine answers with (RFC 7807 body). */
export class GradingSimError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'GradingSimError';
    this.status = status;
  }
}

export interface GradingSimStateOptions {
  clock: Clock;
  newId: () => string;
}

export class GradingSimState {
  readonly #clock: Clock;
  readonly #newId: () => string;
  readonly #sessions = new Map<string, GradingSession>();

  constructor(options: GradingSimStateOptions) {
    this.#clock = options.clock;
    this.#newId = options.newId;
  }

  create(body: GradingSessionCreate): GradingSession {
    const id = body.id ?? this.#newId();
    if (this.#sessions.has(id)) throw new GradingSimError(409, `session ${id} already exists`);
    const now = this.#now();
    const session: GradingSession = {
      id,
      createdAt: now,
      lastModified: now,
      candidateId: body.candidateId,
      lds: body.lds ?? null,
      status: 'created',
      parts: [],
    };
    for (const part of body.parts ?? []) this.#addPart(session, part.id, part.pod ?? null);
    this.#sessions.set(id, session);
    return structuredClone(session);
  }

  get(id: string): GradingSession {
    return structuredClone(this.#session(id));
  }

  addPart(sessionId: string, partId: string, pod: GradingPod | null): GradingSession {
    const session = this.#session(sessionId);
    this.#addPart(session, partId, pod);
    return structuredClone(session);
  }

  removePart(sessionId: string, partId: string): GradingSession {
    const session = this.#session(sessionId);
    this.#part(session, partId);
    session.parts = session.parts.filter((part) => part.id !== partId);
    session.lastModified = this.#now();
    return structuredClone(session);
  }

  /** `POST` creates (409 if one exists), `PUT` sets or replaces, `null` removes. */
  setPod(
    sessionId: string,
    partId: string,
    pod: GradingPod | null,
    mode: 'create' | 'replace',
  ): GradingSession {
    const session = this.#session(sessionId);
    const part = this.#part(session, partId);
    if (part.status === 'locked') throw new GradingSimError(409, `part ${partId} is locked`);
    if (mode === 'create' && part.pod) throw new GradingSimError(409, `part ${partId} has a pod`);
    part.pod = pod === null ? null : structuredClone(pod);
    this.#touch(session, part, pod === null ? 'pod removed' : 'pod assigned');
    return structuredClone(session);
  }

  /** Starts a grading run; refused while one runs or once the part is locked. */
  startGrading(sessionId: string, partId: string): void {
    const session = this.#session(sessionId);
    const part = this.#part(session, partId);
    if (part.status === 'collecting' || part.status === 'grading')
      throw new GradingSimError(409, `part ${partId} is already being graded`);
    if (part.status === 'locked') throw new GradingSimError(409, `part ${partId} is locked`);
    this.#setStatus(session, part, 'collecting', null, 'grade requested');
  }

  /** The part's pod, as grading sees it (a copy). */
  pod(sessionId: string, partId: string): GradingPod | null {
    return structuredClone(this.#part(this.#session(sessionId), partId).pod);
  }

  setGrading(sessionId: string, partId: string): void {
    const session = this.#session(sessionId);
    this.#setStatus(session, this.#part(session, partId), 'grading', null, 'collected');
  }

  complete(
    sessionId: string,
    partId: string,
    report: Omit<GradingScoreReport, 'generation' | 'revision'>,
  ): GradingScoreReport {
    const session = this.#session(sessionId);
    const part = this.#part(session, partId);
    const generation = (part.scoreReport?.generation ?? 0) + 1;
    part.scoreReport = { ...report, generation, revision: 1 };
    part.firstGraded ??= this.#now();
    this.#setStatus(session, part, 'reviewing', null, 'graded');
    return structuredClone(part.scoreReport);
  }

  fail(sessionId: string, partId: string, reason: string): void {
    const session = this.#session(sessionId);
    this.#setStatus(session, this.#part(session, partId), 'faulted', reason, 'grading failed');
  }

  submit(sessionId: string, partId: string): GradingSession {
    const session = this.#session(sessionId);
    const part = this.#part(session, partId);
    if (part.status === 'locked') return structuredClone(session);
    if (part.status !== 'reviewing')
      throw new GradingSimError(
        409,
        `part ${partId} is ${part.status}; only a graded part submits`,
      );
    part.lastSubmitted = this.#now();
    this.#setStatus(session, part, 'locked', null, 'submitted');
    return structuredClone(session);
  }

  #addPart(session: GradingSession, partId: string, pod: GradingPod | null): void {
    if (session.parts.some((part) => part.id === partId))
      throw new GradingSimError(409, `part ${partId} already exists`);
    const now = this.#now();
    session.parts.push({
      id: partId,
      createdAt: now,
      lastModified: now,
      firstGraded: null,
      lastSubmitted: null,
      status: 'created',
      statusReason: null,
      pod: pod === null ? null : structuredClone(pod),
      scoreReport: null,
      auditTrail: [
        { action: 'part created', actor: 'grading-sim', actionable: false, timestamp: now },
      ],
    });
    session.lastModified = now;
  }

  /** The session's status follows its most recently changed part. */
  #setStatus(
    session: GradingSession,
    part: GradingSessionPart,
    status: GradingStatus,
    reason: string | null,
    action: string,
  ): void {
    part.status = status;
    part.statusReason = reason;
    session.status = status;
    this.#touch(session, part, action);
  }

  #touch(session: GradingSession, part: GradingSessionPart, action: string): void {
    const now = this.#now();
    part.lastModified = now;
    session.lastModified = now;
    part.auditTrail.push({ action, actor: 'grading-sim', actionable: false, timestamp: now });
  }

  #session(id: string): GradingSession {
    const session = this.#sessions.get(id);
    if (!session) throw new GradingSimError(404, `session ${id} not found`);
    return session;
  }

  #part(session: GradingSession, partId: string): GradingSessionPart {
    const part = session.parts.find((candidate) => candidate.id === partId);
    if (!part) throw new GradingSimError(404, `session ${session.id} has no part ${partId}`);
    return part;
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }
}
