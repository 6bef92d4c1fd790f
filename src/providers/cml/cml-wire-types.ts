/**
 * Wire types of the CML REST API v0 as LCM reads them (external-apis.md §1), with CML's own
 * snake_case field names. Shared by the real client and cml-sim so both speak the same fields.
 */

/** The three lab states (`States`). QUEUED and BOOTED are node states, never lab states. */
export type CmlLabState = 'DEFINED_ON_CORE' | 'STOPPED' | 'STARTED';

/** Node states (`NodeStates`). `DISCONNECTED`: the node's compute host is unreachable. */
export type CmlNodeState =
  'DEFINED_ON_CORE' | 'STOPPED' | 'STARTED' | 'QUEUED' | 'BOOTED' | 'DISCONNECTED';

/** `GET /system_information` (no auth). `hostname`/`product` are not in the OpenAPI: optional. */
export interface CmlSystemInformation {
  version: string;
  /** True once at least one compute can start nodes. */
  ready: boolean;
  allow_ssh_pubkey_auth: boolean;
  oui: string | null;
  hostname?: string;
  product?: string;
}

/** `{ total, free, used }` in bytes. */
export interface CmlCapacity {
  total: number;
  free: number;
  used: number;
}

/** Per-compute VM counters of `GET /system_stats`; CML may send null for any of them. */
export interface CmlDomInfo {
  allocated_cpus: number | null;
  allocated_memory: number | null;
  total_nodes: number | null;
  total_orphans: number | null;
  running_nodes: number | null;
  running_orphans: number | null;
}

export interface CmlComputeStats {
  hostname: string;
  is_controller: boolean;
  stats: {
    cpu: { count: number; percent: number };
    memory: CmlCapacity;
    disk: CmlCapacity;
    dominfo: CmlDomInfo;
  };
}

/** `GET /system_stats`. Nodes running on the worker = Σ `computes[*].stats.dominfo.running_nodes`. */
export interface CmlSystemStats {
  all: { cpu: { count: number; percent: number }; memory: CmlCapacity; disk: CmlCapacity };
  controller: { disk: CmlCapacity };
  computes: Record<string, CmlComputeStats>;
}

export interface CmlComputeHealth {
  hostname: string;
  is_controller: boolean;
  kvm_vmx_enabled: boolean;
  enough_cpus: boolean;
  lld_connected: boolean;
  lld_synced: boolean;
  libvirt: boolean;
  fabric: boolean;
  device_mux: boolean;
  refplat_images_available: boolean;
  docker_shim: boolean;
  valid: boolean;
  admission_state: 'UNREGISTERED' | 'REGISTERED' | 'ONLINE' | 'READY';
}

/** `GET /system_health`. */
export interface CmlSystemHealth {
  valid: boolean | null;
  is_licensed: boolean | null;
  is_enterprise: boolean;
  controller: {
    core_connected: boolean;
    nodes_loaded: boolean;
    images_loaded: boolean;
    valid: boolean;
  };
  computes: Record<string, CmlComputeHealth>;
}

/** One of `register_time` / `renew_time`; every field may be null before the first attempt. */
export interface CmlLicensingTime {
  succeeded: string | null;
  attempted: string | null;
  scheduled: string | null;
  status: string | null;
  /** Failure text; a bad token shows as `'<token>' is not valid`. */
  failure: string | null;
  /** `SUCCESS | FAILED` once attempted. */
  success: string | null;
}

/** Observed values; CML types them as free text, so unknown strings pass through. */
export type CmlRegistrationStatus =
  'COMPLETED' | 'NOT_REGISTERED' | 'IN_PROGRESS' | 'FAILED' | 'RETRY_IN_PROGRESS' | (string & {});

export type CmlAuthorizationStatus =
  'IN_COMPLIANCE' | 'EVAL' | 'INIT' | 'EVAL_EXPIRED' | 'OUT_OF_COMPLIANCE' | (string & {});

export interface CmlLicenseFeature {
  id: string;
  name: string;
  description: string;
  version: string;
  /** For `CML_NODE_COUNT`: the licensed expansion nodes. */
  in_use: number;
  status: string;
  min: number;
  max: number;
  minEndDate: string | null;
  maxEndDate: string | null;
}

/** `GET /licensing` (`LicensingStatus`). */
export interface CmlLicensingStatus {
  udi: { hostname: string; product_uuid: string };
  registration: {
    status: CmlRegistrationStatus;
    smart_account: string | null;
    virtual_account: string | null;
    expires: string | null;
    register_time: CmlLicensingTime;
    renew_time: CmlLicensingTime;
  };
  authorization: {
    status: CmlAuthorizationStatus;
    expires: string | null;
    renew_time: CmlLicensingTime;
  };
  reservation_mode: boolean;
  features: CmlLicenseFeature[];
  /** `active` is the product licence, e.g. `CML_Enterprise`, `CML_Personal` (20 nodes). */
  product_license: { active: string; is_enterprise: boolean };
  transport: {
    ssms: string;
    proxy: { server: string | null; port: number | null };
    default_ssms: string;
  };
}

/** `GET /labs/{lab_id}` (`LabResponse`). Note the `lab_` prefixes. */
export interface CmlLab {
  id: string;
  /** ISO 8601 with offset, e.g. `2021-02-28T07:33:47+00:00`. */
  created: string;
  modified: string;
  lab_title: string;
  lab_description: string;
  lab_notes: string;
  /** The owner's user uuid. */
  owner: string;
  owner_username: string;
  owner_fullname: string;
  state: CmlLabState;
  node_count: number;
  link_count: number;
  groups: unknown[];
  effective_permissions: ('lab_admin' | 'lab_edit' | 'lab_exec' | 'lab_view')[];
}

/** `POST /import` answer (HTTP 200). */
export interface CmlImportResult {
  /** The new lab's UUID. */
  id: string;
  warnings: string[] | null;
}

/** A node as `GET /labs/{id}/nodes?data=true` returns it (`Node`). */
export interface CmlNode {
  id: string;
  lab_id: string;
  /** 1–128 chars. */
  label: string;
  node_definition: string;
  /** Null = the definition's default image. */
  image_definition: string | null;
  x: number;
  y: number;
  /** Each ≤ 64 chars; port tags such as `serial:5041` drive console forwarding. */
  tags: string[];
  state: CmlNodeState;
  boot_progress: 'Not running' | 'Booting' | 'Booted';
  cpus: number | null;
  /** MiB. */
  ram: number | null;
  cpu_limit: number | null;
  data_volume: number | null;
  /** GiB. */
  boot_disk_size: number | null;
  hide_links: boolean;
  configuration: unknown;
  parameters: Record<string, unknown>;
  compute_id: string | null;
  pinned_compute_id: string | null;
  resource_pool: string | null;
  iol_app_id: number | null;
  vnc_key: string;
  serial_consoles: { console_key: string; label: string; device_number: number }[];
}

/** `GET /labs/{id}/lab_element_state`: every element's state in one call. */
export interface CmlLabElementState {
  nodes: Record<string, CmlNodeState>;
  links: Record<string, CmlLabState>;
  interfaces: Record<string, CmlLabState>;
}

/** CML's error body on every 4xx/5xx. */
export interface CmlErrorBody {
  code: number;
  description: string;
}

/**
 * A lab activity event, as `GET /labs/{id}/events` and `GET /telemetry/events` list them. The REST
 * answers are undocumented in external-apis.md; the fields follow CML's websocket events
 * (`event_type, lab_id, element_id, element_type, event, data`), plus the time it happened.
 */
export interface CmlLabEvent {
  event_type: 'lab_event' | 'lab_element_event' | 'state_change';
  lab_id: string;
  element_id?: string;
  element_type?: 'node' | 'interface' | 'link' | 'annotation';
  event: 'created' | 'modified' | 'deleted' | 'state';
  data: Record<string, unknown>;
  /** ISO 8601. */
  timestamp: string;
}
