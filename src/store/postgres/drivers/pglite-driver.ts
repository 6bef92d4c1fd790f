/** The embedded driver: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory. */
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriver, SqlExecutor, SqlParam } from './sql-driver.js';

export class PgliteDriver implements SqlDriver {
  readonly #db: PGlite;

  private constructor(db: PGlite) {
    this.#db = db;
  }

  /** Opens (creating if needed) the database in `dataDir`; in memory when `dataDir` is undefined. */
  static async open(dataDir: string | undefined): Promise<PgliteDriver> {
    const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
    await db.waitReady;
    return new PgliteDriver(db);
  }

  async query<Row>(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    return (await this.#db.query<Row>(sql, params as unknown[])).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.#db.exec(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction(async (tx) =>
      work({
        query: async <Row>(sql: string, params: readonly SqlParam[] = []) =>
          (await tx.query<Row>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    // PGlite runs in this process: there is no connection to lose.
    return this.#db.listen(channel, onNotify);
  }

  async close(): Promise<void> {
    if (!this.#db.closed) await this.#db.close();
  }
}
