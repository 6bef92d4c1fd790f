/** Opaque paging tokens: the list's revision and the last key returned. */
import { InvalidError } from '../errors/index.js';

export interface ContinuePosition {
  /** Revision of the first page; every page reports it. */
  revision: number;
  namespace: string;
  name: string;
}

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(
    JSON.stringify([position.revision, position.namespace, position.name]),
  ).toString('base64url');
}

export function decodeContinue(token: string): ContinuePosition {
  try {
    const [revision, namespace, name] = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    ) as unknown[];
    if (typeof revision === 'number' && typeof namespace === 'string' && typeof name === 'string')
      return { revision, namespace, name };
  } catch {
    // fall through to the error below
  }
  throw new InvalidError('continue token is malformed; start the list again without it', {
    details: { field: 'continue' },
  });
}

/** Checks a page size: a positive integer. */
export function validateLimit(limit: number | undefined): void {
  if (limit === undefined) return;
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidError(`limit must be a positive integer, got ${limit}`, {
      details: { field: 'limit' },
    });
}
