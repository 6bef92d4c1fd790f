/**
 * Checks a launch request the way EC2 would (token, tag limits, region) and builds its tag set;
 * shared by every CloudProvider so the real one and the simulator tag and reject alike.
 */
import { ConflictError, InvalidError } from '../../errors/index.js';
import { CLOUD_TAG_KEYS, type CloudInstance, type LaunchRequest } from './cloud-provider.js';

/** EC2 limits (reference/external-apis.md 4.2). */
const MAX_TAGS = 50;
const MAX_TAG_KEY_CHARS = 128;
const MAX_TAG_VALUE_CHARS = 256;
const MAX_CLIENT_TOKEN_CHARS = 64;

export interface PrepareLaunchOptions {
  /** The provider's region; a template for another region is rejected. */
  region?: string;
  /** Tags on every instance; may override the `lcm:managed-by` value. */
  defaultTags?: Record<string, string>;
}

export interface PreparedLaunch {
  tags: Record<string, string>;
  clientToken: string;
}

/**
 * Validates `request` and returns its tags: `Name` and `lcm:managed-by` (defaults), then
 * `defaultTags`, then `request.tags`, then `lcm:worker` and `lcm:template`, which always win
 * because discovery relies on them.
 * @throws InvalidError with `details.field` naming what is wrong.
 */
export function prepareLaunch(
  request: LaunchRequest,
  options: PrepareLaunchOptions = {},
): PreparedLaunch {
  const { clientToken, template } = request;
  if (
    clientToken.length === 0 ||
    clientToken.length > MAX_CLIENT_TOKEN_CHARS ||
    !/^[\x20-\x7e]+$/.test(clientToken)
  )
    throw new InvalidError(
      `client token must be 1–${MAX_CLIENT_TOKEN_CHARS} printable ASCII characters`,
      { details: { field: 'clientToken' } },
    );
  if (options.region !== undefined && template.spec.region !== options.region)
    throw new InvalidError(
      `WorkerTemplate ${template.name} is for region ${template.spec.region}, but this cloud provider serves ${options.region}`,
      { details: { field: 'spec.region', name: template.name } },
    );
  const tags: Record<string, string> = {
    [CLOUD_TAG_KEYS.name]: request.workerName,
    [CLOUD_TAG_KEYS.managedBy]: 'lcm',
    ...options.defaultTags,
    ...request.tags,
    [CLOUD_TAG_KEYS.worker]: request.workerName,
    [CLOUD_TAG_KEYS.template]: template.name,
  };
  checkTags(tags);
  return { tags, clientToken };
}

function checkTags(tags: Record<string, string>): void {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS)
    throw new InvalidError(`an instance takes at most ${MAX_TAGS} tags, got ${entries.length}`, {
      details: { field: 'tags' },
    });
  for (const [key, value] of entries) {
    const field = `tags.${key}`;
    if (key.length === 0 || key.length > MAX_TAG_KEY_CHARS)
      throw new InvalidError(`tag key must be 1–${MAX_TAG_KEY_CHARS} characters: "${key}"`, {
        details: { field },
      });
    if (key.toLowerCase().startsWith('aws:'))
      throw new InvalidError(`tag key "${key}" uses the reserved prefix "aws:"`, {
        details: { field },
      });
    if (value.length > MAX_TAG_VALUE_CHARS)
      throw new InvalidError(
        `tag "${key}" value is longer than ${MAX_TAG_VALUE_CHARS} characters`,
        {
          details: { field },
        },
      );
  }
}

/**
 * The instance a client token already launched is this launch's when it has the same instance
 * type and worker (its image may differ: the AMI pattern can resolve anew on a retry); otherwise
 * the token was reused for a different launch, a Conflict.
 */
export function assertSameLaunch(
  existing: CloudInstance,
  request: LaunchRequest,
  clientToken: string,
): CloudInstance {
  const worker = existing.tags[CLOUD_TAG_KEYS.worker];
  if (existing.instanceType === request.template.spec.instanceType && worker === request.workerName)
    return existing;
  throw new ConflictError(
    `client token ${clientToken} already launched ${existing.id} (${existing.instanceType}) for ${worker ?? 'another worker'}; use a new token for a different launch`,
    {
      details: {
        service: 'EC2',
        operation: 'RunInstances',
        instanceId: existing.id,
        retryable: false,
      },
    },
  );
}
