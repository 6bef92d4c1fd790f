/**
 * The little SQL surface the PostgreSQL store needs, implemented over `pg` (a server) and over
 * PGlite (embedded). The store's SQL is the same for both.
 */

export type SqlParam = string | number | boolean | null | Date | readonly unknown[];

export interface QueryOptions {
  /**
   * Name under which a server driver prepares the statement once per connection, saving the
   * parse on every call (it is still planned per call). Only for statements whose text never
   * varies.
   */
  name?: string;
}

export interface SqlExecutor {
  /** Runs one statement and returns its rows. */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlParam[],
    options?: QueryOptions,
  ): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel`. After a lost connection is re-established it also
   * calls `onNotify` once, because notifications sent meanwhile are lost. Returns the stop function.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A PostgreSQL error as both drivers report it. */
export interface SqlError {
  code?: string;
  message: string;
}

export function sqlErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as SqlError).code)
    : undefined;
}
