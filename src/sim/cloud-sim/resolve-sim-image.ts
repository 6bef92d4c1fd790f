/**
 * The simulator's AMI catalogue and EC2-style image resolution: a template's `amiId` as given,
 * else the newest catalogue image whose name matches `amiNamePattern` (`*` and `?` wildcards).
 */
import { InvalidError } from '../../errors/index.js';
import type { LaunchRequest } from '../../providers/cloud/cloud-provider.js';

/** One image of the simulated account (EC2 `DescribeImages` fields). */
export interface SimImage {
  imageId: string;
  name: string;
  /** ISO 8601, as EC2 reports `CreationDate`. */
  creationDate: string;
}

/** Default catalogue: three CML releases; `CML-2.9*` resolves to the 2.9.1 image. */
export const DEFAULT_SIM_IMAGES: readonly SimImage[] = [
  {
    imageId: 'ami-0c2a8e0000000028a',
    name: 'CML-2.8.1-ubuntu',
    creationDate: '2025-03-10T09:00:00.000Z',
  },
  {
    imageId: 'ami-0c2a9e0000000290a',
    name: 'CML-2.9.0-ubuntu',
    creationDate: '2025-07-01T09:00:00.000Z',
  },
  {
    imageId: 'ami-0c2a9e0000000291a',
    name: 'CML-2.9.1-ubuntu',
    creationDate: '2025-10-20T09:00:00.000Z',
  },
];

/**
 * The image id a launch uses.
 * @throws InvalidError — the template names no image, or no catalogue image matches its pattern.
 */
export function resolveSimImage(
  template: LaunchRequest['template'],
  images: readonly SimImage[],
): string {
  const { amiId, amiNamePattern } = template.spec.image;
  if (amiId) return amiId;
  if (!amiNamePattern)
    throw new InvalidError(
      `WorkerTemplate ${template.name} names no image: set spec.image.amiId or spec.image.amiNamePattern`,
      { details: { field: 'spec.image', name: template.name } },
    );
  const pattern = globToRegExp(amiNamePattern);
  const newest = images
    .filter((image) => pattern.test(image.name))
    .sort(
      (a, b) =>
        Date.parse(b.creationDate) - Date.parse(a.creationDate) ||
        b.imageId.localeCompare(a.imageId),
    )[0];
  if (!newest)
    throw new InvalidError(
      `no available AMI named like "${amiNamePattern}" in the simulated account (WorkerTemplate ${template.name})`,
      { details: { field: 'spec.image.amiNamePattern', name: template.name } },
    );
  return newest.imageId;
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}
