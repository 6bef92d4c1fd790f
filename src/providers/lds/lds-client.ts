/**
 * The LDS port: what LCM needs from the Lab Delivery System Reservations API v3 (one deployment per
 * region) and the wire types, with LDS's own snake_case field names.
 */

/** LDS session states (`state`); more may exist, so unknown strings pass through. */
export type LdsSessionState =
  | 'SESSION_EMPTY'
  | 'SESSION_PENDING'
  | 'SESSION_PRELAUNCH'
  | 'SESSION_RUNNING'
  | 'SESSION_PAUSED'
  | 'SESSION_USER_FINISHED'
  | (string & {});

/** LDS session part states (`session_part_state`). */
export type LdsSessionPartState =
  'SESSION_PART_PENDING' | 'SESSION_PART_RUNNING' | 'SESSION_PART_USER_FINISHED' | (string & {});

/** A part of a session: one lab content form (LDSSessionPart). */
export interface LdsSessionPart {
  /** `minio` for LCM content; LDS defaults to `svn`. */
  repository_type?: 'svn' | 'minio';
  /** The content key, e.g. `Exam Associate CCNA v1.1 LAB 1.3a`. */
  form_qualified_name: string;
  track?: string;
  exam_version?: string;
  variables?: Record<string, string>;
  /** Read-only. */
  session_part_state?: LdsSessionPartState;
  /** Read-only. */
  current_position?: { module_id?: string; section_id?: string; item_id?: string };
  /** Read-only. */
  timer?: { min_ends_at?: string; max_ends_at?: string; warning_at?: string };
}

/** Body of `POST /reservations/v3/lab_session` (LDSSession, writable fields). */
export interface LdsSessionCreate {
  origin: string;
  auth_id: string;
  auth_id_type: string;
  candidate_id: string;
  first_name: string;
  last_name: string;
  location: string;
  rack_group: string;
  /** Typed string in the OpenAPI; examples and the original system send a number. */
  rack_number: string | number;
  /** ISO date-time (a bare date is accepted too). */
  scheduled_date: string;
  timezone_offset: number;
  email_address?: string;
  password?: string;
  session_parts?: LdsSessionPart[];
  /** Practice labs only (write-only). */
  user_timeslot_end?: string;
  max_length_minutes?: number;
}

/** Answer of `POST /reservations/v3/lab_session` (HTTP 200). */
export interface LdsSessionCreated {
  session_id: string;
  /** URL of the new session. */
  location: string;
  message: string;
}

/** `GET /reservations/v3/lab_session/{id}` (LDSSession as LDS reports it). */
export interface LdsSession extends Omit<LdsSessionCreate, 'password' | 'session_parts'> {
  id: string;
  state: LdsSessionState;
  /** True once released. */
  is_finalized: boolean;
  active_reservation: boolean;
  timer_paused: boolean;
  created: string;
  /** 1-based. */
  current_session_part: number;
  /** `SID=<id>`. */
  log_id: string;
  session_parts: LdsSessionPart[];
}

/** A device the student can reach from the LDS page (LDSSessionPartDev). */
export interface LdsDevice {
  /** Unique within a part. */
  device_label: string;
  /** telnet | ssh | vnc | http | https | … */
  protocol: string;
  host: string;
  port?: number | null;
  /** E.g. a VNC password. */
  password?: string | null;
}

/** Every call names the LDS deployment by the worker's region. */
export interface LdsTarget {
  /** The worker's region; the client falls back to its default region if it has no deployment. */
  region: string;
}

export interface LdsSessionRef extends LdsTarget {
  sessionId: string;
}

/**
 * The Lab Delivery System as LCM uses it (external-apis.md §2.4): create a session with one part,
 * set the part's devices, read the launch URL, read state, release on teardown.
 *
 * Every method rejects with an `LcmError`: `Unavailable` (5xx, 429, timeout, connection failure;
 * retry with backoff), `Unauthorized` (bad deployment credentials), `NotFound` (unknown session
 * or part), `Invalid` (LDS refused the body, e.g. duplicate device labels; do not retry), and
 * `Invalid` before any call when no deployment serves the region.
 */
export interface LdsClient {
  /** `POST /reservations/v3/lab_session`; not idempotent (each call creates a session). */
  createSession(request: LdsTarget & { session: LdsSessionCreate }): Promise<LdsSessionCreated>;
  /** `GET /reservations/v3/lab_session/{id}`. */
  getSession(request: LdsSessionRef): Promise<LdsSession>;
  /**
   * `PUT /reservations/v3/lab_session/{id}/part/{part}/devices`: replaces all devices of the
   * (1-based) part; idempotent. Resolves with the devices LDS stored.
   */
  setDevices(request: LdsSessionRef & { part: number; devices: LdsDevice[] }): Promise<LdsDevice[]>;
  /**
   * `GET /reservations/v3/lab_session/{id}/lablet_launch_url`: the JWT-signed URL the student
   * opens, with its origin rewritten to the deployment's browser-facing URL when one is set.
   */
  getLaunchUrl(request: LdsSessionRef): Promise<string>;
  /** `POST /reservations/v3/lab_session/{id}/release` with `{}`: finalizes the session. */
  releaseSession(request: LdsSessionRef): Promise<void>;
}
