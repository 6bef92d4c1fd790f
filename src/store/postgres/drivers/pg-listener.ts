/**
 * One dedicated `pg` connection that LISTENs on a channel and reconnects (with backoff on the
 * clock) when it is lost. After a reconnect it calls `onNotify` once, because notifications sent
 * while it was away are gone; readers then re-read the log.
 */
import pg from 'pg';
import type { Clock, Timer } from '../../../clock/index.js';
import type { Logger } from '../../../observability/index.js';

export interface PgListenerOptions {
  connectionString: string;
  channel: string;
  onNotify: () => void;
  clock: Clock;
  logger: Logger;
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

export class PgListener {
  readonly #options: PgListenerOptions;
  #client: pg.Client | undefined;
  #timer: Timer | undefined;
  #delayMs = RECONNECT_MIN_MS;
  #stopped = false;

  constructor(options: PgListenerOptions) {
    this.#options = options;
  }

  /** Connects and LISTENs; rejects when the first connection fails. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.connectionString });
    client.on('notification', this.#options.onNotify);
    client.once('error', (error: Error) => this.#lost(client, error));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#options.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#delayMs = RECONNECT_MIN_MS;
  }

  #lost(client: pg.Client, error: Error): void {
    if (client !== this.#client) return;
    this.#options.logger.warn({ err: error }, 'LISTEN connection lost; reconnecting');
    this.#client = undefined;
    void client.end().catch(() => undefined);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = this.#options.clock.setTimer(this.#delayMs, () => {
      this.#timer = undefined;
      this.#connect()
        .then(() => {
          if (!this.#stopped) this.#options.onNotify();
        })
        .catch(() => {
          this.#delayMs = Math.min(this.#delayMs * 2, RECONNECT_MAX_MS);
          this.#scheduleReconnect();
        });
    });
  }
}
