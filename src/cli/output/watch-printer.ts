/**
 * `lcm get -w` output: the current objects, then one entry per change as it arrives — a table row
 * aligned with the first batch, a compact JSON line, or a YAML document.
 */
import { stringify } from 'yaml';
import type { AnyResource } from '../../resources/index.js';
import type { FormatOptions } from './format-objects.js';
import { columnsFor, tableRows, type Column } from './kind-columns.js';
import { columnWidths, formatRow } from './table.js';

export class WatchPrinter {
  readonly #options: Omit<FormatOptions, 'nowMs'>;
  readonly #write: (text: string) => void;
  readonly #columns: Column[];
  #widths: number[] = [];

  constructor(options: Omit<FormatOptions, 'nowMs'> & { write: (text: string) => void }) {
    this.#options = options;
    this.#write = options.write;
    this.#columns = columnsFor(options.kind, {
      wide: options.format === 'wide',
      allNamespaces: options.allNamespaces,
    });
  }

  /** The objects as listed before watching (the header too, for tables). */
  printInitial(objects: readonly AnyResource[], nowMs: number): void {
    if (!this.#isTable()) {
      for (const object of objects) this.printChange(object, nowMs);
      return;
    }
    const rows = tableRows(objects, this.#columns, nowMs);
    this.#widths = columnWidths(rows);
    this.#write(`${rows.map((row) => formatRow(row, this.#widths)).join('\n')}\n`);
  }

  /** One changed object. */
  printChange(object: AnyResource, nowMs: number): void {
    if (this.#options.format === 'json') this.#write(`${JSON.stringify(object)}\n`);
    else if (this.#options.format === 'yaml') this.#write(`---\n${stringify(object)}`);
    else {
      const row = tableRows([object], this.#columns, nowMs)[1] ?? [];
      this.#write(`${formatRow(row, this.#widths)}\n`);
    }
  }

  #isTable(): boolean {
    return this.#options.format === 'table' || this.#options.format === 'wide';
  }
}
