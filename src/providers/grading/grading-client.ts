/**
 * The grading port: what LCM needs from the grading engine ("Cisco Mozart – Grading Engine" v1
 * REST API) and its wire types, with the engine's own camelCase field names.
 */

/** Engine statuses of a session part; LCM maps them to its grading phases. */
export type GradingStatus =
  'created' | 'collecting' | 'grading' | 'reviewing' | 'locked' | 'faulted' | (string & {});

/** How the collector reaches one device interface, and what it found there. */
export interface GradingPodInterface {
  name: string;
  /** ssh | telnet | console | vnc */
  protocol: string;
  host: string;
  port: number;
  authentication: { scheme: string; properties: Record<string, unknown> };
  /**
   * Free-form collector settings. LCM convention (our extension, not in the engine's schema):
   * `collectedConfig` holds the node configuration LCM collected from CML, which the grading-sim
   * grades; a real engine collects itself and ignores it.
   */
  configuration: { collectedConfig?: string; [key: string]: unknown };
}

/** One device per CML node. */
export interface GradingPodDevice {
  label: string;
  hostname: string;
  collector: string;
  /** At least one. */
  interfaces: GradingPodInterface[];
}

export interface GradingPod {
  id: string;
  devices: GradingPodDevice[];
}

export interface GradingQuestionResult {
  id: string;
  score: number;
  maxScore: number;
  expectedAnswers: string[];
  actualAnswers: string[];
  matchedAnswers: string[];
  rule: string;
}

export interface GradingItemResult {
  id: string;
  type: string;
  score: number;
  maxScore: number;
  fieldTest: boolean;
  evaluationResults: unknown[];
  questions: GradingQuestionResult[];
}

export interface GradingSectionResult {
  id: string;
  score: number;
  maxScore: number;
  items: GradingItemResult[];
}

/** SessionPartScoreReport. */
export interface GradingScoreReport {
  score: number;
  maxScore: number;
  /** Bumped on every grading run. */
  generation: number;
  revision: number;
  gradingRulesetVersion: string;
  scoringRulesetVersion: string;
  sections: GradingSectionResult[];
  variables: Record<string, string>;
}

export interface GradingAuditEntry {
  action: string;
  actor: string;
  actionable: boolean;
  timestamp: string;
}

/** SessionPart: one graded form (its id is typically the form qualified name). */
export interface GradingSessionPart {
  id: string;
  createdAt: string;
  lastModified: string;
  firstGraded: string | null;
  lastSubmitted: string | null;
  status: GradingStatus;
  statusReason: string | null;
  pod: GradingPod | null;
  scoreReport: GradingScoreReport | null;
  auditTrail: GradingAuditEntry[];
}

/** Body of `POST /api/v1/sessions`. */
export interface GradingSessionCreate {
  /** Optional; the engine generates one otherwise. */
  id?: string;
  /** At least 3 characters. */
  candidateId: string;
  lds?: { id: string; environment: string };
  /** Part ids of at least 3 characters. */
  parts?: { id: string; pod?: GradingPod }[];
}

/** Session as the engine reports it. */
export interface GradingSession {
  id: string;
  createdAt: string;
  lastModified: string;
  candidateId: string;
  lds: { id: string; environment: string } | null;
  status: GradingStatus;
  parts: GradingSessionPart[];
}

export interface GradingPartRef {
  sessionId: string;
  partId: string;
}

/**
 * The grading engine as LCM uses it: create a session with the definition's part, assign the pod
 * (devices and, by LCM convention, their collected configs), start grading, read the result,
 * submit. Results also arrive as `grading.session.completed` / `.failed` CloudEvents.
 *
 * Every method rejects with an `LcmError`: `Unavailable` (5xx, 429, timeout, connection failure;
 * retry with backoff), `Unauthorized` (the token was refused even after one refresh), `NotFound`
 * (unknown session or part), `Conflict` (e.g. grading already running, part already locked),
 * `Invalid` (the engine refused the body).
 */
export interface GradingClient {
  /** `POST /api/v1/sessions`; with an existing `id` the engine answers Conflict. */
  createSession(session: GradingSessionCreate): Promise<GradingSession>;
  /** `GET /api/v1/sessions/{sessionId}`. */
  getSession(sessionId: string): Promise<GradingSession>;
  /** `PUT /api/v1/sessions/{sessionId}/parts/{partId}/pod`: sets or replaces the pod; idempotent. */
  assignPod(request: GradingPartRef & { pod: GradingPod }): Promise<GradingSession>;
  /** `POST …/parts/{partId}/grade[?recollect=true]`: accepted (202); the result comes later. */
  gradePart(request: GradingPartRef & { recollect?: boolean }): Promise<void>;
  /** `POST …/parts/{partId}/submit`: locks the score. */
  submitPart(request: GradingPartRef): Promise<GradingSession>;
}
