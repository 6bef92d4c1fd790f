/** Row shapes shared by the SQL operations, and their conversion to store types. */
import type { AnyResource } from '../../../resources/index.js';

export interface ResourceRow {
  kind: string;
  namespace: string;
  name: string;
  revision: string | number;
  object: AnyResource;
}

/** `pg` returns bigint as a string and PGlite as a number; revisions fit in a double. */
export function toRevision(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
