/**
 * Keeps the audit trail (and CloudEvent receipts) for `retentionDays` and no longer: an hourly sweep
 * deletes older records, oldest first. Several API replicas may sweep at once; deleting an already
 * deleted record is harmless.
 */
import type { Clock, Timer } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { ignoreNotFound } from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';

export interface AuditRetentionOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  /** Records younger than this are kept. */
  retentionDays: number;
  /** @default 3_600_000 (hourly) */
  intervalMs?: number;
}

/** Audit record names sort by time, so their sweep stops at the first young one. */
const SWEPT_KINDS = [
  { kind: 'AuditRecord', namesSortByTime: true },
  { kind: 'EventReceipt', namesSortByTime: false },
] as const;

export class AuditRetention {
  readonly #options: AuditRetentionOptions;
  #timer: Timer | undefined;
  #stopped = false;

  constructor(options: AuditRetentionOptions) {
    this.#options = options;
  }

  start(): void {
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  /** Deletes every record older than the retention; returns how many went. */
  async sweep(): Promise<number> {
    const cutoff = this.#options.clock.nowMs() - this.#options.retentionDays * 86_400_000;
    let deleted = 0;
    for (const { kind, namesSortByTime } of SWEPT_KINDS) {
      let next: string | undefined;
      sweep: do {
        const page = await this.#options.client.list(kind, {
          limit: 500,
          ...(next ? { continue: next } : {}),
        });
        for (const record of page.items) {
          const created = Date.parse(record.metadata.creationTimestamp ?? '');
          if (!(created < cutoff)) {
            if (namesSortByTime) break sweep;
            continue;
          }
          await ignoreNotFound(this.#options.client.delete(kind, record.metadata.name));
          deleted++;
        }
        next = page.continue;
      } while (next);
    }
    return deleted;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#options.clock.setTimer(this.#options.intervalMs ?? 3_600_000, () => {
      this.sweep()
        .then((deleted) => {
          if (deleted > 0) this.#options.logger.info({ deleted }, 'audit retention sweep');
        })
        .catch((error: unknown) =>
          this.#options.logger.warn({ err: error }, 'audit retention sweep failed'),
        )
        .finally(() => this.#schedule());
    });
  }
}
