/** The server driver: a `pg` pool for statements plus one dedicated connection for LISTEN. */
import pg from 'pg';
import type { Clock } from '../../../clock/index.js';
import type { Logger } from '../../../observability/index.js';
import { PgListener } from './pg-listener.js';
import type { QueryOptions, SqlDriver, SqlExecutor, SqlParam } from './sql-driver.js';

export interface PgDriverOptions {
  connectionString: string;
  clock: Clock;
  logger: Logger;
  /** @default 10 */
  maxConnections?: number;
}

export class PgDriver implements SqlDriver {
  readonly #options: PgDriverOptions;
  readonly #pool: pg.Pool;

  constructor(options: PgDriverOptions) {
    this.#options = options;
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      // Statements are named (parsed once per connection) but planned per call: a generic plan,
      // cached while lcm_resources was small, sequentially scans it on every write once it is large
      // (docs/benchmarks.md, "API"). Planning is cheap next to the write; the scan is not.
      options: '-c plan_cache_mode=force_custom_plan',
    });
    // An idle client's error must not crash the process; the next checkout reconnects.
    this.#pool.on('error', (error) =>
      options.logger.warn({ err: error }, 'idle PostgreSQL client failed'),
    );
  }

  async query<Row>(
    sql: string,
    params: readonly SqlParam[] = [],
    options: QueryOptions = {},
  ): Promise<Row[]> {
    return (await this.#pool.query(toQueryConfig(sql, params, options))).rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.#pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(
          sql: string,
          params: readonly SqlParam[] = [],
          options: QueryOptions = {},
        ) => (await client.query(toQueryConfig(sql, params, options))).rows as Row[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const { connectionString, clock, logger } = this.#options;
    const listener = new PgListener({ connectionString, channel, onNotify, clock, logger });
    await listener.start();
    return () => listener.stop();
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

function toQueryConfig(
  sql: string,
  params: readonly SqlParam[],
  options: QueryOptions,
): pg.QueryConfig {
  return {
    text: sql,
    values: params as unknown[],
    ...(options.name ? { name: options.name } : {}),
  };
}
