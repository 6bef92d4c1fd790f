/**
 * Turns an AWS SDK failure (EC2 or CloudWatch) into an `LcmError` whose message tells an operator
 * what happened and what to do; the simulator raises its injected faults through it too.
 */
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  UnauthorizedError,
  UnavailableError,
  type ErrorDetails,
  type LcmError,
} from '../../errors/index.js';

export interface AwsCallContext {
  service: 'EC2' | 'CloudWatch';
  /** The API operation, e.g. `RunInstances`. */
  operation: string;
  region: string;
  instanceId?: string;
  instanceType?: string;
}

const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);
const ACCOUNT_LIMITS = new Set(['InstanceLimitExceeded', 'VcpuLimitExceeded']);
const CONFLICTS = new Set(['IncorrectInstanceState', 'IdempotentParameterMismatch']);
/** Network-level failures of the SDK's HTTP handler (no AWS error code). */
const TRANSPORT = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError']);

/** The shape of an AWS SDK v3 service exception that this mapping reads. */
interface AwsErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Maps `error` (anything the SDK threw) into the LcmError hierarchy; see CloudProvider's TSDoc. */
export function mapAwsError(error: unknown, context: AwsCallContext): LcmError {
  const shape: AwsErrorShape = typeof error === 'object' && error !== null ? error : {};
  const code = awsErrorCode(shape);
  const awsMessage = typeof shape.message === 'string' ? shape.message : String(error);
  const status =
    typeof shape.$metadata?.httpStatusCode === 'number'
      ? shape.$metadata.httpStatusCode
      : undefined;
  const { service, operation, region } = context;
  const call = `${service} ${operation}${context.instanceId ? ` for ${context.instanceId}` : ''}`;
  const base: ErrorDetails = { service, operation, region, code, awsMessage };
  if (context.instanceId) base.instanceId = context.instanceId;
  const options = (retryable: boolean, field?: string) => ({
    cause: error,
    details: { ...base, retryable, ...(field ? { field } : {}) },
  });
  const type = context.instanceType ?? "the instance's type";

  if (THROTTLING.has(code))
    return new UnavailableError(
      `${call} was throttled by AWS (${code}) in ${region} even after the SDK's retries; LCM retries with backoff. If this persists, lower controller concurrency or ask AWS for a higher API request rate.`,
      options(true),
    );
  if (code === 'InsufficientInstanceCapacity')
    return new UnavailableError(
      `AWS has no spare capacity for ${type} in ${region} right now (InsufficientInstanceCapacity); LCM retries with backoff. To get a worker sooner, use a template with another instance type or a subnet in another availability zone.`,
      options(true),
    );
  if (ACCOUNT_LIMITS.has(code))
    return new UnavailableError(
      `The AWS account's instance quota in ${region} is used up (${code}), so ${type} cannot launch; LCM retries once other instances terminate. Terminate unused instances or raise the EC2 On-Demand quota in AWS Service Quotas.`,
      options(true),
    );
  if (code === 'InvalidInstanceID.NotFound')
    return new NotFoundError(`${call}: the instance does not exist (${code})`, options(false));
  if (code === 'InvalidInstanceID.Malformed')
    return new InvalidError(
      `${call}: "${context.instanceId ?? ''}" is not a valid instance id`,
      options(false, 'instanceId'),
    );
  if (CONFLICTS.has(code))
    return new ConflictError(
      `${call} conflicts with the current state: ${awsMessage}`,
      options(false),
    );
  if (code === 'AuthFailure' || code === 'UnrecognizedClientException')
    return new UnauthorizedError(
      `${call}: AWS rejected the credentials (${code}); check the configured AWS credentials`,
      options(false),
    );
  if (
    code === 'UnauthorizedOperation' ||
    code === 'AccessDenied' ||
    code === 'AccessDeniedException'
  )
    return new ForbiddenError(
      `${call}: the IAM identity may not do this (${code}); grant ${service.toLowerCase()}:${operation} to LCM's role`,
      options(false),
    );
  if (TRANSPORT.has(code) || shape.$fault === 'server' || (status !== undefined && status >= 500))
    return new UnavailableError(
      `${call} failed: AWS is unreachable or failing (${code}: ${awsMessage}); LCM retries with backoff`,
      options(true),
    );
  if (
    shape.$fault === 'client' ||
    code.startsWith('Invalid') ||
    code.startsWith('Missing') ||
    (status !== undefined && status >= 400)
  )
    return new InvalidError(
      `${call} was rejected by AWS (${code}): ${awsMessage}`,
      options(false, invalidField(code)),
    );
  return new UnavailableError(`${call} failed (${code}): ${awsMessage}`, options(true));
}

/** The AWS error code: `name` of an SDK service exception; `code` on Node network errors. */
function awsErrorCode(shape: AwsErrorShape): string {
  if (typeof shape.name === 'string' && shape.name !== 'Error') return shape.name;
  if (typeof shape.code === 'string') return shape.code;
  return 'UnknownError';
}

/** The template or launch field an `Invalid*` code points to, for `details.field`. */
function invalidField(code: string): string | undefined {
  if (code.startsWith('InvalidAMIID')) return 'spec.image';
  if (code.startsWith('InvalidSubnet') || code.startsWith('InvalidGroup')) return 'network';
  if (code.startsWith('InvalidKeyPair')) return 'keyName';
  return undefined;
}
