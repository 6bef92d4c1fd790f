/**
 * What every SimCloudProvider call passes first: the closed check and the FaultInjector (latency,
 * failure, hang). Failures become the LcmError the real provider raises for the same AWS answer.
 */
import type { Clock } from '../../clock/index.js';
import { UnavailableError, type LcmError } from '../../errors/index.js';
import type { CallOptions } from '../../providers/cloud/cloud-provider.js';
import { mapAwsError, type AwsCallContext } from '../../providers/cloud/map-aws-error.js';
import type { FaultInjector } from '../faults.js';

/** What identifies a call for faults and errors; the gate fills in service and region. */
export type SimCallContext = Omit<AwsCallContext, 'region' | 'service'> & {
  service?: AwsCallContext['service'];
};

/**
 * The optional body of an injected fault. `code` picks the AWS error code (default by status);
 * `applied: true` performs the operation first and fails afterwards, like a timeout after AWS
 * accepted the call — the case client tokens and idempotent retries exist for.
 */
export interface SimFaultBody {
  code?: string;
  message?: string;
  applied?: boolean;
}

export interface SimCallGateOptions {
  clock: Clock;
  faults?: FaultInjector;
  /** @default 30_000 */
  callTimeoutMs?: number;
  /** Region named in error messages. @default 'sim' */
  region?: string;
}

export class SimCallGate {
  readonly #options: SimCallGateOptions;
  readonly #hangs = new Set<(error: unknown) => void>();
  #closed = false;

  constructor(options: SimCallGateOptions) {
    this.#options = options;
  }

  /**
   * Resolves when the call may proceed: with `undefined`, or with an error to throw after the
   * operation (fault with `applied: true`). Throws an injected failure; a hang never resolves.
   */
  async pass(
    context: SimCallContext,
    path: string,
    options: CallOptions | undefined,
  ): Promise<LcmError | undefined> {
    if (this.#closed)
      throw new UnavailableError('sim cloud provider is closed', { details: { retryable: false } });
    const faults = this.#options.faults;
    if (!faults) return undefined;
    const { latencyMs } = faults.settings;
    if (latencyMs > 0) await this.#options.clock.sleep(latencyMs, options?.signal);
    const decision = faults.decide(context.operation, path);
    if (decision.kind === 'pass') return undefined;
    if (decision.kind === 'hang') return this.#hang(context, options?.signal);
    const body = readFaultBody(decision.body);
    const code = body.code ?? defaultCode(decision.status);
    const error = this.error(code, decision.status, context, body.message ?? `injected ${code}`);
    if (body.applied) return error;
    throw error;
  }

  /** The LcmError for an AWS error `code` (an SDK-shaped exception through `mapAwsError`). */
  error(code: string, status: number, context: SimCallContext, message: string): LcmError {
    const exception = Object.assign(new Error(message), {
      name: code,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
    });
    return mapAwsError(exception, {
      service: 'EC2',
      ...context,
      region: this.#options.region ?? 'sim',
    });
  }

  /** Rejects every hung call with Unavailable and every later call. Idempotent. */
  close(): void {
    this.#closed = true;
    const closed = new UnavailableError('sim cloud provider closed', {
      details: { retryable: false },
    });
    for (const reject of [...this.#hangs]) reject(closed);
  }

  /** Never resolves: rejects on timeout (Unavailable), on abort (the reason) or on close(). */
  #hang(context: SimCallContext, signal: AbortSignal | undefined): Promise<never> {
    return new Promise<never>((_resolve, reject) => {
      const finish = (error: unknown): void => {
        timer.cancel();
        signal?.removeEventListener('abort', onAbort);
        this.#hangs.delete(finish);
        reject(error);
      };
      const onAbort = (): void => finish(signal?.reason);
      const timer = this.#options.clock.setTimer(this.#options.callTimeoutMs ?? 30_000, () =>
        finish(this.error('TimeoutError', 0, context, 'request timed out')),
      );
      this.#hangs.add(finish);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** AWS error code used when a fault names none. */
function defaultCode(status: number): string {
  if (status === 401) return 'AuthFailure';
  if (status === 403) return 'UnauthorizedOperation';
  if (status === 404) return 'InvalidInstanceID.NotFound';
  if (status === 409) return 'IncorrectInstanceState';
  if (status === 429) return 'RequestLimitExceeded';
  if (status === 503) return 'Unavailable';
  return status >= 500 ? 'InternalError' : 'InvalidParameterValue';
}

/** Reads a fault body leniently: anything that is not a SimFaultBody counts as `{}`. */
function readFaultBody(body: unknown): SimFaultBody {
  if (typeof body !== 'object' || body === null) return {};
  const { code, message, applied } = body as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(applied === true ? { applied } : {}),
  };
}
