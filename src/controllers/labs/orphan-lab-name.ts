/**
 * The name of the LabRecord discovery creates for an unknown CML lab: deterministic (a second
 * sweep, or another replica, finds the same name and gets AlreadyExists) and unique per worker.
 */
import { createHash } from 'node:crypto';

/** A DNS-1123 label's length, so the name also fits where only labels are accepted. */
const MAX_LENGTH = 63;
const PREFIX = 'orphan-';
/** Characters of the CML lab id (a UUID, dashes removed) in the name. */
const ID_CHARS = 12;

/**
 * `orphan-<worker>-<first 12 hex of the lab id>`; when that is longer than 63 characters the
 * worker part is cut and followed by 8 hex of its sha256, so two long worker names sharing a
 * prefix still give different names.
 */
export function orphanLabName(worker: string, cmlLabId: string): string {
  const id = cmlLabId
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, ID_CHARS);
  const full = `${PREFIX}${worker}-${id}`;
  if (full.length <= MAX_LENGTH) return full;
  const hash = createHash('sha256').update(worker).digest('hex').slice(0, 8);
  const room = MAX_LENGTH - PREFIX.length - hash.length - id.length - 2;
  const head = worker.slice(0, room).replace(/[-.]+$/, '');
  return `${PREFIX}${head}-${hash}-${id}`;
}
