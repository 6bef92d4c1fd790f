/** Object and namespace name rules (DNS-1123, as Kubernetes uses them). */
import { InvalidError } from '../errors/index.js';

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Object names: DNS-1123 subdomain, at most 253 characters. */
export function assertValidName(name: unknown, field = 'metadata.name'): asserts name is string {
  if (typeof name !== 'string' || name.length === 0)
    throw new InvalidError(`${field} is required`, { details: { field } });
  if (name.length > 253 || !DNS_1123_SUBDOMAIN.test(name))
    throw new InvalidError(
      `${field} "${name}" is not a valid name: use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
      { details: { field } },
    );
}

/** Namespaces: DNS-1123 label, at most 63 characters. */
export function assertValidNamespace(
  namespace: unknown,
  field = 'metadata.namespace',
): asserts namespace is string {
  if (typeof namespace !== 'string' || namespace.length > 63 || !DNS_1123_LABEL.test(namespace))
    throw new InvalidError(
      `${field} "${String(namespace)}" is not a valid namespace: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
      { details: { field } },
    );
}
