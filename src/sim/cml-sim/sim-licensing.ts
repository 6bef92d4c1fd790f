/**
 * Smart Licensing of cml-sim: registration as an asynchronous state machine on the injected clock
 * (IN_PROGRESS → COMPLETED/FAILED), deregistration, and the node limit that lab start enforces.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/index.js';
import type {
  CmlAuthorizationStatus,
  CmlLicensingStatus,
  CmlLicensingTime,
  CmlRegistrationStatus,
} from '../../providers/cml/cml-wire-types.js';
import { CmlSimError } from './cml-sim-error.js';

/** Nodes included in each product licence (external-apis.md §1.8). */
const INCLUDED_NODES: Record<string, number> = { CML_Personal: 20, CML_Personal40: 40 };
const DEFAULT_INCLUDED_NODES = 20;

export interface CmlSimLicenseOptions {
  /** @default 'CML_Enterprise' */
  productLicense?: string;
  /** Start registered (COMPLETED + IN_COMPLIANCE) rather than in evaluation. @default true */
  registered?: boolean;
  /** Licensed expansion nodes (`CML_NODE_COUNT` in_use), counted only when registered. @default 0 */
  expansionNodes?: number;
}

export interface SimLicensingOptions extends CmlSimLicenseOptions {
  clock: Clock;
  hostname: string;
  /** How long a registration takes, already scaled. */
  registrationDelayMs: number;
}

interface Registration {
  status: CmlRegistrationStatus;
  authorization: CmlAuthorizationStatus;
  /** Set while IN_PROGRESS. */
  pending: { token: string; completesAtMs: number } | undefined;
  registerTime: CmlLicensingTime;
}

const NO_TIME: CmlLicensingTime = {
  succeeded: null,
  attempted: null,
  scheduled: null,
  status: null,
  failure: null,
  success: null,
};

export class SimLicensing {
  readonly #clock: Clock;
  readonly #hostname: string;
  readonly #productUuid = randomUUID();
  readonly #delayMs: number;
  readonly #productLicense: string;
  #expansionNodes: number;
  #registration: Registration;

  constructor(options: SimLicensingOptions) {
    this.#clock = options.clock;
    this.#hostname = options.hostname;
    this.#delayMs = options.registrationDelayMs;
    this.#productLicense = options.productLicense ?? 'CML_Enterprise';
    this.#expansionNodes = options.expansionNodes ?? 0;
    const registered = options.registered ?? true;
    this.#registration = {
      status: registered ? 'COMPLETED' : 'NOT_REGISTERED',
      authorization: registered ? 'IN_COMPLIANCE' : 'EVAL',
      pending: undefined,
      registerTime: registered ? this.#time('SUCCESS', null) : NO_TIME,
    };
  }

  /** Nodes that may run at once: the product's included nodes (+ expansion when registered). */
  nodeLimit(): number {
    const { authorization } = this.#settled();
    if (authorization !== 'IN_COMPLIANCE' && authorization !== 'EVAL') return 0;
    const included = INCLUDED_NODES[this.#productLicense] ?? DEFAULT_INCLUDED_NODES;
    return included + (authorization === 'IN_COMPLIANCE' ? this.#expansionNodes : 0);
  }

  isLicensed(): boolean {
    return this.#settled().authorization === 'IN_COMPLIANCE';
  }

  isEnterprise(): boolean {
    return !this.#productLicense.startsWith('CML_Personal');
  }

  /** Sets the licensed expansion nodes (as if the Smart account changed). */
  setExpansionNodes(count: number): void {
    this.#expansionNodes = count;
  }

  /** `POST /licensing/registration`: 204 and asynchronous; 409 when it cannot start now. */
  register(token: string, reregister: boolean): void {
    const current = this.#settled();
    if (current.status === 'IN_PROGRESS')
      throw new CmlSimError(409, 'Registration cannot be requested at this time.');
    if (current.status === 'COMPLETED' && !reregister)
      throw new CmlSimError(
        409,
        'Registration cannot be requested at this time: already registered.',
      );
    this.#registration = {
      ...current,
      status: 'IN_PROGRESS',
      pending: { token, completesAtMs: this.#clock.nowMs() + this.#delayMs },
      registerTime: { ...NO_TIME, attempted: this.#clock.now().toISOString(), status: 'PENDING' },
    };
  }

  /** `DELETE /licensing/deregistration`: 204 when done, 400 when not registered, 409 mid-way. */
  deregister(): void {
    const current = this.#settled();
    if (current.status === 'IN_PROGRESS')
      throw new CmlSimError(409, 'Deregistration cannot be requested at this time.');
    if (current.status === 'NOT_REGISTERED')
      throw new CmlSimError(400, 'The product is already deregistered.');
    this.#registration = {
      status: 'NOT_REGISTERED',
      authorization: 'EVAL',
      pending: undefined,
      registerTime: NO_TIME,
    };
  }

  /** `GET /licensing`. */
  status(): CmlLicensingStatus {
    const registration = this.#settled();
    const expires = new Date(this.#clock.nowMs() + 365 * 86_400_000).toISOString();
    const registered = registration.status === 'COMPLETED';
    return {
      udi: { hostname: this.#hostname, product_uuid: this.#productUuid },
      registration: {
        status: registration.status,
        smart_account: registered ? 'LCM Simulated Account' : null,
        virtual_account: registered ? 'Default' : null,
        expires: registered ? expires : null,
        register_time: registration.registerTime,
        renew_time: NO_TIME,
      },
      authorization: {
        status: registration.authorization,
        expires: registration.authorization === 'IN_COMPLIANCE' ? expires : null,
        renew_time: NO_TIME,
      },
      reservation_mode: false,
      features: this.#features(),
      product_license: { active: this.#productLicense, is_enterprise: this.isEnterprise() },
      transport: {
        ssms: 'https://smartreceiver.cisco.com/licservice/license',
        proxy: { server: null, port: null },
        default_ssms: 'https://smartreceiver.cisco.com/licservice/license',
      },
    };
  }

  /** Applies a registration whose time has come (state is computed lazily from the clock). */
  #settled(): Registration {
    const { pending } = this.#registration;
    if (!pending || this.#clock.nowMs() < pending.completesAtMs) return this.#registration;
    // Simulated Smart Licensing refuses tokens that start with "invalid".
    const valid = !/^invalid/i.test(pending.token);
    this.#registration = valid
      ? {
          status: 'COMPLETED',
          authorization: 'IN_COMPLIANCE',
          pending: undefined,
          registerTime: this.#time('SUCCESS', null),
        }
      : {
          ...this.#registration,
          status: 'FAILED',
          pending: undefined,
          registerTime: this.#time('FAILED', `'${pending.token}' is not valid`),
        };
    return this.#registration;
  }

  #time(success: 'SUCCESS' | 'FAILED', failure: string | null): CmlLicensingTime {
    const now = this.#clock.now().toISOString();
    return {
      succeeded: success === 'SUCCESS' ? now : null,
      attempted: now,
      scheduled: null,
      status: success === 'SUCCESS' ? 'COMPLETED' : 'FAILED',
      failure,
      success,
    };
  }

  #features(): CmlLicensingStatus['features'] {
    const feature = (name: string, description: string, inUse: number, max: number) => ({
      id: `regid.2019-10.com.cisco.${name},1.0_${this.#productUuid}`,
      name,
      description,
      version: '1.0',
      in_use: inUse,
      status: this.#settled().authorization === 'IN_COMPLIANCE' ? 'IN_COMPLIANCE' : 'INIT',
      min: 0,
      max,
      minEndDate: null,
      maxEndDate: null,
    });
    return [
      feature('CML_ENT_BASE', 'Enterprise License with 20 nodes capacity included', 1, 1),
      feature('CML_NODE_COUNT', 'Expansion Nodes', this.#expansionNodes, 300),
    ];
  }
}
