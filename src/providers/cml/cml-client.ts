/**
 * The CML port: what LCM needs from one worker's Cisco Modeling Labs REST API v0 (external-apis.md
 * §1). Wire types live in `cml-wire-types.ts`; one `CmlClient` talks to exactly one worker.
 */
import type {
  CmlImportResult,
  CmlLab,
  CmlLabElementState,
  CmlLabEvent,
  CmlLicensingStatus,
  CmlNode,
  CmlSystemHealth,
  CmlSystemInformation,
  CmlSystemStats,
} from './cml-wire-types.js';

/** Longest lab title CML accepts on import. */
export const CML_MAX_TITLE_LENGTH = 64;
/** Longest node tag CML accepts. */
export const CML_MAX_TAG_LENGTH = 64;

/** Body of `importLab`. */
export interface CmlImportRequest {
  /** Topology YAML (or JSON) text, schema 0.0.1 … 0.3.0. */
  yaml: string;
  /** Overrides `lab.title`; 1–64 chars. */
  title?: string;
}

/** How `DELETE /licensing/deregistration` ended. */
export type CmlDeregistration =
  /** 204: deregistered with Smart Licensing. */
  | 'Deregistered'
  /** 202: deregistered locally; Smart Licensing was unreachable. */
  | 'DeregisteredLocally'
  /** 400: there was no registration (already deregistered); treated as success. */
  | 'NotRegistered';

/**
 * One CML worker as LCM uses it: readiness, metrics and licence (workers controller); import,
 * start, wait, stop, wipe, delete and tag rewriting of labs (sessions and labs controllers).
 *
 * Authentication is internal: the client obtains a bearer token on first use, caches it, and on a
 * 401 authenticates again once (serialised, so concurrent calls share one re-authentication) and
 * retries the call once. A second 401 is an `Unauthorized` error.
 *
 * Every method rejects only with an `LcmError`:
 * - `Unavailable`: 5xx (including 502 while CML boots), 429, timeout or connection failure; retry
 *   with backoff. `details.retryable` is true.
 * - `Unauthorized`: the credentials are wrong (CML answers 403 on `/authenticate`) or a fresh
 *   token was refused too.
 * - `Forbidden`: the user may not do this (403 on any call but `/authenticate`).
 * - `NotFound`: the lab or node does not exist (404, CML text `Lab not found: <id>`).
 * - `Conflict`: CML refused a lab transition in the lab's current state (it answers 400, e.g.
 *   wipe or delete of a started lab, "Cannot start lab" beyond the node licence limit), or a
 *   licensing request that "cannot be requested at this time" (409). Re-read state and act.
 * - `Invalid`: bad input, checked before sending where CML documents the rule (lab ids are UUIDs,
 *   title ≤ 64 chars, tags ≤ 64 chars) and any other 4xx (e.g. "Import failed").
 *
 * Lab activity (`labEvents`, `telemetryEvents`) feeds idle detection: external-apis.md names the
 * endpoints without their fields, so `CmlLabEvent` follows CML's websocket event shape.
 */
export interface CmlClient {
  /**
   * `POST /authenticate`: obtains a fresh token (replacing the cached one). Other methods call it
   * on demand, so use it only to check credentials. `Unauthorized` on bad credentials.
   */
  authenticate(): Promise<void>;

  /** `GET /system_information` (no auth). `Unavailable` (502) while CML services start. */
  systemInformation(): Promise<CmlSystemInformation>;

  /** `GET /system_stats`: CPU, memory, disk and per-compute running node counts. */
  systemStats(): Promise<CmlSystemStats>;

  /** `GET /system_health`: `valid`, `is_licensed`, controller and compute checks. */
  systemHealth(): Promise<CmlSystemHealth>;

  /** `GET /licensing`: registration and authorization status, features, product licence. */
  licensing(): Promise<CmlLicensingStatus>;

  /**
   * `POST /licensing/registration` `{token, reregister}`: starts an asynchronous registration
   * (204); poll `licensing()` until `registration.status` is `COMPLETED` and
   * `authorization.status` is `IN_COMPLIANCE`, or `FAILED`. `Invalid` for a malformed token
   * (≤ 256 chars of `[A-Za-z0-9+/%=-]`), `Conflict` while a registration is already in progress
   * or the worker is registered and `reregister` is false. The token never appears in errors.
   */
  registerLicense(request: { token: string; reregister?: boolean }): Promise<void>;

  /**
   * `DELETE /licensing/deregistration`. Idempotent: an absent registration resolves with
   * `NotRegistered`. `Conflict` when it cannot be done now (409).
   */
  deregisterLicense(): Promise<CmlDeregistration>;

  /**
   * `GET /labs?show_all=true`: ids of every lab on the worker (all users' labs when the user is an
   * admin; discovery relies on that).
   */
  listLabs(): Promise<string[]>;

  /** `GET /labs/{id}`. `NotFound` for an unknown lab. */
  getLab(labId: string): Promise<CmlLab>;

  /**
   * `POST /import?title=`: creates a lab in `DEFINED_ON_CORE` from topology YAML and resolves with
   * its id. Not idempotent (each call creates a lab). `Invalid` for a title over 64 chars (before
   * sending) or a topology CML rejects (400 "Import failed").
   */
  importLab(request: CmlImportRequest): Promise<CmlImportResult>;

  /**
   * `PUT /labs/{id}/start` (204, asynchronous): nodes then go QUEUED → STARTED → BOOTED; wait with
   * `checkIfConverged`. Starting a started lab is a no-op. `Conflict` when CML refuses ("Cannot
   * start lab", e.g. the node licence limit), `NotFound` for an unknown lab.
   */
  startLab(labId: string): Promise<void>;

  /** `PUT /labs/{id}/stop` (204): nodes go to STOPPED, disks are kept. `NotFound`. */
  stopLab(labId: string): Promise<void>;

  /**
   * `PUT /labs/{id}/wipe` (204): a stopped lab goes back to `DEFINED_ON_CORE` (disks erased).
   * `Conflict` when the lab is not stopped, `NotFound` for an unknown lab.
   */
  wipeLab(labId: string): Promise<void>;

  /**
   * `DELETE /labs/{id}` (204). The lab must be stopped and wiped first (`DEFINED_ON_CORE`), else
   * `Conflict`. `NotFound` when already gone: callers tearing down treat that as done.
   */
  deleteLab(labId: string): Promise<void>;

  /**
   * `GET /labs/{id}/check_if_converged`: true once every element reached the target of the last
   * action (after start: every node BOOTED; after stop: STOPPED; after wipe: DEFINED_ON_CORE).
   */
  checkIfConverged(labId: string): Promise<boolean>;

  /** `GET /labs/{id}/nodes?data=true`: every node with its state, tags and resources. */
  listNodes(labId: string): Promise<CmlNode[]>;

  /** `GET /labs/{id}/lab_element_state`: node, link and interface states in one call. */
  labElementState(labId: string): Promise<CmlLabElementState>;

  /** `GET /labs/{id}/events`: the lab's activity, oldest first. `NotFound` for an unknown lab. */
  labEvents(labId: string): Promise<CmlLabEvent[]>;

  /**
   * `GET /telemetry/events`: every activity event of the server, oldest first, deleted labs
   * included. Unpaged and expensive on a busy server: poll it sparingly.
   */
  telemetryEvents(): Promise<CmlLabEvent[]>;

  /**
   * `PATCH /labs/{id}/nodes/{node_id}` `{tags}`: **replaces** the node's whole tag list (CML has
   * no add/remove), so pass every tag to keep. Allowed in any state; tags survive start, stop and
   * wipe. `Invalid` for a tag over 64 chars (before sending), `NotFound` for an unknown node.
   */
  setNodeTags(request: { labId: string; nodeId: string; tags: string[] }): Promise<void>;
}
