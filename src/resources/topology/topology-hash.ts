/** `status.topologyHash`: the sha256 of a definition's topology YAML, as lower-case hex. */
import { createHash } from 'node:crypto';

/**
 * The sha256 of the topology text's UTF-8 bytes, as 64 lower-case hex characters. The hash is
 * of the raw text, as the original system did: re-indenting or CRLF line ends give a new hash
 * even when the lab is the same, which errs towards "changed". Never throws.
 */
export function computeTopologyHash(topology: string): string {
  return createHash('sha256').update(topology, 'utf8').digest('hex');
}
